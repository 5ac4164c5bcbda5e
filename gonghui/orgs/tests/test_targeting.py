import pytest
from django.core.exceptions import ValidationError

from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind, target_label, targets_expand


def codes(qs) -> list[str]:
    return [o.code for o in qs]


def test_levels_children_and_subtrees_expand_inside_the_senders_tree(world):
    city, cx = world.city, world.county_x
    county_level = OrgTarget(kind=TargetKind.LEVEL, org_id=city.pk, level=OrgLevel.COUNTY)
    assert codes(targets_expand([county_level], within=city)) == ["CX", "CY"]
    assert codes(targets_expand([OrgTarget(kind=TargetKind.CHILDREN, org_id=city.pk)], within=city)) == [
        "CX",
        "CY",
    ]
    subtree = OrgTarget(kind=TargetKind.SUBTREE, org_id=cx.pk)
    assert codes(targets_expand([subtree], within=city)) == ["CX", world.org_a.code]
    assert codes(targets_expand([subtree], within=cx)) == [world.org_a.code]
    assert codes(targets_expand([subtree], within=cx, include_within=True)) == ["CX", world.org_a.code]
    # overlapping targets give each org once
    both = [subtree, OrgTarget(kind=TargetKind.ORG, org_id=world.org_a.pk)]
    assert codes(targets_expand(both, within=city)) == ["CX", world.org_a.code]


def test_inactive_orgs_are_left_out(world):
    Org.objects.filter(pk=world.org_b.pk).update(status=OrgStatus.INACTIVE)
    target = OrgTarget(kind=TargetKind.LEVEL, org_id=world.city.pk, level=OrgLevel.GRASSROOTS)
    assert codes(targets_expand([target], within=world.city)) == [world.org_a.code]


def test_a_target_outside_the_senders_tree_is_refused(world):
    with pytest.raises(ValidationError, match="超出"):
        targets_expand([OrgTarget(kind=TargetKind.ORG, org_id=world.org_b.pk)], within=world.county_x)


def test_a_level_at_or_above_the_anchor_is_refused(world):
    target = OrgTarget(kind=TargetKind.LEVEL, org_id=world.county_x.pk, level=OrgLevel.COUNTY)
    with pytest.raises(ValidationError, match="没有"):
        targets_expand([target], within=world.city)


def test_targets_round_trip_through_dicts_and_have_chinese_labels(world):
    target = OrgTarget(kind=TargetKind.LEVEL, org_id=world.city.pk, level=OrgLevel.COUNTY)
    assert OrgTarget.from_dict(target.as_dict()) == target
    assert target_label(target, {world.city.pk: world.city}) == f"{world.city.name}下属各县区工会"
    with pytest.raises(ValidationError, match="层级"):
        OrgTarget.from_dict({"kind": "level", "org": world.city.pk})
    with pytest.raises(ValidationError, match="缺少组织"):
        OrgTarget.from_dict({"kind": "org"})
