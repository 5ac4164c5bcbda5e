"""Create an API token for an account and print its secret once."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.accounts.api_tokens import API_SCOPES, api_token_create
from gonghui.accounts.models import User
from gonghui.core.errors import validation_error_text


class Command(BaseCommand):
    help = "为账号创建 API 令牌（密钥只显示这一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="令牌名称，如 豫工惠对接")
        parser.add_argument(
            "--scope", action="append", default=[], help=f"权限范围，可重复：{', '.join(API_SCOPES)}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"账号 {options['username']} 不存在")
        try:
            token, secret = api_token_create(user=user, name=options["name"], scopes=options["scope"])
        except ValidationError as exc:
            raise CommandError(validation_error_text(exc)) from exc
        self.stdout.write(f"已创建令牌 {token.name}（{token.prefix}…），权限范围：{', '.join(token.scopes)}")
        self.stdout.write(secret)
