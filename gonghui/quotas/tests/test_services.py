"""The rules of 名额: creating a set, allocating it by hand and by weight, re-allocating further down, taking and
releasing places, with Chinese errors naming the union and audit rows in the same transaction."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditLog
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaAllocation, QuotaUse
from gonghui.quotas.selectors import active_uses_of, allocation_remaining, set_summary
from gonghui.quotas.services import (
    EXHAUSTED,
    quota_allocate,
    quota_allocate_by_weight,
    quota_release,
    quota_release_for_owner,
    quota_set_create,
    quota_set_update,
    quota_use,
)

from .factories import make_set

pytestmark = pytest.mark.django_db


def _messages(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(excinfo.value.messages)


def test_a_set_received_from_a_higher_union_names_the_issuer(world, city_admin):
    quota_set = quota_set_create(
        org=world.city,
        title="2026年市级劳动模范推荐名额",
        total=30,
        source=QuotaSource.ISSUED,
        issuer="市总工会",
        received_reference="市总工〔2026〕8号",
        incoming_document_id=42,
        owner=world.county_x,
        actor=city_admin,
    )
    assert (quota_set.total, quota_set.issuer, quota_set.incoming_document_id) == (30, "市总工会", 42)
    assert quota_set.owner == world.county_x
    assert AuditLog.objects.filter(object_id=str(quota_set.pk), summary__contains="共 30 个").exists()


def test_a_set_without_title_total_or_issuer_is_refused(world, city_admin):
    with pytest.raises(ValidationError) as excinfo:
        quota_set_create(org=world.city, title=" ", total=0, source=QuotaSource.ISSUED, actor=city_admin)
    assert excinfo.value.message_dict == {
        "title": ["请填写名额名称"],
        "total": ["名额总数至少为 1"],
        "issuer": ["上级下达的名额须填写下达单位"],
    }


def test_allocating_by_hand_to_child_unions(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 6, world.county_y.pk: 4}, actor=city_admin)
    assert dict(quota_set.allocations.values_list("org__code", "allocated")) == {"CX": 6, "CY": 4}
    assert set_summary(quota_set).unallocated == 0
    assert AuditLog.objects.filter(summary__contains="甲县教育工会 6 个").exists()
    # changing one leaves the other
    quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 5}, actor=city_admin)
    assert dict(quota_set.allocations.values_list("org__code", "allocated")) == {"CX": 5, "CY": 4}


def test_an_allocation_over_the_total_is_refused_naming_the_unions(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    quota_allocate(quota_set=quota_set, shares={world.county_y.pk: 4}, actor=city_admin)
    with pytest.raises(ValidationError) as excinfo:
        quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 7}, actor=city_admin)
    assert "分配合计 11 个，超过可分配的 10 个（「甲县教育工会」7 个）" in _messages(excinfo)
    assert not QuotaAllocation.objects.filter(org=world.county_x).exists()


def test_only_direct_child_unions_receive_places(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    with pytest.raises(ValidationError) as excinfo:
        quota_allocate(quota_set=quota_set, shares={world.org_a.pk: 1, world.city.pk: 1}, actor=city_admin)
    message = _messages(excinfo)
    assert "「甲县第一中学工会」不是「测试市教科文卫体工会」的直属下级工会" in message
    assert "「测试市教科文卫体工会」不是「测试市教科文卫体工会」的直属下级工会" in message
    with pytest.raises(ValidationError, match="不能为负数"):
        quota_allocate(quota_set=quota_set, shares={world.county_x.pk: -1}, actor=city_admin)


def test_the_receiving_union_re_allocates_within_its_own_places(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    [county] = quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 3}, actor=city_admin)
    second = OrgFactory.create(parent=world.county_x, name="甲县第二中学工会")
    children = quota_allocate(
        quota_set=quota_set, parent=county, shares={world.org_a.pk: 2, second.pk: 1}, actor=world.org_admin
    )
    assert [(c.org.name, c.allocated, c.parent_id) for c in children] == [
        ("甲县第一中学工会", 2, county.pk),
        ("甲县第二中学工会", 1, county.pk),
    ]
    assert allocation_remaining(county) == 0
    with pytest.raises(ValidationError, match="超过可分配的 3 个"):
        quota_allocate(quota_set=quota_set, parent=county, shares={second.pk: 2}, actor=world.org_admin)
    with pytest.raises(ValidationError, match="「乙县人民医院工会」不是「甲县教育工会」的直属下级工会"):
        quota_allocate(quota_set=quota_set, parent=county, shares={world.org_b.pk: 0}, actor=world.org_admin)
    # the county's allocation cannot drop below what it handed down
    with pytest.raises(ValidationError, match="「甲县教育工会」已使用或下拨 3 个名额，分配数不能少于 3"):
        quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 2}, actor=city_admin)


def test_allocating_in_proportion_to_weights(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=30)
    allocations = quota_allocate_by_weight(
        quota_set=quota_set, weights={world.county_x.pk: 1000, world.county_y.pk: 1000}, actor=city_admin
    )
    assert [a.allocated for a in allocations] == [15, 15]
    # an odd split: the tie goes to the county with the smaller path (甲县 was created first)
    other = make_set(org=world.city, actor=city_admin, total=5, title="另一名额")
    quota_allocate_by_weight(
        quota_set=other, weights={world.county_y.pk: 300, world.county_x.pk: 300}, actor=city_admin
    )
    assert dict(other.allocations.values_list("org__code", "allocated")) == {"CX": 3, "CY": 2}
    with pytest.raises(ValidationError, match="大于 0 的权重"):
        quota_allocate_by_weight(quota_set=other, weights={world.county_x.pk: 0}, actor=city_admin)


def test_proportional_amount_defaults_to_what_other_unions_do_not_hold(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=12)
    third = OrgFactory.create(parent=world.city, name="丙县教育工会")
    quota_allocate(quota_set=quota_set, shares={third.pk: 2}, actor=city_admin)
    quota_allocate_by_weight(
        quota_set=quota_set, weights={world.county_x.pk: 3, world.county_y.pk: 2}, actor=city_admin
    )
    assert dict(quota_set.allocations.values_list("org__name", "allocated")) == {
        "丙县教育工会": 2,
        "甲县教育工会": 6,
        "乙县教育工会": 4,
    }


def test_using_places_until_none_remain_and_releasing_one(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    [county] = quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 3}, actor=city_admin)
    owners = [OrgFactory.create(parent=world.county_x, name=f"被推荐{n}") for n in range(4)]
    first = quota_use(allocation=county, owner=owners[0], actor=city_admin)
    assert quota_use(allocation=county, owner=owners[0], actor=city_admin) == first  # again: the same use
    with pytest.raises(ValidationError, match="只剩 2 个名额"):
        quota_use(allocation=county, owner=owners[1], count=3, actor=city_admin)
    quota_use(allocation=county, owner=owners[1], count=2, actor=city_admin)
    with pytest.raises(ValidationError) as excinfo:
        quota_use(allocation=county, owner=owners[2], actor=city_admin)
    assert excinfo.value.messages == [EXHAUSTED]
    assert set_summary(quota_set).used == 3
    released = quota_release(use=first, actor=city_admin)
    assert released.released_at is not None
    assert released.released_by == city_admin
    assert quota_release(use=first, actor=city_admin).released_at == released.released_at
    assert allocation_remaining(county) == 1
    quota_use(allocation=county, owner=owners[3], actor=city_admin)
    assert allocation_remaining(county) == 0
    assert AuditLog.objects.filter(summary__startswith="释放").count() == 1
    assert AuditLog.objects.filter(summary__startswith="占用").count() == 3


def test_places_used_at_a_level_cannot_also_be_handed_down(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    [county] = quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 2}, actor=city_admin)
    quota_use(allocation=county, owner=world.county_x, actor=city_admin)
    with pytest.raises(ValidationError, match="超过可分配的 1 个"):
        quota_allocate(quota_set=quota_set, parent=county, shares={world.org_a.pk: 2}, actor=city_admin)
    [school] = quota_allocate(
        quota_set=quota_set, parent=county, shares={world.org_a.pk: 1}, actor=city_admin
    )
    with pytest.raises(ValidationError, match=EXHAUSTED):
        quota_use(allocation=county, owner=world.org_a, actor=city_admin)
    quota_use(allocation=school, owner=world.org_a, actor=city_admin)
    with pytest.raises(ValidationError, match="分配数不能少于 1"):
        quota_allocate(quota_set=quota_set, parent=county, shares={world.org_a.pk: 0}, actor=city_admin)


def test_releasing_everything_an_owner_holds(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    x, y = quota_allocate(
        quota_set=quota_set, shares={world.county_x.pk: 2, world.county_y.pk: 2}, actor=city_admin
    )
    quota_use(allocation=x, owner=world.org_a, actor=city_admin)
    quota_use(allocation=y, owner=world.org_a, actor=city_admin)
    assert {use.allocation.org.code for use in active_uses_of(world.org_a)} == {"CX", "CY"}
    assert quota_release_for_owner(owner=world.org_a, actor=city_admin) == 2
    assert not active_uses_of(world.org_a).exists()
    assert not QuotaUse.objects.filter(released_at__isnull=True).exists()
    assert QuotaUse.objects.filter(used_by_type=ContentType.objects.get_for_model(world.org_a)).count() == 2


def test_a_set_s_total_never_drops_below_what_is_allocated(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 6}, actor=city_admin)
    with pytest.raises(ValidationError) as excinfo:
        quota_set_update(quota_set=quota_set, title="", total=5, actor=city_admin)
    assert excinfo.value.message_dict == {
        "title": ["请填写名额名称"],
        "total": ["已分配 6 个名额，名额总数不能少于 6"],
    }
    updated = quota_set_update(quota_set=quota_set, title="优秀工会干部", total=6, actor=city_admin)
    assert (updated.title, updated.total) == ("优秀工会干部", 6)
    assert AuditLog.objects.filter(summary="修改名额「优秀工会干部」：总数 10 → 6").exists()
    with pytest.raises(ValidationError, match="超过可分配的 6 个"):
        quota_allocate(quota_set=updated, shares={world.county_y.pk: 1}, actor=city_admin)
