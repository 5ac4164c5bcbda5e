"""Part `cycle` (services and scheduled jobs, on frozen time): the yearly 复核 reminder comes 30 days before and
once; 继续建档 moves the date a year; 调整类别 needs a note; 脱困 creates the 3- and 12-month follow-ups whose
reminders fire once; 注销 sets the purge date; the purge after the retention period leaves no sealed text or ID
number in the rows (read with raw SQL) and keeps the number, the applicant's name and the class."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import encrypt_identifier, identifier_hash, mask_identifier
from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_save
from gonghui.core.registry import scheduled_jobs
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.welfare.choices import (
    CloseReason,
    FileStatus,
    FollowUpKind,
    FollowUpOutcome,
    HardshipClass,
    Relation,
    ReviewOutcome,
)
from gonghui.welfare.models import FileReview, FollowUp, HardshipFile, HomeSurvey
from gonghui.welfare.sealing import seal
from gonghui.welfare.services.cycle import (
    annual_review_record,
    file_close,
    file_lift,
    file_purge,
    follow_up_record,
)

from .factories import grant_officer, make_file, make_person

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
FILED_ON = dt.datetime(2026, 3, 1, 10, tzinfo=TZ)  # make_file: next review 2027-03-01
SPOUSE_ID = "110101199003071234"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=TZ), tick=False)


def _run(key: str) -> str:
    return scheduled_jobs.get(key).func()


@pytest.fixture
def officer(world):
    grant_officer(world.outsider, world.county_y)  # another county's officer: never reminded of org A's files
    return grant_officer(world.org_admin, world.county_x)


@pytest.fixture
def filed(world, officer):
    with time_machine.travel(FILED_ON, tick=False):
        return make_file(
            member=world.member_a,
            actor=officer,
            status=FileStatus.FILED,
            number="甲帮扶2026001",
            decided_class=HardshipClass.DEEP,
        )


def test_review_reminder_comes_30_days_before_and_only_once(filed, officer, world):
    with _at(dt.date(2027, 1, 29)):
        assert _run("welfare.reviews_remind") == "年度复核提醒 0 户"
    assert not FileReview.objects.exists()
    with _at(dt.date(2027, 1, 30)):
        assert _run("welfare.reviews_remind") == "年度复核提醒 1 户"
        assert _run("welfare.reviews_remind") == "年度复核提醒 0 户"
    review = FileReview.objects.get(file=filed)
    assert (review.year, review.due_on, review.done_on) == (2027, dt.date(2027, 3, 1), None)
    assert review.reminded_at is not None
    told = Notification.objects.filter(title="困难职工档案年度复核提醒")
    assert [n.recipient for n in told] == [officer]  # not org B's officer, not twice


def test_continue_moves_the_next_review_a_year_and_the_next_reminder_with_it(filed, officer):
    with _at(dt.date(2027, 2, 10)):
        _run("welfare.reviews_remind")
        review = annual_review_record(file=filed, actor=officer, outcome=ReviewOutcome.CONTINUE, note="")
        with pytest.raises(ValidationError):  # the same form sent twice
            annual_review_record(file=filed, actor=officer, outcome=ReviewOutcome.CONTINUE, note="")
    filed.refresh_from_db()
    assert filed.next_review_due == dt.date(2028, 3, 1)
    assert (review.year, review.outcome, review.done_on) == (
        2027,
        ReviewOutcome.CONTINUE,
        dt.date(2027, 2, 10),
    )
    assert FileReview.objects.count() == 1  # the reminder's row was completed, not duplicated
    with _at(dt.date(2027, 12, 1)):
        assert _run("welfare.reviews_remind") == "年度复核提醒 0 户"
    with _at(dt.date(2028, 1, 31)):
        assert _run("welfare.reviews_remind") == "年度复核提醒 1 户"
    assert FileReview.objects.filter(file=filed, year=2028).exists()


def test_reclass_needs_a_note_and_a_different_class(filed, officer):
    with pytest.raises(ValidationError) as missing_note:
        annual_review_record(
            file=filed,
            actor=officer,
            outcome=ReviewOutcome.RECLASS,
            note="",
            new_class=HardshipClass.RELATIVE,
        )
    assert "note" in missing_note.value.message_dict
    with pytest.raises(ValidationError) as same:
        annual_review_record(
            file=filed,
            actor=officer,
            outcome=ReviewOutcome.RECLASS,
            note="收入增加",
            new_class=HardshipClass.DEEP,
        )
    assert "new_class" in same.value.message_dict
    annual_review_record(
        file=filed,
        actor=officer,
        outcome=ReviewOutcome.RECLASS,
        note="收入增加",
        new_class=HardshipClass.RELATIVE,
    )
    filed.refresh_from_db()
    assert (filed.decided_class, filed.status) == (HardshipClass.RELATIVE, FileStatus.FILED)
    assert "深度困难 → 相对困难" in [entry.note for entry in timeline_for(filed)][-1]


def test_only_an_officer_of_the_union_reviews(filed, world):
    with pytest.raises(PermissionDenied):
        annual_review_record(file=filed, actor=world.outsider, outcome=ReviewOutcome.CONTINUE, note="")
    with pytest.raises(PermissionDenied):
        file_lift(file=filed, actor=world.org_member, note="已就业")


def test_lift_creates_the_two_follow_ups_whose_reminders_fire_once(filed, officer):
    with _at(dt.date(2026, 6, 15)):
        annual_review_record(file=filed, actor=officer, outcome=ReviewOutcome.LIFT, note="配偶已就业")
    filed.refresh_from_db()
    assert filed.status == FileStatus.LIFTED
    assert filed.next_review_due is None
    due = dict(FollowUp.objects.filter(file=filed).values_list("kind", "due_on"))
    assert due == {
        FollowUpKind.THREE_MONTHS: dt.date(2026, 9, 15),
        FollowUpKind.TWELVE_MONTHS: dt.date(2027, 6, 15),
    }
    with _at(dt.date(2026, 9, 7)):
        assert _run("welfare.follow_ups_remind") == "脱困回访提醒 0 次"
    with _at(dt.date(2026, 9, 8)):
        assert _run("welfare.follow_ups_remind") == "脱困回访提醒 1 次"
        assert _run("welfare.follow_ups_remind") == "脱困回访提醒 0 次"
    with _at(dt.date(2026, 9, 16)):
        three = FollowUp.objects.get(file=filed, kind=FollowUpKind.THREE_MONTHS)
        follow_up_record(
            follow_up=three,
            actor=officer,
            done_on=dt.date(2026, 9, 16),
            outcome=FollowUpOutcome.STABLE,
            note="",
        )
    with _at(dt.date(2027, 6, 8)):
        assert _run("welfare.follow_ups_remind") == "脱困回访提醒 1 次"
    assert Notification.objects.filter(title="脱困回访提醒", recipient=officer).count() == 2


def test_close_sets_the_purge_date_from_the_retention_setting(filed, officer, settings):
    settings.WELFARE_RETENTION_YEARS = 5
    with pytest.raises(ValidationError) as no_reason:
        file_close(file=filed, actor=officer, reason="", note="")
    assert "reason" in no_reason.value.message_dict
    with _at(dt.date(2026, 8, 31)):
        file_close(file=filed, actor=officer, reason=CloseReason.DECEASED, note="")
    filed.refresh_from_db()
    assert (filed.status, filed.close_reason, filed.purge_after) == (
        FileStatus.CLOSED,
        CloseReason.DECEASED,
        dt.date(2031, 8, 31),
    )
    with pytest.raises(ValidationError):
        annual_review_record(file=filed, actor=officer, outcome=ReviewOutcome.CONTINUE, note="")


def _sealed_household(file: HardshipFile, actor) -> None:
    make_person(
        household=file.household,
        name="甲配偶",
        relation=Relation.SPOUSE,
        annual_income="8000",
        id_number_encrypted=encrypt_identifier(SPOUSE_ID),
        id_number_hash=identifier_hash(IdType.RESIDENT, SPOUSE_ID),
        id_number_masked=mask_identifier(SPOUSE_ID),
        birth_date=dt.date(1990, 3, 7),
    )
    HomeSurvey.objects.create(
        file=file,
        surveyed_on=dt.date(2026, 2, 1),
        visitors="王干事",
        sealed=seal({"findings": "住房破旧"}),
        recorded_by=actor,
    )
    upload = SimpleUploadedFile("授权委托书.pdf", PDF, content_type="application/pdf")
    consent = attachment_save(owner=file, org=file.org, upload=upload, actor=actor)
    HardshipFile.objects.filter(pk=file.pk).update(
        sealed=seal({"expenses": {"medical": "9000"}, "explanation": ["人均月收入 500 元"]}),
        consent_attachment=consent,
        class_note="家中有重病患者",
    )


def _raw(sql: str, *params: int) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def test_purge_after_the_retention_period_empties_the_details_and_keeps_the_row(filed, officer, world):
    _sealed_household(filed, officer)
    with _at(dt.date(2026, 8, 31)):
        file_close(file=filed, actor=officer, reason=CloseReason.LEFT, note="调往外市")
    with _at(dt.date(2031, 8, 30)):
        assert _run("welfare.purge_due") == "到期清除档案明细 0 户"
        with pytest.raises(ValidationError):
            file_purge(file=filed, actor=officer)
    assert _raw("SELECT sealed FROM welfare_hardshipfile WHERE id = %s", filed.pk)[0][0] != ""
    with _at(dt.date(2031, 8, 31)):
        assert _run("welfare.purge_due") == "到期清除档案明细 1 户"
        assert _run("welfare.purge_due") == "到期清除档案明细 0 户"
    file_row = _raw(
        "SELECT sealed, class_note, end_note, consent_attachment_id, number, decided_class, purged_at"
        " FROM welfare_hardshipfile WHERE id = %s",
        filed.pk,
    )[0]
    assert file_row[:4] == ("", "", "", None)
    assert file_row[4:6] == ("甲帮扶2026001", HardshipClass.DEEP)
    assert file_row[6] is not None
    people = _raw(
        "SELECT relation, name, sealed, id_number_encrypted, id_number_hash, id_number_masked, birth_date"
        " FROM welfare_householdmember WHERE household_id = %s ORDER BY relation",
        filed.household_id,
    )
    assert {row[1] for row in people} == {world.member_a.name, "配偶"}
    assert all(row[2:] == ("", "", "", "", None) for row in people)
    assert _raw("SELECT address FROM welfare_household WHERE id = %s", filed.household_id) == [("",)]
    assert _raw("SELECT sealed FROM welfare_homesurvey WHERE file_id = %s", filed.pk) == [("",)]
    assert not Attachment.objects.exists()
    assert [entry.action for entry in timeline_for(filed)][-1] == "purge"
