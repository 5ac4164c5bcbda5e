"""run_due_jobs runs every registered job once per call, skips overlapping runs, and jobs stay idempotent."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from gonghui.core.management.commands.run_due_jobs import LOCK_KEY
from gonghui.core.registry import ScheduledJob, scheduled_jobs


@pytest.fixture
def counting_job(monkeypatch):
    runs: list[int] = []

    def job() -> str:
        runs.append(1)
        return f"第 {len(runs)} 次"

    items = dict(scheduled_jobs._items)
    items["test_job"] = ScheduledJob(key="test_job", label="测试任务", func=job)
    monkeypatch.setattr(scheduled_jobs, "_items", items)
    return runs


def test_each_call_runs_the_jobs_and_reports(counting_job):
    out = StringIO()
    call_command("run_due_jobs", "--only", "test_job", stdout=out)
    call_command("run_due_jobs", "--only", "test_job", stdout=out)
    assert counting_job == [1, 1]
    assert out.getvalue() == "[test_job] 测试任务：第 1 次\n[test_job] 测试任务：第 2 次\n"
    assert cache.get(LOCK_KEY) is None


def test_an_overlapping_run_is_skipped(counting_job):
    cache.add(LOCK_KEY, "1", 60)
    out = StringIO()
    call_command("run_due_jobs", stdout=out)
    assert counting_job == []
    assert out.getvalue() == "上一次运行尚未结束，跳过\n"
