"""Part profiles, the services: who may join and with what (the two declarations, a nickname that does not give
the member away, a contact stored encrypted), the card showing only the chosen fields, withdrawal hiding the
profile at once, and the erasure on its day (frozen time) leaving nothing personal behind."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gonghui.attachments.models import Attachment
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.core.registry import scheduled_jobs
from gonghui.matchmaking.choices import Education, ProfileAction, ProfileStatus, ReportReason
from gonghui.matchmaking.forms.profiles import JoinForm
from gonghui.matchmaking.models import ERASE_AFTER_DAYS, PLEDGE_VERSION, Block, Interest, MatchProfile, Report
from gonghui.matchmaking.selectors.browse import visible_profiles
from gonghui.matchmaking.selectors.profiles import active_profile, contact_of, my_profile, profile_card
from gonghui.matchmaking.services.profiles import (
    profile_edit,
    profile_join,
    profile_withdraw,
    profiles_erase_due,
)
from gonghui.members.choices import MemberStatus

from .factories_profiles import join_data, joined, member_with_profile, png_upload, with_photo

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
WITHDRAWN_ON = dt.date(2026, 3, 2)


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=TZ), tick=False)


def test_only_members_holding_membership_may_join(world):
    # given a member who has left the union
    member = world.member_a
    member.status = MemberStatus.LEFT
    member.save(update_fields=["status"])
    # when they try to join, then they are refused with a clear message and nothing is stored
    with pytest.raises(ValidationError, match="只有在籍会员"):
        profile_join(member=member, actor=world.org_member, data=join_data())
    assert not MatchProfile.objects.filter(member=member).exists()


def test_join_form_requires_both_declarations(world):
    form = JoinForm({"nickname": "晨跑的鹿", "contact": "wx1"})
    assert not form.is_valid()
    assert form.errors["single"] == ["请勾选“本人目前单身”"]
    assert form.errors["pledge"] == ["请勾选“我已阅读并遵守以上承诺”"]


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("12345678", "不能全是数字"),
        ("甲会员在此", "真实姓名"),
        ("鹿13700001111", "手机号码"),
        ("鹿", "2–12个字"),
    ],
)
def test_nickname_must_not_give_the_member_away(world, nickname, message):
    with pytest.raises(ValidationError, match=message):
        profile_join(member=world.member_a, actor=world.org_member, data=join_data(nickname=nickname))


@pytest.mark.parametrize(
    ("contact", "message"), [("", "请填写联系方式"), ("ab", "至少5个字符"), ("x" * 41, "不能超过40")]
)
def test_the_contact_must_be_a_usable_one(world, contact, message):
    with pytest.raises(ValidationError, match=message):
        profile_join(member=world.member_a, actor=world.org_member, data=join_data(contact=contact))


def test_join_stores_the_contact_encrypted_and_records_the_pledge(world):
    profile = joined(world.member_a, contact="wx_secret_deer")
    # the column holds ciphertext, never the contact
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_encrypted FROM matchmaking_matchprofile WHERE id = %s", [profile.pk])
        (stored,) = cursor.fetchone()
    assert stored
    assert "wx_secret_deer" not in stored
    assert contact_of(profile) == "wx_secret_deer"
    assert profile.status == ProfileStatus.ACTIVE
    assert profile.pledge_version == PLEDGE_VERSION
    assert profile.pledge_signed_at
    assert profile.joined_at
    entry = TimelineEntry.objects.get(object_id=str(profile.pk), action=ProfileAction.JOINED)
    assert entry.note == ""
    assert entry.actor == world.org_member


def test_joining_twice_is_refused(world):
    joined(world.member_a)
    with pytest.raises(ValidationError, match="已加入"):
        profile_join(member=world.member_a, actor=world.org_member, data=join_data())


def test_the_card_shows_only_the_chosen_fields(world):
    profile = joined(world.member_a, show_age_band=False, show_unit_type=False)
    profile = profile_edit(
        profile=profile,
        actor=world.org_member,
        data={
            "nickname": "晨跑的鹿",
            "about": "喜欢跑步",
            "height_cm": 172,
            "education": Education.MASTER,
            "seeking": "F",
            "contact": "wx_deer",
            "show_height": True,
            "show_education": False,
            "show_unit_name": False,
        },
    )
    card = profile_card(MatchProfile.objects.select_related("member__org").get(pk=profile.pk))
    assert card.nickname == "晨跑的鹿"
    assert card.height == "172 厘米"
    assert card.about == "喜欢跑步"
    assert card.education == card.age_band == card.unit_type == card.unit_name == ""
    assert not card.has_photo
    assert TimelineEntry.objects.filter(
        object_id=str(profile.pk), action=ProfileAction.EDITED, note=""
    ).exists()


def test_a_photo_must_be_a_real_jpg_or_png(world):
    profile = joined(world.member_a)
    fake = SimpleUploadedFile("me.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationError):
        profile_edit(
            profile=profile,
            actor=world.org_member,
            data={"nickname": "晨跑的鹿", "contact": "wx_deer_2026", "seeking": "any", "show_photo": True},
            photo=fake,
        )
    profile.refresh_from_db()
    assert profile.photo_id is None
    assert not Attachment.objects.exists()


def test_replacing_the_photo_deletes_the_old_one(world, django_capture_on_commit_callbacks):
    profile = with_photo(joined(world.member_a))
    old = profile.photo
    assert old is not None
    with django_capture_on_commit_callbacks(execute=True):
        profile = profile_edit(
            profile=profile,
            actor=world.org_member,
            data={"nickname": "晨跑的鹿", "contact": "wx_deer_2026", "seeking": "any", "show_photo": True},
            photo=png_upload("new.png"),
        )
    assert profile.photo_id != old.pk
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(str(old.file.name))


def test_withdrawal_hides_the_profile_at_once(world):
    _, other = member_with_profile("13700002222", world.org_b, name="乙会员", nickname="看海的人")
    mine = joined(world.member_a)
    assert visible_profiles(other).filter(pk=mine.pk).exists()
    Interest.objects.create(from_profile=mine, to_profile=other)
    Interest.objects.create(from_profile=other, to_profile=mine)
    Block.objects.create(from_profile=mine, to_profile=other)
    with _at(WITHDRAWN_ON):
        mine = profile_withdraw(profile=mine, actor=world.org_member)
    assert mine.status == ProfileStatus.WITHDRAWN
    assert mine.erase_due_on == WITHDRAWN_ON + dt.timedelta(days=ERASE_AFTER_DAYS)
    assert not visible_profiles(other).filter(pk=mine.pk).exists()
    assert not visible_profiles(mine).exists()  # and they see nobody any more
    # every 心动 both ways goes at once (a rejoin starts without old matches); the block stays until the erasure
    assert not Interest.objects.filter(from_profile=mine).exists()
    assert not Interest.objects.filter(to_profile=mine).exists()
    assert Block.objects.filter(from_profile=mine).exists()
    assert TimelineEntry.objects.filter(object_id=str(mine.pk), action=ProfileAction.WITHDRAWN).exists()


def test_a_member_who_leaves_the_union_is_no_longer_shown(world):
    _, other = member_with_profile("13700002222", world.org_b, name="乙会员", nickname="看海的人")
    mine = joined(world.member_a)
    world.member_a.status = MemberStatus.TRANSFERRED_OUT
    world.member_a.save(update_fields=["status"])
    assert not visible_profiles(other).filter(pk=mine.pk).exists()
    assert active_profile(world.member_a) is None


def test_erasure_on_its_day_leaves_nothing_personal(world, django_capture_on_commit_callbacks):
    # given a withdrawn profile with a photo, an interest each way and a block
    _, other = member_with_profile("13700002222", world.org_b, name="乙会员", nickname="看海的人")
    mine = with_photo(joined(world.member_a, nickname="晨跑的鹿", contact="wx_secret_deer"))
    mine.about, mine.height_cm, mine.education = "喜欢跑步", 172, Education.BACHELOR
    mine.save()
    Interest.objects.create(from_profile=mine, to_profile=other)
    Interest.objects.create(from_profile=other, to_profile=mine)
    Block.objects.create(from_profile=other, to_profile=mine)
    report = Report.objects.create(
        reporter=other, reported=mine, reason=ReportReason.FALSE_INFO, detail="说在市一中教书"
    )
    photo = mine.photo
    assert photo is not None
    with _at(WITHDRAWN_ON):
        profile_withdraw(profile=mine, actor=world.org_member)
    due = WITHDRAWN_ON + dt.timedelta(days=ERASE_AFTER_DAYS)
    # when the job runs the day before, nothing is erased
    assert profiles_erase_due(today=due - dt.timedelta(days=1)) == 0
    # when it runs on the day (through the scheduled job, time frozen)
    with _at(due), django_capture_on_commit_callbacks(execute=True):
        summary = scheduled_jobs.get("matchmaking.erase_due").func()
    assert "1" in summary
    # then the stored row has no personal data left
    row = MatchProfile.objects.get(pk=mine.pk)
    assert row.status == ProfileStatus.ERASED
    assert row.erased_at is not None
    assert (row.nickname, row.about, row.height_cm, row.education, row.contact_encrypted) == (
        "",
        "",
        None,
        "",
        "",
    )
    assert row.photo_id is None
    assert not row.show_photo
    assert not Attachment.objects.filter(object_id=str(mine.pk)).exists()
    assert not default_storage.exists(str(photo.file.name))
    assert not Interest.objects.filter(pk__gt=0).exists()
    assert not Block.objects.exists()
    report.refresh_from_db()  # the report stays, without its free text
    assert (report.reason, report.detail) == (ReportReason.FALSE_INFO, "")
    # and one audit row says it happened, without the data
    (audit,) = AuditLog.objects.filter(action=AuditAction.ERASE)
    assert audit.object_id == str(mine.pk)
    assert audit.summary == "婚恋交友资料已按期清除"
    logged = f"{audit.summary}{audit.detail}"
    assert "晨跑的鹿" not in logged
    assert "wx_secret_deer" not in logged
    assert "喜欢跑步" not in logged
    assert my_profile(world.member_a) is None
    # a second run does nothing
    assert profiles_erase_due(today=due) == 0


def test_rejoining_after_erasure_gives_a_blank_profile(world):
    mine = with_photo(joined(world.member_a, nickname="晨跑的鹿"))
    mine.about = "喜欢跑步"
    mine.save()
    with _at(WITHDRAWN_ON):
        profile_withdraw(profile=mine, actor=world.org_member)
    profiles_erase_due(today=WITHDRAWN_ON + dt.timedelta(days=ERASE_AFTER_DAYS))
    again = profile_join(
        member=world.member_a, actor=world.org_member, data=join_data(nickname="新的开始", contact="wx_new")
    )
    assert again.pk == mine.pk
    assert again.status == ProfileStatus.ACTIVE
    assert (again.nickname, again.about, again.photo_id, again.erased_at) == ("新的开始", "", None, None)
    assert contact_of(again) == "wx_new"
    assert again.pledge_version == PLEDGE_VERSION
