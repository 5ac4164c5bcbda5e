"""The figures 民主管理 gives 量化评价 and the 各级总览 (core.registry.indicator_sources), per union over its whole
subtree and as of the period's end, in a number of queries that does not grow with the number of unions:

- congresses.contract_rate 集体合同建制率 — `selectors.contracts.contract_coverage_of` (综合集体合同);
- congresses.secondary_coverage 二级教代会覆盖率 — `selectors.congress.secondary_coverage_of`;
- congresses.proposal_reply_rate 提案按期答复率 and congresses.proposal_satisfaction 提案满意率 — the congress
  report's definitions (`selectors.report`), over the replies recorded / rated in the period;
- congresses.election_on_time 按期换届 — unions whose term, as of the end, had not expired without a 换届."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.core.statistics import percent_value
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.rollup import rollup

from .choices import ContractKind, ElectionStatus
from .models import ProposalReply, UnionElection
from .selectors.congress import in_subtrees, secondary_coverage_of
from .selectors.contracts import contract_coverage_of
from .selectors.report import SATISFIED

SECTION = "民主管理"


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _value(part: int, whole: int, detail: str, url: str) -> IndicatorValue:
    return IndicatorValue(
        value=percent_value(part, whole),
        numerator=Decimal(part),
        denominator=Decimal(whole),
        detail=detail,
        url=url,
    )


# --- 建制率 and 二级教代会 --------------------------------------------------------------------------------------------


def contract_rate(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    figures = contract_coverage_of(orgs, ContractKind.COMPREHENSIVE, on=period.end)
    base = reverse("congresses:contract_coverage")
    return {
        org.id: _value(
            figures[org.id].covered,
            figures[org.id].units,
            f"已建制 {figures[org.id].covered} ÷ 基层工会 {figures[org.id].units}",
            f"{base}?{urlencode({'root': org.pk, 'kind': ContractKind.COMPREHENSIVE})}",
        )
        for org in orgs
    }


def secondary_coverage(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    figures = secondary_coverage_of(orgs, on=period.end)
    url = reverse("congresses:coverage")
    return {
        org.id: _value(
            figures[org.id].held,
            figures[org.id].required,
            f"已建 {figures[org.id].held} ÷ 应建 {figures[org.id].required}",
            url,
        )
        for org in orgs
    }


# --- 提案 -------------------------------------------------------------------------------------------------------


def proposal_reply_rate(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """First replies (round 1) recorded in the period; on time when recorded on or before the proposal's deadline
    (no deadline counts as on time) — the congress report's 按期答复率."""
    replies = ProposalReply.objects.filter(
        round=1,
        created_at__gte=_moment(period.start),
        created_at__lt=_moment(period.end + dt.timedelta(days=1)),
    ).annotate(replied_on=TruncDate("created_at"))
    on_time = Q(proposal__deadline_on__isnull=True) | Q(proposal__deadline_on__gte=F("replied_on"))
    figures = rollup(
        replies,
        orgs,
        path_field="proposal__congress__org__path",
        replied=Count("pk"),
        on_time=Count("pk", filter=on_time),
    )
    url = reverse("congresses:proposal_list")
    return {
        org.id: _value(
            figures[org.id]["on_time"],
            figures[org.id]["replied"],
            f"按期答复 {figures[org.id]['on_time']} ÷ 已答复 {figures[org.id]['replied']}",
            url,
        )
        for org in orgs
    }


def proposal_satisfaction(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Proposals rated in the period, each by its latest rating by the period's end (after 重新办理 the round-2
    rating counts): (满意 + 基本满意) ÷ rated — the congress report's 满意率."""
    end = _moment(period.end + dt.timedelta(days=1))
    later = ProposalReply.objects.filter(
        proposal=OuterRef("proposal"), round__gt=OuterRef("round"), rated_at__lt=end
    ).exclude(satisfaction="")
    ratings = (
        ProposalReply.objects.filter(rated_at__gte=_moment(period.start), rated_at__lt=end)
        .exclude(satisfaction="")
        .filter(~Exists(later))
    )
    figures = rollup(
        ratings,
        orgs,
        path_field="proposal__congress__org__path",
        rated=Count("pk"),
        satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED)),
    )
    url = reverse("congresses:proposal_list")
    return {
        org.id: _value(
            figures[org.id]["satisfied"],
            figures[org.id]["rated"],
            f"满意及基本满意 {figures[org.id]['satisfied']} ÷ 已评价 {figures[org.id]['rated']}",
            url,
        )
        for org in orgs
    }


# --- 换届 -------------------------------------------------------------------------------------------------------


def term_end_on(org: Any, elections: Sequence[UnionElection], on: dt.date) -> dt.date | None:
    """The end of the union's term in force on `on`: that of the latest completed 换届 whose new term had begun by
    then; else, when a later completed 换届 exists, the term it replaced (its `old_term_ends_on`); else the union's
    recorded term when it had begun by then (or its start is unknown)."""
    done = sorted(
        (e for e in elections if e.new_term_started_on is not None), key=lambda e: e.new_term_started_on or on
    )
    begun = [e for e in done if e.new_term_started_on and e.new_term_started_on <= on]
    if begun:
        return begun[-1].new_term_ends_on
    if done:
        return done[0].old_term_ends_on
    if org.term_started_on is None or org.term_started_on <= on:
        return org.term_ends_on  # type: ignore[no-any-return]
    return None


def election_on_time(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    on = period.end
    unions = list(
        in_subtrees(Org.objects.filter(status=OrgStatus.ACTIVE), orgs).only(
            "path", "term_started_on", "term_ends_on"
        )
    )
    elections: dict[int, list[UnionElection]] = defaultdict(list)
    completed = in_subtrees(UnionElection.objects.filter(status=ElectionStatus.COMPLETED), orgs, "org__path")
    for election in completed.order_by("pk"):
        elections[election.org_id].append(election)
    asked: dict[str, list[int]] = defaultdict(list)
    for org in orgs:
        asked[org.path].append(org.id)
    counted: dict[int, list[int]] = {org.id: [0, 0] for org in orgs}  # [on time, with a term]
    step = Org.steplen
    for union in unions:
        ends = term_end_on(union, elections[union.pk], on)
        if ends is None:
            continue
        for length in range(step, len(union.path) + 1, step):
            for org_id in asked.get(union.path[:length], ()):
                counted[org_id][1] += 1
                counted[org_id][0] += 1 if ends >= on else 0
    url = reverse("congresses:election_list")
    return {
        org.id: _value(
            counted[org.id][0],
            counted[org.id][1],
            f"任期内或已按期换届 {counted[org.id][0]} ÷ 有任期记录的工会 {counted[org.id][1]}",
            url,
        )
        for org in orgs
    }


# --- the registry ------------------------------------------------------------------------------------------------

_SOURCES = (
    (
        "congresses.contract_rate",
        "集体合同建制率",
        contract_rate,
        "本级及下级基层工会（截止日已建会、状态正常）中，截止日有综合集体合同在有效期内（已生效、未到期、未被异议）"
        "的单位所占比例，口径同集体合同建制率页面。",
    ),
    (
        "congresses.secondary_coverage",
        "二级教代会覆盖率",
        secondary_coverage,
        "截止日已召开教（职）代会的单位下，职工人数达到应建标准的分工会中，截止日前已建立本级二级教（职）代会的比例，"
        "口径同二级教代会覆盖情况（职工人数按本届登记、编制人数或会员数）。",
    ),
    (
        "congresses.proposal_reply_rate",
        "提案按期答复率",
        proposal_reply_rate,
        "统计期内首次答复的提案中，在答复期限当日或之前答复的比例（未设期限视为按期），口径同提案工作报告。",
    ),
    (
        "congresses.proposal_satisfaction",
        "提案满意率",
        proposal_satisfaction,
        "统计期内提案人作出评价的提案中，按截止日最新一次评价为满意或基本满意的比例，口径同提案工作报告。",
    ),
    (
        "congresses.election_on_time",
        "按期换届",
        election_on_time,
        "本级及下级有任期记录的工会中，截止日本届任期未届满（或已按期完成换届）的比例；任期按截止日所在的一届计算，"
        "取自换届记录。",
    ),
)

for order, (key, label, values_for, description) in enumerate(_SOURCES, start=1):
    indicator_sources.register(
        key,
        IndicatorSource(
            key=key,
            label=label,
            unit="%",
            kind="rate",
            values_for=values_for,
            description=description,
            section=SECTION,
            order=40 + order,
        ),
    )
