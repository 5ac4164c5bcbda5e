"""xlsx exports of the case lists (every value written as text or number, never as a formula)."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from .models import Consultation, LegalAidApplication


def _local(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else ""


def consultation_workbook(consultations: Iterable[Consultation]) -> tuple[bytes, int]:
    rows = [
        [
            c.number,
            c.org.name,
            c.asker_name,
            c.get_channel_display(),
            c.get_category_display(),
            c.title,
            c.question,
            c.get_status_display(),
            str(c.assigned_lawyer or ""),
            c.answer,
            _local(c.created_at),
            _local(c.answered_at),
            "是" if c.publish_consent else "否",
        ]
        for c in consultations
    ]
    headers = [
        "编号",
        "受理工会",
        "咨询人",
        "渠道",
        "类别",
        "标题",
        "问题",
        "状态",
        "指派律师",
        "解答",
        "提交时间",
        "解答时间",
        "同意公开",
    ]
    return workbook_bytes([SheetSpec("法律咨询", headers, rows)]), len(rows)


def aid_workbook(applications: Iterable[LegalAidApplication]) -> tuple[bytes, int]:
    rows = [
        [
            a.number,
            a.org.name,
            a.applicant_name,
            a.get_channel_display(),
            a.get_dispute_type_display(),
            float(a.amount_involved) if a.amount_involved is not None else "",
            a.opposing_party,
            a.get_status_display(),
            a.submitted_on,
            a.review_due_on,
            a.review_workdays if a.review_workdays is not None else "",
            str(a.assigned_lawyer or ""),
            a.reject_reason,
            a.get_outcome_display() if a.outcome else "",
            float(a.amount_recovered) if a.amount_recovered is not None else "",
            a.closed_on or "",
        ]
        for a in applications
    ]
    headers = [
        "编号",
        "受理工会",
        "申请人",
        "渠道",
        "争议类型",
        "涉及金额（元）",
        "对方当事人",
        "状态",
        "申请日期",
        "审查期限",
        "审查用时（工作日）",
        "承办律师",
        "不予援助理由",
        "办理结果",
        "挽回金额（元）",
        "结案日期",
    ]
    return workbook_bytes([SheetSpec("法律援助申请", headers, rows)]), len(rows)
