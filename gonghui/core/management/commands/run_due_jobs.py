"""Run every registered scheduled job once. Called every minute by `make run` and by the systemd timer in
production. Overlapping runs are prevented by a cache lock; each job is idempotent on its own."""

from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.registry import scheduled_jobs

LOCK_KEY = "core:run_due_jobs:lock"
LOCK_SECONDS = 600


class Command(BaseCommand):
    help = "执行到期的定时任务（提醒、超期升级、答题超时收卷……），可重复执行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", action="append", default=[], help="只执行指定的任务（可重复）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not cache.add(LOCK_KEY, "1", LOCK_SECONDS):
            self.stdout.write("上一次运行尚未结束，跳过")
            return
        try:
            for job in scheduled_jobs:
                if options["only"] and job.key not in options["only"]:
                    continue
                summary = job.func()
                if options["verbosity"] > 0:
                    self.stdout.write(f"[{job.key}] {job.label}：{summary}")
        finally:
            cache.delete(LOCK_KEY)
