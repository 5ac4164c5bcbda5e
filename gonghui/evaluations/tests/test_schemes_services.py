"""Writes of 评价方案: permissions inside the services (three actors), the draft-only rule, ordering, publishing
with its checks, the deep copy with versions, retiring, and the timeline."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.timeline import timeline_for
from gonghui.evaluations.choices import IndicatorKind, RuleKind, SchemeStatus
from gonghui.evaluations.models import Dimension, EvaluationScheme, Indicator
from gonghui.evaluations.services.schemes import (
    dimension_delete,
    dimension_move,
    dimension_save,
    indicator_move,
    indicator_save,
    scheme_copy,
    scheme_publish,
    scheme_retire,
    scheme_update,
)
from gonghui.evaluations.tests.factories import make_scheme

from .factories_schemes import draft_scheme

pytestmark = pytest.mark.django_db


def test_three_actors_in_services(world):
    scheme = draft_scheme(org=world.org_a, actor=world.org_admin)
    for actor in (world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            dimension_save(scheme, actor=actor, name="越权")
        with pytest.raises(PermissionDenied):
            scheme_publish(scheme, actor=actor)
        with pytest.raises(PermissionDenied):
            scheme_copy(scheme, year=2022, actor=actor)
    assert not Dimension.objects.filter(name="越权").exists()
    steps = [entry.action_label for entry in timeline_for(scheme)]
    assert steps[0] == "创建"
    assert steps.count("修改考核指标") == 2


def test_indicator_rules_checked_by_the_service(world):
    scheme = draft_scheme(org=world.org_a, actor=world.org_admin)
    dimension = Dimension.objects.get(scheme=scheme, name="组织建设")
    kwargs = {"actor": world.org_admin, "dimension": dimension, "points": Decimal(10)}
    with pytest.raises(ValidationError) as caught:
        indicator_save(
            scheme, name="入会率", kind=IndicatorKind.AUTO, source_key="no.such", rule="thresholds", **kwargs
        )
    assert caught.value.message_dict["source_key"] == ["数据来源 no.such 未注册"]
    with pytest.raises(ValidationError) as caught:
        indicator_save(scheme, name="职工之家建设", **kwargs)
    assert "本方案已有指标" in caught.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as caught:
        indicator_save(
            scheme,
            name="入会率",
            kind=IndicatorKind.MANUAL,
            rule=RuleKind.MANUAL,
            is_veto=True,
            **{**kwargs, "points": Decimal(-1)},
        )
    assert "points" in caught.value.message_dict


def test_ordering_and_delete(world):
    scheme = draft_scheme(org=world.org_a, actor=world.org_admin)
    democracy = Dimension.objects.get(scheme=scheme, name="民主管理")
    dimension_move(democracy, actor=world.org_admin, up=True)
    assert list(Dimension.objects.filter(scheme=scheme).values_list("name", flat=True)) == [
        "民主管理",
        "组织建设",
    ]
    building = Dimension.objects.get(scheme=scheme, name="组织建设")
    second = indicator_save(
        scheme, actor=world.org_admin, dimension=building, name="会员评家", points=Decimal(5)
    )
    indicator_move(second, actor=world.org_admin, up=True)
    names = Indicator.objects.filter(dimension=building).order_by("order").values_list("name", flat=True)
    assert list(names) == ["会员评家", "职工之家建设"]
    dimension_delete(building, actor=world.org_admin)
    assert list(Indicator.objects.filter(scheme=scheme).values_list("name", flat=True)) == ["校务公开"]


def test_publish_checks_then_locks(world):
    scheme = draft_scheme(org=world.org_a, actor=world.org_admin)
    empty = dimension_save(scheme, actor=world.org_admin, name="加分项", points=Decimal(0))
    Indicator.objects.filter(scheme=scheme).delete()
    with pytest.raises(ValidationError, match="方案还没有任何考核指标"):
        scheme_publish(scheme, actor=world.org_admin)
    indicator_save(scheme, actor=world.org_admin, dimension=empty, name="创新工作", points=Decimal(3))
    Indicator.objects.filter(scheme=scheme).update(
        kind=IndicatorKind.AUTO, source_key="gone.source", rule="bonus"
    )
    with pytest.raises(ValidationError, match="gone.source 未注册"):
        scheme_publish(scheme, actor=world.org_admin)
    Indicator.objects.filter(scheme=scheme).update(kind=IndicatorKind.MANUAL, source_key="", rule="manual")
    scheme = scheme_publish(scheme, actor=world.org_admin)
    assert scheme.status == SchemeStatus.PUBLISHED
    assert scheme.published_at is not None
    with pytest.raises(ValidationError, match="不能再修改"):
        dimension_save(scheme, actor=world.org_admin, name="新增")
    with pytest.raises(ValidationError, match="不能再修改"):
        scheme_update(scheme, actor=world.org_admin, title="改名", year=2021)


def test_copy_deep_with_versions_and_retire(world):
    original = make_scheme(org=world.org_a, actor=world.org_admin)
    next_year = scheme_copy(original, year=2021, actor=world.org_admin)
    assert next_year.title == "2021年度基层工会工作量化考核"
    assert (next_year.version, next_year.status, next_year.copied_from) == (1, SchemeStatus.DRAFT, original)
    revision = scheme_copy(original, year=2020, actor=world.org_admin)
    assert (revision.title, revision.version) == (original.title, 2)
    assert str(revision) == "2020年度基层工会工作量化考核（第2版）"
    copied = Indicator.objects.filter(scheme=revision).select_related("dimension").order_by("order")
    assert [(i.name, i.dimension.name, i.source_key) for i in copied] == [
        ("入会率", "组织建设", "members.join_rate"),
        ("职工之家建设", "组织建设", ""),
    ]
    assert copied[0].params == {"direction": "at_least", "steps": [["90", "10"], ["80", "8"], ["70", "5"]]}
    assert copied[0].dimension.scheme_id == revision.pk
    assert Indicator.objects.filter(scheme=original).count() == 2
    scheme_retire(original, actor=world.org_admin)
    original.refresh_from_db()
    assert original.status == SchemeStatus.RETIRED
    with pytest.raises(ValidationError, match="只有已发布的方案可以停用"):
        scheme_retire(revision, actor=world.org_admin)
    assert EvaluationScheme.objects.filter(copied_from=original).count() == 2
