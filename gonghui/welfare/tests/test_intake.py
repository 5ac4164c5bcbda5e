"""Part intake, services: one household one file (a spouse listed by ID number only, then applying herself, gets the
same file), the reopening after 脱困, who may apply for whom, the anonymous-诉求 rule (only after the actor's audited
reveal), the consent upload's types with nothing half-written, the resubmission, 我的办理's row."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_member_user
from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.appeals.services import appeal_identity_reveal
from gonghui.appeals.tests.factories import make_appeal
from gonghui.core.audit import AuditContext
from gonghui.core.timeline import timeline_for
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification
from gonghui.welfare.choices import (
    Channel,
    Employment,
    FileAction,
    FileStatus,
    HardshipCause,
    HealthStatus,
    Housing,
    MedicalInsurance,
    Relation,
)
from gonghui.welfare.models import HardshipFile, Household
from gonghui.welfare.selectors.intake import file_steps, my_requests
from gonghui.welfare.services.households import PersonInput
from gonghui.welfare.services.intake import (
    ApplicationFacts,
    appeal_apply_invite,
    consent_attach,
    file_apply,
    file_from_appeal,
    file_resubmit,
)
from gonghui.welfare.tests.factories import grant_officer, make_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FACTS = ApplicationFacts(
    cause_main=HardshipCause.ILLNESS,
    causes_secondary=(HardshipCause.SCHOOLING,),
    housing=Housing.RENTED,
    medical_insurance=MedicalInsurance.EMPLOYEE,
    address="甲县人民路8号",
)


def _person(name: str, relation: str = Relation.SPOUSE, **extra) -> PersonInput:
    values = {
        "relation": relation,
        "name": name,
        "employment": Employment.FLEXIBLE,
        "health": HealthStatus.CHRONIC,
        "annual_income": Decimal("12000"),
        "consent_signer": name,
        **extra,
    }
    return PersonInput(**values)


def _png(name: str = "授权委托书.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_spouse_listed_by_id_number_who_applies_gets_the_same_file(world):
    # given 甲会员 applies on the portal and lists his wife, also a member, by her ID number only
    _user, wife = make_member_user("13700002222", world.org_a, name="甲妻")
    wife_id = decrypt_identifier(wife.id_number_encrypted)
    file = file_apply(
        applicant=world.member_a,
        actor=world.org_member,
        facts=FACTS,
        channel=Channel.PORTAL,
        people=[_person("甲妻", id_number=wife_id)],
        consent_upload=_png(),
    )
    assert file.number == f"帮扶{timezone.localdate().year}0001"
    assert file.consent_attachment is not None
    assert [e.action for e in timeline_for(file)][:2] == [FileAction.APPLY, FileAction.CONSENT]
    message = Notification.objects.get(recipient=world.org_member)
    assert message.url == f"/portal/welfare/receipt/{file.public_id}/"

    # when she applies herself, and then the union enters an application for her
    again = file_apply(applicant=wife, actor=wife.user, facts=FACTS, channel=Channel.PORTAL)
    grant_officer(world.org_admin, world.county_x)
    by_union = file_apply(applicant=wife, actor=world.org_admin, facts=FACTS, channel=Channel.UNION)

    # then both open the household's one file, unchanged
    assert again.pk == by_union.pk == file.pk
    assert HardshipFile.objects.count() == Household.objects.count() == 1
    assert again.channel == Channel.PORTAL
    assert again.cycle == 1


def test_an_application_after_lifting_reopens_the_file_for_a_new_cycle(world):
    lifted = make_file(
        member=world.member_a, actor=world.org_admin, status=FileStatus.LIFTED, number="帮扶20250007"
    )
    file = file_apply(applicant=world.member_a, actor=world.org_member, facts=FACTS, channel=Channel.PORTAL)
    assert file.pk == lifted.pk
    assert (file.status, file.cycle, file.filed_at, file.housing) == (
        FileStatus.APPLIED,
        2,
        None,
        Housing.RENTED,
    )
    assert [e.action for e in timeline_for(file)][-1] == FileAction.REOPEN
    assert HardshipFile.objects.count() == 1


def test_who_may_apply_for_whom(world):
    other = MemberFactory.create(org=world.org_a, name="甲同事")
    with pytest.raises(PermissionDenied):  # a member for another member
        file_apply(applicant=other, actor=world.org_member, facts=FACTS, channel=Channel.PORTAL)
    with pytest.raises(PermissionDenied):  # a member posing as the union
        file_apply(applicant=world.member_a, actor=world.org_member, facts=FACTS, channel=Channel.UNION)
    grant_officer(world.outsider, world.county_y)
    with pytest.raises(PermissionDenied):  # the 帮扶干事 of another county
        file_apply(applicant=world.member_a, actor=world.outsider, facts=FACTS, channel=Channel.UNION)
    assert not Household.objects.exists()


def test_an_anonymous_appeal_opens_a_file_only_after_the_actors_audited_reveal(world):
    officer = grant_officer(world.org_admin, world.county_x)
    RoleGrantFactory.create(user=officer, role="appeals_supervisor", org=world.county_x)
    appeal = make_appeal(world.member_a, anonymous=True)
    with pytest.raises(ValidationError, match="匿名诉求"):
        file_from_appeal(appeal=appeal, actor=officer)
    assert not HardshipFile.objects.exists()

    # the member's consent instead: invited (the officer learns nothing), they apply from their own 诉求
    appeal_apply_invite(appeal=appeal, actor=officer)
    invitation = Notification.objects.get(recipient=world.org_member, category="welfare")
    assert invitation.url == f"/portal/welfare/apply/?appeal={appeal.public_id}"

    other = make_appeal(make_member_user("13700004444", world.org_a, name="甲同事")[1], anonymous=True)
    with pytest.raises(ValidationError):  # nobody applies from another member's 诉求
        file_apply(
            applicant=world.member_a,
            actor=world.org_member,
            facts=FACTS,
            channel=Channel.PORTAL,
            appeal=other,
        )

    # or the actor's audited reveal
    appeal_identity_reveal(appeal=appeal, actor=officer, reason="了解家庭困难情况", context=AuditContext())
    file = file_from_appeal(appeal=appeal, actor=officer)
    assert (file.applicant, file.channel, file.appeal) == (world.member_a, Channel.APPEAL, appeal)
    assert file.cause_main == ""
    assert file.status == FileStatus.APPLIED


def test_a_named_appeal_needs_the_welfare_officer_of_its_union(world):
    appeal = make_appeal(world.member_a)
    RoleGrantFactory.create(
        user=world.outsider, role="appeals_supervisor", org=world.county_x
    )  # sees, no welfare
    with pytest.raises(PermissionDenied):
        file_from_appeal(appeal=appeal, actor=world.outsider)


def test_the_consent_upload_takes_pdf_jpg_png_only_and_nothing_is_half_written(world):
    with pytest.raises(ValidationError) as refused:
        file_apply(
            applicant=world.member_a,
            actor=world.org_member,
            facts=FACTS,
            channel=Channel.PORTAL,
            consent_upload=SimpleUploadedFile("授权委托书.docx", b"PK\x03\x04" + b"\x00" * 40),
        )
    assert "consent_upload" in refused.value.error_dict
    assert not Household.objects.exists()
    assert not HardshipFile.objects.exists()

    file = file_apply(applicant=world.member_a, actor=world.org_member, facts=FACTS, channel=Channel.PORTAL)
    with pytest.raises(ValidationError, match="不符"):  # a program renamed .png
        consent_attach(
            file=file, actor=world.org_member, upload=_png("委托书.png", b"MZ\x90\x00" + b"\x00" * 60)
        )
    file.refresh_from_db()
    assert file.consent_attachment is None


def test_a_returned_application_is_resubmitted_by_the_member(world):
    file = make_file(member=world.member_a, actor=world.org_admin, status=FileStatus.RETURNED)
    with pytest.raises(PermissionDenied):
        file_resubmit(file=file, actor=world.outsider)
    file = file_resubmit(file=file, actor=world.org_member, facts=FACTS)
    assert (file.status, file.housing) == (FileStatus.APPLIED, Housing.RENTED)
    with pytest.raises(ValidationError):
        file_resubmit(file=file, actor=world.org_member)


def test_my_requests_and_the_steps_show_the_files_state(world):
    file = make_file(
        member=world.member_a, actor=world.org_admin, status=FileStatus.SURVEYED, number="帮扶20260003"
    )
    [row] = my_requests(world.org_member)
    assert (row.kind, row.status, row.url) == ("困难职工帮扶", "已入户调查", "/portal/welfare/")
    assert "帮扶20260003" in row.title
    assert [s.state for s in file_steps(file)] == ["done", "done", "done", "current", "todo", "todo"]
    assert my_requests(world.org_admin) == []
