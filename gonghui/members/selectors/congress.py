"""Reads for the 教代会 (教职工代表大会) rules: which 岗位类别 count as 教师 (the `TEACHER_JOB_CATEGORIES` setting; a
university adds research) and the share of teachers among a union's members — the congress block asks it for the
rule that teachers make up at least 60 % of the delegates. A code in the setting that is not a `JobCategory` is a
system check error (`check_teacher_job_categories`, registered by MembersConfig.ready())."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.db.models import Count, Q

from ..choices import HOLDING_STATUSES, JobCategory
from ..models import Member


def _configured() -> list[str]:
    value = getattr(settings, "TEACHER_JOB_CATEGORIES", None)
    if value is None:
        return [str(JobCategory.TEACHER)]
    if isinstance(value, str):
        value = value.split(",")
    return [str(code).strip() for code in value if str(code).strip()]


def teacher_job_categories() -> frozenset[str]:
    """The 岗位类别 codes that count as 教师; unknown codes in the setting are ignored here (the system check
    reports them)."""
    return frozenset(code for code in _configured() if code in JobCategory.values)


def teacher_share(org: Any) -> tuple[int, int]:
    """(teachers, total) among the members holding membership (在籍, 保留会籍) of the org itself — not of its
    subordinate unions; teachers are those whose 岗位类别 is in `teacher_job_categories()`."""
    counts = Member.objects.filter(org=org, status__in=HOLDING_STATUSES).aggregate(
        total=Count("pk"), teachers=Count("pk", filter=Q(job_category__in=teacher_job_categories()))
    )
    return counts["teachers"], counts["total"]


def check_teacher_job_categories(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """System check: every code in TEACHER_JOB_CATEGORIES is a 岗位类别 code, and at least one is given."""
    configured = _configured()
    unknown = [code for code in configured if code not in JobCategory.values]
    messages: list[CheckMessage] = []
    if unknown:
        messages.append(
            Error(
                f"TEACHER_JOB_CATEGORIES 中的 {'、'.join(unknown)} 不是岗位类别代码",
                hint="可用的代码：" + "、".join(f"{code}（{label}）" for code, label in JobCategory.choices),
                id="members.E001",
            )
        )
    elif not configured:
        messages.append(
            Error(
                "TEACHER_JOB_CATEGORIES 为空，教代会代表中教师的占比将始终为 0",
                hint="至少填写 teacher；高校可填写 teacher,research。",
                id="members.E002",
            )
        )
    return messages
