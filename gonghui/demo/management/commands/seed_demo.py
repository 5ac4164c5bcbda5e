"""Load the demo platform: calls every registered seeder in order; safe to run again.

Each seeder's line ends with the seconds it took, and the last line gives the total, so the seed time of
`make run` stays visible: a fresh SQLite seed takes well under `SEED_SECONDS_BOUND` (about 20 s of CPU on
one core; a second run about a second)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.registry import seeders

SEED_SECONDS_BOUND = 120


class Command(BaseCommand):
    help = "载入演示数据（可重复执行）"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        for seeder in seeders:
            begun = time.perf_counter()
            summary = seeder.func()
            self.stdout.write(f"[{seeder.key}] {summary}（{time.perf_counter() - begun:.1f} 秒）")
        total = time.perf_counter() - started
        self.stdout.write(f"演示数据载入完成，用时 {total:.1f} 秒")
        if total > SEED_SECONDS_BOUND:
            self.stderr.write(f"演示数据载入用时超过 {SEED_SECONDS_BOUND} 秒，请检查各模块的演示数据")
