"""Revoke an API token by its prefix."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.accounts.api_tokens import api_token_revoke
from gonghui.accounts.models import ApiToken


class Command(BaseCommand):
    help = "按前缀吊销 API 令牌"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"没有前缀为 {options['prefix']} 的令牌")
        api_token_revoke(token=token)
        self.stdout.write(f"已吊销 {token.name}（{token.prefix}…）")
