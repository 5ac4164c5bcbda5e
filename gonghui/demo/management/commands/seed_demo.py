"""Load the demo platform: calls every registered seeder in order; safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.registry import seeders


class Command(BaseCommand):
    help = "载入演示数据（可重复执行）"

    def handle(self, *args: Any, **options: Any) -> None:
        for seeder in seeders:
            summary = seeder.func()
            self.stdout.write(f"[{seeder.key}] {summary}")
