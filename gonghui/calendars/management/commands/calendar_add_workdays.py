"""Print the Nth working day after a date: manage.py calendar_add_workdays 2025-09-30 3 → 2025-10-11."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.calendars.workdays import add_workdays


class Command(BaseCommand):
    help = "计算某日期之后第 N 个工作日（按法定节假日与调休）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("date", help="起始日期 YYYY-MM-DD")
        parser.add_argument("count", type=int, help="工作日数 N（≥0）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = dt.date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        if options["count"] < 0:
            raise CommandError("工作日数不能为负数")
        self.stdout.write(add_workdays(start, options["count"]).isoformat())
