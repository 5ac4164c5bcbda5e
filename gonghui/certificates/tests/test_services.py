import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_member_user
from gonghui.certificates.choices import CertificateStatus, IssueJobStatus
from gonghui.certificates.models import Certificate, IssueJob
from gonghui.certificates.permissions import OFFICER_ROLE
from gonghui.certificates.selectors import certificate_by_code, certificates_of_holder
from gonghui.certificates.services import (
    CODE_ALPHABET,
    certificate_issue,
    certificate_issue_batch,
    certificate_revoke,
)
from gonghui.core.audit import AuditContext
from gonghui.core.models import AuditLog

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 4)


def _issue(world, kind, holder=None, **extra):
    holder = holder or world.member_a
    return certificate_issue(
        kind=kind,
        issuer=world.org_a,
        owner=world.org_a,
        holder=holder,
        holder_name=holder.name,
        holder_org=holder.org,
        title="2026年优秀会员",
        awarded_on=DAY,
        data={"rank": 1},
        actor=world.org_admin,
        **extra,
    )


def test_issue_numbers_per_issuer_series_and_year(world, test_kind):
    # given two members of the same union
    _, second = make_member_user("13700002222", world.org_a, name="乙会员")
    # when both get a certificate
    first_cert = _issue(world, test_kind)
    second_cert = _issue(world, test_kind, holder=second)
    # then they are numbered 1 and 2 in the kind's default series of the award's year
    assert (first_cert.serial, second_cert.serial) == (1, 2)
    assert first_cert.number == "测荣证〔2026〕1号"
    assert second_cert.number == "测荣证〔2026〕2号"
    assert first_cert.status == CertificateStatus.VALID
    assert first_cert.holder == world.member_a
    assert first_cert.owner == world.org_a
    assert first_cert.data == {"rank": 1}


def test_issue_is_idempotent_per_kind_owner_and_holder(world, test_kind):
    first = _issue(world, test_kind)
    again = _issue(world, test_kind)
    assert again.pk == first.pk
    assert Certificate.objects.count() == 1


def test_new_codes_are_twelve_unambiguous_symbols_and_unique(world, test_kind):
    certificate = _issue(world, test_kind)
    assert len(certificate.code) == 12
    assert set(certificate.code) <= set(CODE_ALPHABET)
    assert not set(certificate.code) & set("01IO")
    assert len(CODE_ALPHABET) == 32  # 12 × 5 = 60 random bits


def test_a_given_code_series_and_year_are_kept(world, test_kind):
    certificate = _issue(world, test_kind, code="OLDCODE123", series="焦教工证", year=2025)
    assert certificate.code == "OLDCODE123"
    assert certificate.number == "焦教工证〔2025〕1号"
    assert certificate_by_code(" oldcode123 ") == certificate


def test_a_code_already_used_is_refused(world, test_kind):
    _issue(world, test_kind, code="SAMECODE")
    _, other = make_member_user("13700003333", world.org_a, name="丙会员")
    with pytest.raises(ValidationError) as error:
        _issue(world, test_kind, holder=other, code="SAMECODE")
    assert error.value.message_dict == {"code": ["验证码已被其他证书使用"]}


def test_unknown_kind_is_a_programming_error(world):
    with pytest.raises(ValueError, match="unknown certificate kind"):
        _issue(world, "nope")


def test_revoke_records_reason_and_audit_row(world, test_kind, org_admin):
    # given
    certificate = _issue(world, test_kind)
    from conftest import make_cadre

    officer = make_cadre("cert_officer", world.org_a, role=OFFICER_ROLE)
    # when
    certificate_revoke(
        certificate=certificate, reason="信息有误", actor=officer, context=AuditContext(ip="10.0.0.1")
    )
    # then
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_reason == "信息有误"
    assert certificate.revoked_by == officer
    assert certificate.revoked_at is not None
    row = AuditLog.objects.get(object_id=str(certificate.pk))
    assert row.summary == f"撤销证书 {certificate.number}：信息有误"
    assert row.ip_address == "10.0.0.1"
    # a second revocation is refused
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, reason="再次", actor=officer)


def test_revoke_needs_a_reason_and_the_manage_action(world, test_kind):
    certificate = _issue(world, test_kind)
    with pytest.raises(ValidationError) as error:
        certificate_revoke(certificate=certificate, reason="  ", actor=world.outsider)
    assert error.value.message_dict == {"reason": ["请填写撤销原因"]}
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, reason="无权", actor=world.outsider)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_certificates_of_holder_newest_first(world, test_kind):
    older = _issue(world, test_kind)
    newer = certificate_issue(
        kind=test_kind,
        issuer=world.county_x,
        owner=world.county_x,
        holder=world.member_a,
        holder_name="甲会员",
        title="县级表彰",
        awarded_on=DAY + dt.timedelta(days=30),
        actor=None,
    )
    assert list(certificates_of_holder(world.member_a)) == [newer, older]


def test_batch_issue_runs_as_a_task_with_progress(world, test_kind, django_capture_on_commit_callbacks):
    # given three members in org_a (one from the world, two more), one already holding a certificate
    from conftest import make_cadre

    officer = make_cadre("cert_officer", world.org_a, role=OFFICER_ROLE)
    make_member_user("13700004444", world.org_a, name="丁会员")
    make_member_user("13700005555", world.org_a, name="戊会员")
    _issue(world, test_kind)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_issue_batch(
            kind=test_kind,
            issuer=world.org_a,
            owner=world.org_a,
            title="2026年优秀会员",
            awarded_on=DAY,
            actor=officer,
        )
    # then
    job = IssueJob.objects.get(pk=job.pk)
    assert job.status == IssueJobStatus.DONE
    assert (job.total, job.done, job.issued, job.percent) == (3, 3, 2, 100)
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [1, 2, 3]


def test_batch_issue_refused_to_an_outsider(world, test_kind):
    with pytest.raises(PermissionDenied):
        certificate_issue_batch(
            kind=test_kind,
            issuer=world.org_a,
            owner=world.org_a,
            title="x",
            awarded_on=DAY,
            actor=world.outsider,
        )
    assert IssueJob.objects.count() == 0


def test_revoke_tells_a_member_holder_in_the_inbox(world, test_kind):
    from conftest import make_cadre
    from gonghui.notifications.models import Notification

    certificate = _issue(world, test_kind)
    officer = make_cadre("cert_officer", world.org_a, role=OFFICER_ROLE)
    certificate_revoke(certificate=certificate, reason="信息有误", actor=officer)
    message = Notification.objects.get(recipient=world.org_member)
    assert message.title == "您的证书已被撤销"
    assert f"（{certificate.number}）" in message.body
    assert message.body.endswith("原因：信息有误")
    assert message.url == f"/certificates/verify/{certificate.code}/"
