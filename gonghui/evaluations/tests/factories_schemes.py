"""评价方案 built through the part's services: `draft_scheme` (a draft of `org` with 组织建设 → 职工之家建设 (manual,
10) and 民主管理 → 校务公开 (check on a registered source when one is, else manual, 必备)."""

from decimal import Decimal
from typing import Any

from gonghui.core.registry import indicator_sources
from gonghui.evaluations.choices import IndicatorKind, RuleKind
from gonghui.evaluations.models import EvaluationScheme
from gonghui.evaluations.services.schemes import dimension_save, indicator_save, scheme_create


def draft_scheme(
    *, org: Any, actor: Any, title: str = "2021年度基层工会工作量化考核", year: int = 2021
) -> EvaluationScheme:
    scheme = scheme_create(org=org, title=title, year=year, actor=actor)
    building = dimension_save(scheme, actor=actor, name="组织建设")
    democracy = dimension_save(scheme, actor=actor, name="民主管理")
    indicator_save(
        scheme, actor=actor, dimension=building, number="1", name="职工之家建设", points=Decimal(10)
    )
    indicator_save(
        scheme,
        actor=actor,
        dimension=democracy,
        number="2",
        name="校务公开",
        points=Decimal(5),
        kind=IndicatorKind.MANUAL,
        rule=RuleKind.MANUAL,
        is_veto=True,
    )
    return scheme


def any_source_key() -> str:
    """A registered indicator source's key ("" when none is registered yet)."""
    keys = indicator_sources.keys()
    return keys[0] if keys else ""
