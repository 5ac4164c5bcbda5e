"""Copy holidays and make-up days from the chinesecalendar package for years not yet entered."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.calendars.services import calendar_seed_from_package


class Command(BaseCommand):
    help = "从 chinesecalendar 补充尚未维护年份的法定节假日与调休"

    def handle(self, *args: Any, **options: Any) -> None:
        added = calendar_seed_from_package()
        self.stdout.write(f"新增 {added} 个年份的节假日数据")
