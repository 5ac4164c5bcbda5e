"""Rows and helpers for the rounds part's tests: a test indicator source registered for one test, many grassroots
unions written in one statement (for the query-count tests), and a scheme whose totals are easy to compute by hand."""

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.evaluations.choices import IndicatorKind, RuleKind, SchemeStatus
from gonghui.evaluations.models import Dimension, EvaluationScheme, Indicator
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

TEST_SOURCE = "tests.rate"


@contextlib.contextmanager
def registered_source(
    key: str = TEST_SOURCE,
    values: Mapping[str, Decimal | None] | None = None,
    calls: list[tuple[Sequence[Any], Period]] | None = None,
    default: Decimal | None = Decimal(85),
) -> Iterator[IndicatorSource]:
    """Register a cheap source for the duration of a test: `values` by org code (else `default`); every call's
    orgs and period appended to `calls`. It reads nothing from the database."""

    def values_for(orgs: Sequence[Any], period: Period) -> dict[int, IndicatorValue]:
        if calls is not None:
            calls.append((list(orgs), period))
        wanted = values or {}
        return {
            org.id: IndicatorValue(
                value=wanted.get(org.code, default),
                detail=f"测试取值 {org.code}",
                url=f"/test/records/?org={org.code}",
            )
            for org in orgs
        }

    source = IndicatorSource(
        key=key, label="测试比率", unit="%", kind="rate", values_for=values_for, description="测试用"
    )
    indicator_sources.register(key, source)
    try:
        yield source
    finally:
        indicator_sources._items.pop(key, None)


def bulk_grassroots(parent: Org, count: int, *, prefix: str = "G") -> list[Org]:
    """`count` grassroots unions under `parent`, written in one statement (treebeard paths computed here)."""
    parent = Org.objects.get(pk=parent.pk)
    start = parent.numchild
    rows = [
        Org(
            name=f"{prefix}{n:05d}基层工会",
            unit_name=f"{prefix}{n:05d}单位",
            code=f"{prefix}{n:05d}",
            level=OrgLevel.GRASSROOTS,
            depth=parent.depth + 1,
            path=Org._get_path(parent.path, parent.depth + 1, start + n + 1),
            numchild=0,
        )
        for n in range(count)
    ]
    Org.objects.bulk_create(rows, batch_size=500)
    Org.objects.filter(pk=parent.pk).update(numchild=start + count)
    return list(Org.objects.filter(code__startswith=prefix, level=OrgLevel.GRASSROOTS).order_by("path"))


def make_hand_scheme(
    *, org: Any, actor: Any, source_key: str = TEST_SOURCE, title: str = "手算方案"
) -> EvaluationScheme:
    """A published 2020 scheme scored by hand in the tests:
    基础工作 (no cap): 1 入会率 auto `source_key`, 60 points, thresholds 90 → 60, 80 → 50, 70 → 30;
                      2 建家 manual 30 points, veto (必备).
    加分项 (cap 5):    3 创新 manual 5 points; 4 宣传 manual 5 points."""
    scheme = EvaluationScheme.objects.create(
        org=org, title=title, year=2020, status=SchemeStatus.PUBLISHED, created_by=actor
    )
    base = Dimension.objects.create(scheme=scheme, name="基础工作", order=1)
    bonus = Dimension.objects.create(scheme=scheme, name="加分项", points=Decimal(5), order=2)
    make: Callable[..., Indicator] = Indicator.objects.create
    make(
        scheme=scheme,
        dimension=base,
        number="1",
        name="入会率",
        points=Decimal(60),
        kind=IndicatorKind.AUTO,
        source_key=source_key,
        rule=RuleKind.THRESHOLDS,
        params={"direction": "at_least", "steps": [["90", "60"], ["80", "50"], ["70", "30"]]},
        order=1,
    )
    make(scheme=scheme, dimension=base, number="2", name="建家", points=Decimal(30), is_veto=True, order=2)
    make(scheme=scheme, dimension=bonus, number="3", name="创新", points=Decimal(5), order=1)
    make(scheme=scheme, dimension=bonus, number="4", name="宣传", points=Decimal(5), order=2)
    return scheme
