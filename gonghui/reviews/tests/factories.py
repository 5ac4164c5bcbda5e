"""Review rounds for tests, built through the services: a template (two scored criteria, one with a required
comment, and a veto item), a round owned by its own union, entries and judges."""

from decimal import Decimal
from typing import Any

from gonghui.reviews.models import Judge, ReviewEntry, ReviewRound, ScoreSheetTemplate
from gonghui.reviews.services import (
    CriterionInput,
    entry_add,
    judge_add,
    round_create,
    template_create,
)

DEFAULT_CRITERIA = (
    CriterionInput(name="创新性", max_points=Decimal(40)),
    CriterionInput(name="实效性", max_points=Decimal(60), comment_required=True),
    CriterionInput(name="存在违纪违法", is_veto=True),
)


def make_template(*, org: Any, actor: Any, criteria: Any = DEFAULT_CRITERIA) -> ScoreSheetTemplate:
    return template_create(org=org, name="创新成果评分表", criteria=list(criteria), actor=actor)


def make_round(
    *, org: Any, actor: Any, template: ScoreSheetTemplate | None = None, **extra: Any
) -> ReviewRound:
    template = template or make_template(org=org, actor=actor)
    return round_create(
        org=org, owner=org, template=template, title="2026年职工创新成果评审", actor=actor, **extra
    )


def make_entry(*, review_round: ReviewRound, entrant_org: Any, actor: Any, **extra: Any) -> ReviewEntry:
    fields: dict[str, Any] = {"title": f"{entrant_org.name}创新成果"}
    fields.update(extra)
    return entry_add(review_round=review_round, entrant_org=entrant_org, actor=actor, **fields)


def make_judge(*, review_round: ReviewRound, user: Any, actor: Any, **extra: Any) -> Judge:
    return judge_add(review_round=review_round, user=user, actor=actor, **extra)
