"""The figures 帮扶与送温暖 gives 量化评价 and the 各级总览 (core.registry.indicator_sources), per union over its whole
subtree and as of the period's end, in one grouped query per kind and tree depth (orgs.rollup):

- welfare.relief_spending 慰问金支出 — money paid out in the period to people: 送温暖/慰问 campaign payments
  (`ReliefRecipient`, by `paid_at`, under the campaign's union) and 慰问金 (`CondolencePayment`, by the ledger
  entry's 记账时间, under the paying union), each left out once reversed by the period's end;
- welfare.campaigns_running 进行中的送温暖活动 — campaigns approved by the end and not closed by then;
- welfare.hardship_files 在档困难职工 — households on file on the end day (filed by then, not lifted or closed
  by then). Files are about the most sensitive data of the platform: a count only, and a count of 1–9 is not
  shown (value None, as 帮扶统计 hides cells under MIN_CELL) so a union's small group cannot be singled out."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import TimelineEntry
from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.ledger.models import LedgerEntry
from gonghui.orgs.rollup import rollup

from .choices import CampaignAction, CampaignStatus, RecipientStatus
from .models import CondolencePayment, HardshipFile, ReliefCampaign, ReliefRecipient
from .permissions import MIN_CELL

SECTION = "活动与帮扶"
CENT = Decimal("0.01")


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _reversed_by(moment: dt.datetime) -> Exists:
    return Exists(LedgerEntry.objects.filter(reverses_id=OuterRef("ledger_entry_id"), created_at__lt=moment))


def relief_spending(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    start, end = _moment(period.start), _moment(period.end + dt.timedelta(days=1))
    paid = ReliefRecipient.objects.filter(
        status__in=(RecipientStatus.PAID, RecipientStatus.CONFIRMED, RecipientStatus.REVERSED),
        paid_at__gte=start,
        paid_at__lt=end,
    ).filter(~_reversed_by(end))
    condolences = CondolencePayment.objects.filter(
        ledger_entry__created_at__gte=start, ledger_entry__created_at__lt=end
    ).filter(~_reversed_by(end))
    campaigns = rollup(paid, orgs, path_field="campaign__org__path", amount=Sum("amount"))
    personal = rollup(condolences, orgs, amount=Sum("amount"))
    base = reverse("welfare:relief_list")
    result: dict[int, IndicatorValue] = {}
    for org in orgs:
        parts = (
            Decimal(campaigns[org.id]["amount"] or 0).quantize(CENT),
            Decimal(personal[org.id]["amount"] or 0).quantize(CENT),
        )
        result[org.id] = IndicatorValue(
            value=parts[0] + parts[1],
            detail=f"送温暖慰问活动 {parts[0]} 元 + 个人慰问金 {parts[1]} 元",
            url=f"{base}?{urlencode({'year': period.end.year})}",
        )
    return result


def campaigns_running(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    end = _moment(period.end + dt.timedelta(days=1))
    closed_later = Exists(
        TimelineEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ReliefCampaign),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            action=CampaignAction.CLOSE,
            created_at__gte=end,
        )
    )
    running = ReliefCampaign.objects.filter(approved_at__lt=end).filter(
        Q(status=CampaignStatus.APPROVED) | Q(closed_later, status=CampaignStatus.CLOSED)
    )
    figures = rollup(running, orgs, n=Count("pk"))
    base = reverse("welfare:relief_list")
    return {
        org.id: IndicatorValue(
            value=Decimal(figures[org.id]["n"]),
            detail=f"发放中的活动 {figures[org.id]['n']} 个",
            url=f"{base}?{urlencode({'status': CampaignStatus.APPROVED})}",
        )
        for org in orgs
    }


def hardship_files(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    end = _moment(period.end + dt.timedelta(days=1))
    on_file = HardshipFile.objects.filter(filed_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=end)
    )
    figures = rollup(on_file, orgs, n=Count("pk"))
    url = f"{reverse('welfare:stats')}?{urlencode({'year': period.end.year})}"
    result: dict[int, IndicatorValue] = {}
    for org in orgs:
        n = figures[org.id]["n"]
        if 0 < n < MIN_CELL:
            result[org.id] = IndicatorValue(value=None, detail=f"不足{MIN_CELL}人，不单独显示", url=url)
        else:
            result[org.id] = IndicatorValue(value=Decimal(n), detail=f"在档 {n} 人", url=url)
    return result


indicator_sources.register(
    "welfare.relief_spending",
    IndicatorSource(
        key="welfare.relief_spending",
        label="慰问金支出",
        unit="元",
        kind="amount",
        values_for=relief_spending,
        description=(
            "统计期内本级及下级工会实际发放的慰问金：送温暖、慰问活动逐人发放的金额（按发放时间，计入活动的工会）"
            "与个人慰问金（按记账时间，计入发放工会）之和；截止日前已冲销的不计。"
        ),
        section=SECTION,
        order=70,
    ),
)
indicator_sources.register(
    "welfare.campaigns_running",
    IndicatorSource(
        key="welfare.campaigns_running",
        label="进行中的送温暖活动",
        unit="个",
        kind="count",
        values_for=campaigns_running,
        description="本级及下级工会截止日已审批通过、尚未结束（发放中）的送温暖、慰问活动个数。",
        section=SECTION,
        order=71,
    ),
)
indicator_sources.register(
    "welfare.hardship_files",
    IndicatorSource(
        key="welfare.hardship_files",
        label="在档困难职工",
        unit="人",
        kind="count",
        values_for=hardship_files,
        description=(
            "截止日本级及下级工会在档的困难职工档案数（截止日前已建档、尚未脱困或注销）。只显示数量；"
            f"1至{MIN_CELL - 1}人的不单独显示。"
        ),
        section=SECTION,
        order=72,
    ),
)
