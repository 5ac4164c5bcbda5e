"""Helpers that make 诉求 through the services (so numbers, deadlines and timelines are real), and a clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from gonghui.appeals.models import Appeal, AppealCategory
from gonghui.appeals.services import AppealInput, appeal_submit, category_defaults_ensure

DESCRIPTION = "学校三个月没有发放代课教师的课时费，多次反映没有结果。"


def category(code: str = "wages") -> AppealCategory:
    category_defaults_ensure()
    return AppealCategory.objects.get(code=code)


def make_appeal(
    member,
    *,
    code: str = "wages",
    title: str = "拖欠课时费",
    anonymous: bool = False,
    target_org=None,
    description: str = DESCRIPTION,
) -> Appeal:
    appeal, _created = appeal_submit(
        member=member,
        actor=member.user,
        data=AppealInput(
            category=category(code), title=title, description=description, is_anonymous=anonymous
        ),
        privacy_accepted=True,
        target_org=target_org,
    )
    return appeal


TZ = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> time_machine.travel:
    """Freeze the clock at a local (Asia/Shanghai) time."""
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=TZ), tick=False)
