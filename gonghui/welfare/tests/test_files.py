"""The flow of a hardship file (part `files`) on org A's member's household: 单位初审 and 入户调查 by 甲校's own 帮扶干事,
审核, 公示, 建档 and 不予建档 by 甲县's (the union above); each refusal with its message; the 公示 (name, unit and
class only) closed by the notices block, and an upheld objection that sends the file back; the home counter and
the consent's attachment access."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_cadre
from gonghui.attachments.permissions import attachment_can_download as can_download
from gonghui.attachments.services import attachment_save
from gonghui.core.timeline import timeline_for
from gonghui.members.tests.factories import MemberFactory
from gonghui.notices.choices import EntryStatus, NoticeStatus
from gonghui.notices.models import Notice
from gonghui.notices.services import notice_close, objection_answer, objection_submit
from gonghui.notifications.models import Notification
from gonghui.welfare.choices import FileAction, FileStatus, HardshipClass
from gonghui.welfare.models import HardshipFile, HomeSurvey, HouseholdMember
from gonghui.welfare.permissions import OFFICER_ROLE
from gonghui.welfare.sealing import unseal
from gonghui.welfare.selectors.files import files_awaiting_count
from gonghui.welfare.services.files import (
    file_archive,
    file_publicise,
    file_reject,
    file_review,
    survey_record,
    unit_check,
)

from .factories import make_file, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(world):
    """(甲校's own 帮扶干事, 甲县's 帮扶干事 who reviews 甲校's files)."""
    return make_cadre("wf_school", world.org_a, OFFICER_ROLE), make_cadre(
        "wf_county", world.county_x, OFFICER_ROLE
    )


def _decided(file, officer, hardship_class=HardshipClass.DEEP, *, consent=True):
    upload = SimpleUploadedFile("授权委托书.txt", "家庭经济状况核查授权".encode(), content_type="text/plain")
    fields = {"decided_class": hardship_class}
    if consent:
        fields["consent_attachment"] = attachment_save(owner=file, org=file.org, upload=upload, actor=officer)
    HardshipFile.objects.filter(pk=file.pk).update(**fields)
    file.refresh_from_db()
    return file


def _surveyed(world, officers, **extra):
    school, _county = officers
    file = make_file(
        member=world.member_a, actor=school, status=FileStatus.SURVEYED, number="甲帮扶2026007", **extra
    )
    return _decided(file, school)


def _publicised(world, officers):
    file = _surveyed(world, officers)
    county = officers[1]
    file_review(file=file, actor=county)
    notice = file_publicise(file=file, actor=county)
    file.refresh_from_db()
    return file, notice


def _close(notice):
    """The notices block's job, run the day after the window."""
    assert notice.ends_on is not None
    notice_close(notice=notice, today=notice.ends_on + dt.timedelta(days=1))


def test_the_whole_flow_from_application_to_filed(world, officers):
    # given an application of org A's member
    school, county = officers
    file = make_file(member=world.member_a, actor=school, number="甲帮扶2026001")
    # when 甲校 checks and surveys, 甲县 reviews, publicises and (after the window) files it
    unit_check(file=file, actor=school, passed=True, note="会员身份、材料齐全")
    survey = survey_record(
        file=file,
        actor=school,
        surveyed_on=timezone.localdate(),
        visitors="王主席、李干事",
        findings="家中两人患病，月收入约两千元",
    )
    file.refresh_from_db()
    assert file.status == FileStatus.SURVEYED
    assert "两千" not in HomeSurvey.objects.get(pk=survey.pk).sealed
    assert unseal(survey.sealed) == {"findings": "家中两人患病，月收入约两千元"}
    _decided(file, school)
    file_review(file=file, actor=county, note="符合深度困难条件")
    notice = file_publicise(file=file, actor=county)
    file.refresh_from_db()
    assert (file.status, notice.status, notice.org, notice.audience) == (
        FileStatus.PUBLICISED,
        NoticeStatus.PUBLISHED,
        world.county_x,
        world.org_a,
    )
    with pytest.raises(ValidationError) as early:
        file_archive(file=file, actor=county)
    assert early.value.message_dict == {"file": ["公示期满后才能建档"]}
    _close(notice)
    assert Notification.objects.filter(recipient=county, title="困难职工建档公示期满").count() == 1
    file_archive(file=file, actor=county)
    # then the file is filed, its yearly review due in a year, the applicant told, every step on the timeline
    file.refresh_from_db()
    today = timezone.localdate()
    assert file.status == FileStatus.FILED
    assert file.filed_at is not None
    assert file.next_review_due == today.replace(year=today.year + 1)
    assert Notification.objects.filter(recipient=world.org_member, title="困难职工档案已建立").count() == 1
    rows = [(row.action, row.to_state) for row in timeline_for(file)]
    assert rows == [
        (FileAction.UNIT_CHECK, FileStatus.UNIT_CHECKED),
        (FileAction.SURVEY, FileStatus.SURVEYED),
        (FileAction.REVIEW, FileStatus.REVIEWED),
        (FileAction.PUBLICISE, FileStatus.PUBLICISED),
        ("notice_result", ""),
        (FileAction.FILE, FileStatus.FILED),
    ]
    assert all("两千" not in row.note for row in timeline_for(file))


def test_the_notice_shows_only_name_unit_and_class(world, officers):
    file, notice = _publicised(world, officers)
    entry = notice.entries.get()
    assert (entry.name, entry.unit, entry.reason, entry.extra) == ("甲会员", "甲县第一中学", "深度困难", "")
    assert entry.subject == file
    assert file.number not in notice.title + notice.body


def test_unit_check_returns_with_a_note_and_tells_the_applicant(world, officers):
    school, _county = officers
    file = make_file(member=world.member_a, actor=school)
    with pytest.raises(ValidationError) as missing:
        unit_check(file=file, actor=school, passed=False, note=" ")
    assert missing.value.message_dict == {"note": ["退回时请填写需要补充或更正的内容"]}
    unit_check(file=file, actor=school, passed=False, note="请补充配偶的收入证明")
    file.refresh_from_db()
    assert file.status == FileStatus.RETURNED
    message = Notification.objects.get(recipient=world.org_member)
    assert "请补充配偶的收入证明" in message.body


def test_a_survey_needs_a_past_date_visitors_and_findings(world, officers):
    school, _county = officers
    file = make_file(member=world.member_a, actor=school, status=FileStatus.UNIT_CHECKED)
    with pytest.raises(ValidationError) as refused:
        survey_record(
            file=file,
            actor=school,
            surveyed_on=timezone.localdate() + dt.timedelta(days=1),
            visitors=" ",
            findings="",
        )
    assert refused.value.message_dict == {
        "surveyed_on": ["调查日期不能晚于今天"],
        "visitors": ["请填写调查人员"],
        "findings": ["请填写调查结论"],
    }
    assert HomeSurvey.objects.count() == 0
    file.refresh_from_db()
    assert file.status == FileStatus.UNIT_CHECKED


def test_review_is_refused_with_every_missing_thing_named(world, officers):
    school, county = officers
    file = make_file(member=world.member_a, actor=school, status=FileStatus.SURVEYED)
    make_person(household=file.household, name="甲会员之子")
    HouseholdMember.objects.filter(name="甲会员之子").update(consent_at=None)
    with pytest.raises(ValidationError) as refused:
        file_review(file=file, actor=county)
    assert refused.value.message_dict == {
        "decided_class": ["尚未核定困难类别，请先根据测算结果核定类别。"],
        "consent_attachment": ["尚未上传授权委托书（家庭经济状况核查授权）。"],
        "people": ["以下家庭成员尚未授权核查家庭经济状况：甲会员之子。"],
    }
    _decided(file, school, HardshipClass.NOT_ELIGIBLE)
    with pytest.raises(ValidationError) as not_eligible:
        file_review(file=file, actor=county)
    assert not_eligible.value.message_dict["decided_class"] == [
        "核定类别为“不符合条件”，不能审核通过；如不予建档，请办理“不予建档”。"
    ]
    file.refresh_from_db()
    assert file.status == FileStatus.SURVEYED


def test_review_belongs_to_the_union_above(world, officers):
    # given a surveyed file: 甲校's own officer handles it but may not review it
    school, county = officers
    file = _surveyed(world, officers)
    with pytest.raises(PermissionDenied):
        file_review(file=file, actor=school)
    with pytest.raises(PermissionDenied):
        file_reject(file=file, actor=school, reason="不符合条件")
    file.refresh_from_db()
    assert file.status == FileStatus.SURVEYED
    # the county's officer may also take the unit's steps (grants reach down)
    assert file_review(file=file, actor=county).status == FileStatus.REVIEWED


def test_two_clicks_never_apply_a_step_twice(world, officers):
    school, _county = officers
    file = make_file(member=world.member_a, actor=school)
    stale = HardshipFile.objects.get(pk=file.pk)
    unit_check(file=file, actor=school, passed=True)
    with pytest.raises(ValidationError) as again:
        unit_check(file=stale, actor=school, passed=True)
    assert "当前状态“单位初审通过”下不能执行“单位初审”" in again.value.messages[0]
    assert [row.action for row in timeline_for(file)] == [FileAction.UNIT_CHECK]


def test_an_upheld_objection_sends_the_file_back(world, officers):
    # given a file in 公示 and an objection by a member of 甲校
    _school, county = officers
    file, notice = _publicised(world, officers)
    entry = notice.entries.get()
    objection = objection_submit(
        notice=notice, user=world.org_member, text="该户家庭另有经营收入", entry=entry
    )
    # when 甲县 upholds it
    objection_answer(objection=objection, outcome="upheld", answer="经核实，异议成立", actor=county)
    # then the file is back at 已入户调查 with a note, and cannot be filed when the notice closes
    file.refresh_from_db()
    assert file.status == FileStatus.SURVEYED
    back = timeline_for(file).filter(action=FileAction.RETURN).get()
    assert (back.from_state, back.note) == (
        FileStatus.PUBLICISED,
        "公示期间异议成立，已撤下公示，退回重新调查审核",
    )
    assert notice.entries.get().status == EntryStatus.WITHDRAWN
    _close(notice)
    assert files_awaiting_count(county) == 1  # waiting for another 审核, not for 建档
    file_review(file=file, actor=county)
    second = file_publicise(file=file, actor=county)
    assert second.pk != notice.pk
    with pytest.raises(ValidationError):
        file_archive(file=file, actor=county)


def test_reject_needs_a_reason_cancels_the_notice_and_tells_the_applicant(world, officers):
    _school, county = officers
    file, notice = _publicised(world, officers)
    with pytest.raises(ValidationError) as missing:
        file_reject(file=file, actor=county, reason="  ")
    assert missing.value.message_dict == {"reason": ["请填写不予建档的理由"]}
    file_reject(file=file, actor=county, reason="家庭人均收入高于当地低保标准两倍")
    file.refresh_from_db()
    notice.refresh_from_db()
    assert (file.status, file.end_note) == (FileStatus.REJECTED, "家庭人均收入高于当地低保标准两倍")
    assert notice.status == NoticeStatus.CANCELLED
    told = Notification.objects.get(recipient=world.org_member, title="困难职工帮扶申请结果")
    assert "两倍" in told.body


def test_the_home_counter_counts_the_files_waiting_for_the_users_step(world, officers):
    school, county = officers
    make_file(
        member=world.member_a, actor=school
    )  # 待单位初审: 甲校's officer (and the county's, from above)
    second = MemberFactory.create(org=world.org_a, name="甲会员二")
    make_file(member=second, actor=school, status=FileStatus.SURVEYED)  # 待审核: the county's only
    assert (files_awaiting_count(school), files_awaiting_count(county)) == (1, 2)
    assert files_awaiting_count(world.org_admin) == 0


def test_the_consent_opens_to_who_sees_the_file_and_the_applicant(world, officers):
    school, _county = officers
    file = _decided(make_file(member=world.member_a, actor=school), school)
    attachment = file.consent_attachment
    assert can_download(school, attachment)
    assert can_download(world.org_member, attachment)  # the applicant member
    assert not can_download(world.org_admin, attachment)  # the union's admin: counts only
    assert not can_download(world.outsider, attachment)
    assert Notice.objects.count() == 0
