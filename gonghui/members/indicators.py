"""The figures members gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 入会率, 非在编入会率 and the
入会申请 waiting for approval, per union over its whole subtree, as of the period's last day."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.core.statistics import percent_value
from gonghui.orgs.models import Org
from gonghui.orgs.rollup import rollup

from .choices import Employment, JoinStatus
from .models import JoinApplication
from .rates import serving_members_as_of

COVERAGE = "会员与覆盖"
PENDING = "待办与超期"


def _member_list_url(org: Any) -> str:
    return reverse("members:member_list") + "?" + urlencode({"org": org.code, "status": "active"})


def _rates(
    orgs: Sequence[Any], period: Period
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """The serving members as of the period's end (all and 非在编) and today's headcounts, per union."""
    members = rollup(
        serving_members_as_of(period.end),
        orgs,
        path_field="as_of_path",
        serving=Count("id"),
        serving_contract=Count("id", filter=Q(employment=Employment.CONTRACT)),
    )
    headcounts = rollup(
        Org.objects.all(),
        orgs,
        path_field="path",
        established=Sum("headcount_established"),
        contract=Sum("headcount_contract"),
        dispatched=Sum("headcount_dispatched"),
    )
    return members, headcounts


def join_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    members, headcounts = _rates(orgs, period)
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        serving = members[org.id]["serving"]
        heads = headcounts[org.id]
        headcount = sum(heads[k] or 0 for k in ("established", "contract", "dispatched"))
        out[org.id] = IndicatorValue(
            value=percent_value(serving, headcount),
            numerator=Decimal(serving),
            denominator=Decimal(headcount),
            detail=f"在籍会员 {serving} ÷ 职工 {headcount}",
            url=_member_list_url(org),
        )
    return out


def contract_join_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    members, headcounts = _rates(orgs, period)
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        serving = members[org.id]["serving_contract"]
        headcount = headcounts[org.id]["contract"] or 0
        out[org.id] = IndicatorValue(
            value=percent_value(serving, headcount),
            numerator=Decimal(serving),
            denominator=Decimal(headcount),
            detail=f"非在编在籍会员 {serving} ÷ 非在编职工 {headcount}",
            url=_member_list_url(org) + "&" + urlencode({"employment": Employment.CONTRACT}),
        )
    return out


def pending_joins_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """入会申请 submitted on or before the end and not yet decided at its end (still 待审批, or decided only
    later)."""
    end = period.end
    waiting = JoinApplication.objects.filter(created_at__date__lte=end).filter(
        Q(status=JoinStatus.SUBMITTED)
        | Q(status__in=(JoinStatus.APPROVED, JoinStatus.REJECTED), reviewed_at__date__gt=end)
    )
    counts = rollup(waiting, orgs, n=Count("id"))
    url = reverse("members:join_application_list") + "?" + urlencode({"status": JoinStatus.SUBMITTED})
    return {
        org.id: IndicatorValue(
            value=Decimal(counts[org.id]["n"]), detail=f"待审批入会申请 {counts[org.id]['n']} 件", url=url
        )
        for org in orgs
    }


indicator_sources.register(
    "members.join_rate",
    IndicatorSource(
        key="members.join_rate",
        label="入会率",
        unit="%",
        kind="rate",
        values_for=join_rate_values,
        description=(
            "本级及下级工会在期末在籍的会员（按会籍变动记录推算期末所在工会；保留会籍的退休会员不计）÷ "
            "各单位在编、非在编、劳务派遣职工数之和。职工数取组织信息中的当前数字（平台不保存职工数的历史）。"
            "与数据看板的入会率同一口径。"
        ),
        section=COVERAGE,
        order=10,
    ),
)
indicator_sources.register(
    "members.contract_join_rate",
    IndicatorSource(
        key="members.contract_join_rate",
        label="非在编入会率",
        unit="%",
        kind="rate",
        values_for=contract_join_rate_values,
        description=(
            "期末在籍、用工性质为非在编的会员 ÷ 各单位非在编职工数（取当前数字）；用工性质取会员档案的当前值。"
            "与数据看板的非在编入会率同一口径。"
        ),
        section=COVERAGE,
        order=11,
    ),
)
indicator_sources.register(
    "members.pending_joins",
    IndicatorSource(
        key="members.pending_joins",
        label="待审批入会申请",
        unit="件",
        kind="count",
        values_for=pending_joins_values,
        description="期末仍待审批的入会申请：期末前提交、期末时尚未批准或驳回的申请（含之后才审批的）。",
        section=PENDING,
        higher_is_better=False,
        order=12,
    ),
)
