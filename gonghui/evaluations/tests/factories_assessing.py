"""A round as the rounds part leaves it when 自评 opens, built straight from the reviews services: the scheme of
`factories.make_scheme` plus 会员评家 (manual, evidence required) and 安全稳定 (manual veto item), a round in 自评 (or
any status given) with its reviews round (自评+考评, one criterion per manual indicator named "<number> <name>", one
entry per target owned by the target, the judges given), opened, and a Score row per target and indicator."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.evaluations.choices import IndicatorKind, RoundStatus, RuleKind
from gonghui.evaluations.models import Dimension, EvaluationRound, Indicator, RoundTarget, Score
from gonghui.evaluations.selectors.assessing import criterion_name
from gonghui.evaluations.tests.factories import make_round, make_scheme
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import RoundMode
from gonghui.reviews.services import CriterionInput


def add_manual(scheme: Any, *, number: str, name: str, points: int, **extra: Any) -> Indicator:
    dimension, _created = Dimension.objects.get_or_create(
        scheme=scheme, name=extra.pop("dimension", "民主管理")
    )
    return Indicator.objects.create(
        scheme=scheme,
        dimension=dimension,
        number=number,
        name=name,
        points=Decimal(points),
        kind=IndicatorKind.MANUAL,
        rule=RuleKind.MANUAL,
        order=int(number),
        **extra,
    )


@transaction.atomic
def make_assessing_round(
    *,
    org: Any,
    actor: Any,
    targets: list[Any],
    judges: list[Any],
    status: str = RoundStatus.SELF_ASSESSMENT,
    gap_share: str = "0.15",
    title: str = "2020年度基层工会工作量化考核",
) -> EvaluationRound:
    """`org` runs the round (its admin `actor`); `judges` are the assessors; `title` names the scheme and round."""
    scheme = make_scheme(org=org, actor=actor, title=title)
    add_manual(scheme, number="3", name="会员评家", points=10, evidence_required=True)
    add_manual(scheme, number="4", name="安全稳定", points=5, is_veto=True, standard="无重大违纪违法事件")
    round_ = make_round(scheme=scheme, actor=actor, targets=targets, status=status, title=title)
    manual = list(Indicator.objects.filter(scheme=scheme, kind=IndicatorKind.MANUAL).order_by("order"))
    template = reviews.template_create(
        org=org,
        name=f"{round_.title}评分表",
        criteria=[CriterionInput(name=criterion_name(i), max_points=i.points) for i in manual],
        actor=actor,
    )
    review_round = reviews.round_create(
        org=org,
        owner=round_,
        template=template,
        title=round_.title,
        mode=RoundMode.SELF_ASSESSED,
        actor=actor,
    )
    reviews.round_rules_set(
        review_round=review_round,
        actor=actor,
        tie_rules=[],
        outlier_share="0.15",
        group_weights={},
        gap_share=gap_share,
    )
    for target in RoundTarget.objects.filter(round=round_).select_related("org"):
        reviews.entry_add(
            review_round=review_round,
            title=target.org.name,
            entrant_org=target.org,
            owner=target,
            actor=actor,
        )
    for user in judges:
        reviews.judge_add(review_round=review_round, user=user, actor=actor)
    reviews.round_open(review_round=review_round, actor=actor)
    round_.review_round = review_round
    round_.save(update_fields=["review_round"])
    indicators = list(Indicator.objects.filter(scheme=scheme))
    Score.objects.bulk_create(
        Score(target=target, indicator=indicator)
        for target in RoundTarget.objects.filter(round=round_)
        for indicator in indicators
    )
    return round_


def set_status(round_: EvaluationRound, status: str) -> EvaluationRound:
    EvaluationRound.objects.filter(pk=round_.pk).update(status=status)
    round_.refresh_from_db()
    return round_


def target_of(round_: EvaluationRound, org: Any) -> RoundTarget:
    return RoundTarget.objects.select_related("org", "round", "round__review_round", "round__scheme").get(
        round=round_, org=org
    )


def manual_of(round_: EvaluationRound) -> dict[str, Indicator]:
    """The round's manual indicators by name (职工之家建设, 会员评家, 安全稳定)."""
    return {
        i.name: i for i in Indicator.objects.filter(scheme_id=round_.scheme_id, kind=IndicatorKind.MANUAL)
    }
