"""The year-end summary workbook writes times in the configured time zone (Asia/Shanghai), as the pages show them."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gonghui.core.excel import read_rows
from gonghui.workplans.models import PlanItem
from gonghui.workplans.services import progress_report_submit

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def test_the_report_time_in_the_summary_workbook_is_local_time(
    client, city_plan, city_officer, county_x_officer, world
):
    # given: a report made at 01:30 UTC, 09:30 in Beijing
    first = PlanItem.objects.filter(section__plan=city_plan).order_by("section__order", "order")[0]
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC), tick=False):
        progress_report_submit(
            item=first, org=world.county_x, actor=county_x_officer, status="done", text="全年完成学习十二次"
        )
    client.force_login(city_officer)
    # when
    url = reverse("spreadsheets:export_start", args=["workplan_summary"])
    xlsx = client.post(f"{url}?plan={city_plan.public_id}")
    # then: the 报告时间 column says 09:30, not 01:30
    progress = read_rows(xlsx.content, sheet="各单位最新进展")
    assert progress[1][3] == "甲县教育工会"
    assert progress[1][7].isoformat() == "2026-03-02T09:30:00"  # a naive cell: the wall-clock time written
