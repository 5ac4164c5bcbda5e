"""推荐 services: facts copied from the record, one live nomination per nominee, materials and 事迹 before submitting,
the quota (a nomination beyond the allocation is refused; withdrawing gives the place back; a resubmission after
退回 takes no second place), 退回 with the union told, 县区审核 by the union above, the stage and deadline rules."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.core.models import TimelineEntry
from gonghui.honours.choices import NominationStatus, NomineeKind, Stage
from gonghui.honours.models import HonourCampaign, Nomination
from gonghui.honours.selectors.nominations import (
    materials_of,
    nomination_blockers,
    nominations_forward,
    nominations_of,
    quota_status,
    reviewable_by,
)
from gonghui.honours.services.nominations import (
    nomination_create,
    nomination_material_add,
    nomination_material_remove,
    nomination_return,
    nomination_review,
    nomination_submit,
    nomination_update,
    nomination_withdraw,
    nominations_export,
)
from gonghui.notifications.models import Notification
from gonghui.quotas.models import QuotaUse

from .test_nominations_factories import campaign_setup, person, ready_draft, upload

pytestmark = pytest.mark.django_db


def _live_uses() -> int:
    return QuotaUse.objects.filter(released_at__isnull=True).count()


def test_a_draft_copies_the_member_record_without_id_or_phone(world):
    setup = campaign_setup(world)
    member = person(world.org_a, "李老师", position_title="高级教师", is_model_worker=True)
    nomination = nomination_create(
        campaign=setup.campaign, nominating_org=world.org_a, member=member, actor=world.org_admin
    )
    assert nomination.status == NominationStatus.DRAFT
    assert nomination.nominee_name == "李老师"
    assert nomination.nominee_unit == "甲县第一中学"
    facts = nomination.facts
    assert facts["姓名"] == "李老师"
    assert facts["出生年月"] == "1988年5月"
    assert facts["岗位/职称"] == "高级教师"
    assert facts["是否劳模"] == "是"
    assert member.phone not in str(facts)
    assert member.id_number_masked not in str(facts)
    assert TimelineEntry.objects.filter(object_id=str(nomination.pk), action="create").exists()
    assert _live_uses() == 0  # a draft takes no place


def test_create_refuses_outsiders_members_outside_the_subtree_and_a_second_live_nomination(world):
    setup = campaign_setup(world)
    member = person(world.org_a, "李老师")
    with pytest.raises(PermissionDenied):
        nomination_create(
            campaign=setup.campaign, nominating_org=world.org_a, member=member, actor=world.outsider
        )
    elsewhere = person(world.org_b, "王医生")
    with pytest.raises(ValidationError, match="王医生不是甲县第一中学工会"):
        nomination_create(
            campaign=setup.campaign, nominating_org=world.org_a, member=elsewhere, actor=world.org_admin
        )
    nomination_create(
        campaign=setup.campaign, nominating_org=world.org_a, member=member, actor=world.org_admin
    )
    # the county nominates the same teacher: the database constraint answers in Chinese
    with pytest.raises(ValidationError, match="李老师已被推荐参加本评选"):
        nomination_create(
            campaign=setup.campaign, nominating_org=world.county_x, member=member, actor=setup.county
        )


def test_create_is_refused_after_the_deadline_and_past_the_nominating_stage(world):
    setup = campaign_setup(world)
    member = person(world.org_a, "李老师")
    HonourCampaign.objects.filter(pk=setup.campaign.pk).update(
        nomination_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="推荐已于"):
        nomination_create(
            campaign=setup.campaign, nominating_org=world.org_a, member=member, actor=world.org_admin
        )
    HonourCampaign.objects.filter(pk=setup.campaign.pk).update(
        nomination_deadline=timezone.now() + dt.timedelta(days=1), stage=Stage.CITY_REVIEW
    )
    with pytest.raises(ValidationError, match="市级评审"):
        nomination_create(
            campaign=setup.campaign, nominating_org=world.org_a, member=member, actor=world.org_admin
        )


def test_a_union_without_a_share_of_the_quota_cannot_nominate(world):
    setup = campaign_setup(world)
    member = person(world.org_b, "王医生")
    with pytest.raises(ValidationError, match="没有本评选的推荐名额"):
        nomination_create(
            campaign=setup.campaign, nominating_org=world.org_b, member=member, actor=world.outsider
        )


def test_submit_needs_every_material_the_deeds_and_for_most_beautiful_a_story(world):
    setup = campaign_setup(world, wants_stories=True)
    member = person(world.org_a, "李护士")
    nomination = nomination_create(
        campaign=setup.campaign, nominating_org=world.org_a, member=member, actor=world.org_admin
    )
    with pytest.raises(ValidationError) as caught:
        nomination_submit(nomination=nomination, actor=world.org_admin)
    text = str(caught.value)
    assert "请上传推荐审批表" in text
    assert "请上传事迹材料" in text
    assert "请填写主要事迹" in text
    assert "请填写先进事迹" in text
    nomination.delete()
    ready = ready_draft(setup.campaign, world.org_a, member, world.org_admin)
    rows = {row.name: row for row in materials_of(ready)}
    assert [name for _a, name in rows["事迹材料"].files] == ["材料.txt"]
    submitted = nomination_submit(nomination=ready, actor=world.org_admin)
    assert submitted.status == NominationStatus.SUBMITTED
    assert submitted.submitted_at is not None
    assert _live_uses() == 1


def test_a_nomination_beyond_the_allocation_is_refused_and_withdrawing_gives_the_place_back(world):
    setup = campaign_setup(world, org_a_places=1)
    first = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    second = ready_draft(setup.campaign, world.org_a, person(world.org_a, "乙"), world.org_admin)
    nomination_submit(nomination=first, actor=world.org_admin)
    with pytest.raises(ValidationError, match="名额已用完"):
        nomination_submit(nomination=second, actor=world.org_admin)
    second.refresh_from_db()
    assert second.status == NominationStatus.DRAFT
    status = quota_status(setup.campaign, world.org_a)
    assert status is not None
    assert (status.allocated, status.used, status.left) == (1, 1, 0)
    with pytest.raises(ValidationError, match="撤回原因"):
        nomination_withdraw(nomination=first, actor=world.org_admin, reason=" ")
    nomination_withdraw(nomination=first, actor=world.org_admin, reason="本人调离")
    first.refresh_from_db()
    assert first.status == NominationStatus.WITHDRAWN
    assert _live_uses() == 0
    nomination_submit(nomination=second, actor=world.org_admin)
    assert _live_uses() == 1
    # the withdrawn nominee may be put forward again
    again = nomination_create(
        campaign=setup.campaign, nominating_org=world.org_a, member=first.member, actor=world.org_admin
    )
    assert again.status == NominationStatus.DRAFT


def test_return_correct_and_resubmit_takes_no_second_place(world):
    setup = campaign_setup(world, org_a_places=1)
    nomination = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    nomination_submit(nomination=nomination, actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        nomination_return(nomination=nomination, actor=world.org_admin, reason="自己退回")
    with pytest.raises(ValidationError, match="退回原因"):
        nomination_return(nomination=nomination, actor=setup.county, reason="")
    nomination_return(nomination=nomination, actor=setup.county, reason="事迹材料缺少单位盖章")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert nomination.return_reason == "事迹材料缺少单位盖章"
    told = Notification.objects.filter(recipient=world.org_admin, title="推荐被退回修改")
    assert told.count() == 1
    assert "缺少单位盖章" in told.get().body
    nomination_update(nomination=nomination, actor=world.org_admin, deeds="补充后的事迹。")
    # a new file may replace an old one
    old = materials_of(nomination)[1].files[0][0]
    nomination_material_remove(nomination=nomination, attachment=old, actor=world.org_admin)
    with pytest.raises(ValidationError, match="请上传事迹材料"):
        nomination_submit(nomination=nomination, actor=world.org_admin)
    nomination_material_add(
        nomination=nomination, material="事迹材料", upload=upload(), actor=world.org_admin
    )
    nomination_submit(nomination=nomination, actor=world.org_admin)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.return_reason == ""
    assert nomination.deeds == "补充后的事迹。"
    assert QuotaUse.objects.count() == 1
    assert _live_uses() == 1


def test_the_runner_returns_too_but_a_submitted_nomination_is_not_edited(world):
    setup = campaign_setup(world)
    nomination = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    nomination_submit(nomination=nomination, actor=world.org_admin)
    with pytest.raises(ValidationError, match="不能修改"):
        nomination_update(nomination=nomination, actor=world.org_admin, deeds="偷偷改")
    nomination_return(nomination=nomination, actor=setup.runner, reason="请补充近三年考核结果")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED


def test_county_review_by_the_union_above(world):
    setup = campaign_setup(world, org_a_places=2)
    one = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    two = ready_draft(setup.campaign, world.org_a, person(world.org_a, "乙"), world.org_admin)
    nomination_submit(nomination=one, actor=world.org_admin)
    nomination_submit(nomination=two, actor=world.org_admin)
    assert set(reviewable_by(setup.county, setup.campaign)) == {one, two}
    assert not reviewable_by(world.org_admin, setup.campaign).exists()
    assert not reviewable_by(world.outsider, setup.campaign).exists()
    with pytest.raises(PermissionDenied):
        nomination_review(nomination=one, actor=world.org_admin, passed=True)
    with pytest.raises(PermissionDenied):
        nomination_review(nomination=one, actor=world.outsider, passed=True)
    nomination_review(nomination=one, actor=setup.county, passed=True)
    with pytest.raises(ValidationError, match="不通过的原因"):
        nomination_review(nomination=two, actor=setup.county, passed=False)
    nomination_review(nomination=two, actor=setup.county, passed=False, reason="不符合评选条件")
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == NominationStatus.PASSED
    assert two.status == NominationStatus.REJECTED
    assert _live_uses() == 1  # the rejected one gave its place back
    assert list(nominations_forward(setup.campaign)) == [one]
    with pytest.raises(ValidationError, match="不能审核"):
        nomination_review(nomination=one, actor=setup.county, passed=True)


def test_a_direct_child_of_the_campaign_union_is_reviewed_by_the_runner(world):
    setup = campaign_setup(world, quota=False)
    nomination = ready_draft(setup.campaign, world.county_x, person(world.county_x, "县教师"), setup.county)
    nomination_submit(nomination=nomination, actor=setup.county)
    with pytest.raises(PermissionDenied):
        nomination_review(nomination=nomination, actor=setup.county, passed=True)
    nomination_review(nomination=nomination, actor=setup.runner, passed=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PASSED


def test_without_a_county_review_stage_submitted_nominations_go_forward(world):
    stages = [Stage.NOMINATE, Stage.CITY_REVIEW, Stage.NAME]
    setup = campaign_setup(world, quota=False, stages=stages)
    nomination = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    nomination_submit(nomination=nomination, actor=world.org_admin)
    with pytest.raises(ValidationError, match="未设县区审核"):
        nomination_review(nomination=nomination, actor=setup.county, passed=True)
    assert list(nominations_forward(setup.campaign)) == [nomination]
    assert not reviewable_by(setup.county, setup.campaign).exists()


def test_an_org_campaign_nominates_a_union_of_the_subtree(world):
    setup = campaign_setup(world, quota=False, nominee_kind=NomineeKind.ORG, materials=["申报表"])
    person(world.org_a, "会员一")
    nomination = nomination_create(
        campaign=setup.campaign, nominating_org=world.county_x, nominee_org=world.org_a, actor=setup.county
    )
    assert nomination.nominee_name == "甲县第一中学工会"
    assert nomination.facts["名称"] == "甲县第一中学工会"
    assert nomination.facts["会员数"] == 2  # 甲会员 and 会员一
    with pytest.raises(ValidationError, match="不在甲县第一中学工会"):
        nomination_create(
            campaign=setup.campaign,
            nominating_org=world.org_a,
            nominee_org=world.county_x,
            actor=world.org_admin,
        )
    with pytest.raises(ValidationError, match="已被推荐参加本评选"):
        nomination_create(
            campaign=setup.campaign,
            nominating_org=world.org_a,
            nominee_org=world.org_a,
            actor=world.org_admin,
        )


def test_scoping_of_the_list_and_the_export(world):
    setup = campaign_setup(world, quota=False)
    mine = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    theirs = nomination_create(
        campaign=setup.campaign,
        nominating_org=world.org_b,
        member=person(world.org_b, "乙"),
        actor=world.outsider,
    )
    assert list(nominations_of(setup.campaign, world.org_admin)) == [mine]
    assert list(nominations_of(setup.campaign, world.outsider)) == [theirs]
    assert set(nominations_of(setup.campaign, setup.runner)) == {mine, theirs}
    assert list(nominations_of(setup.campaign, setup.runner, query="乙")) == [theirs]
    assert list(nominations_of(setup.campaign, setup.runner, org_id=world.county_x.pk)) == [mine]
    content = nominations_export(
        campaign=setup.campaign,
        nominations=nominations_of(setup.campaign, world.org_admin),
        actor=world.org_admin,
    )
    assert content[:2] == b"PK"


def test_withdraw_is_refused_once_named_and_by_others(world):
    setup = campaign_setup(world, quota=False)
    nomination = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    other = make_cadre("other_b", world.org_b)
    with pytest.raises(PermissionDenied):
        nomination_withdraw(nomination=nomination, actor=other, reason="无关")
    Nomination.objects.filter(pk=nomination.pk).update(status=NominationStatus.NAMED)
    with pytest.raises(ValidationError, match="不能撤回"):
        nomination_withdraw(nomination=nomination, actor=world.org_admin, reason="晚了")


def test_nomination_blockers_name_what_keeps_the_stage(world):
    setup = campaign_setup(world, quota=False)
    nomination = ready_draft(setup.campaign, world.org_a, person(world.org_a, "甲"), world.org_admin)
    nomination_submit(nomination=nomination, actor=world.org_admin)
    nomination_return(nomination=nomination, actor=setup.county, reason="补材料")
    assert nomination_blockers(setup.campaign) == ["还有 1 项退回修改的推荐未重新提交"]
    nomination_submit(nomination=nomination, actor=world.org_admin)
    HonourCampaign.objects.filter(pk=setup.campaign.pk).update(stage=Stage.COUNTY_REVIEW)
    setup.campaign.refresh_from_db()
    assert nomination_blockers(setup.campaign) == ["还有 1 项推荐未完成县区审核"]
    timeline = TimelineEntry.objects.filter(object_id=str(nomination.pk)).values_list("action", flat=True)
    assert "material_add" in list(timeline)
