"""Part moderation through its pages: the member's report form and receipt (375 px portal, no-store), the
moderator's queue and report page (three actors), the audited reveal as a POST and the photo behind it."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_cadre, make_member_user
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.matchmaking.choices import ProfileStatus, ReportOutcome, ReportReason, ReportStatus
from gonghui.matchmaking.models import Report
from gonghui.matchmaking.permissions import MODERATOR_ROLE
from gonghui.matchmaking.services.moderation import report_handle

from .factories_moderation import own_profile, report, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    return own_profile(world.member_a), single(world.org_a, nickname="小林", gender="M")


@pytest.fixture
def moderator(world):
    return make_cadre("mod_a", world.org_a, role=MODERATOR_ROLE)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the member's side --------------------------------------------------------------------------------------
def test_member_reports_and_lands_on_the_receipt(world, pair):
    reporter, reported = pair
    client = _client(world.org_member)
    url = reverse("matchmaking_portal:report_create", args=[reported.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    # when
    answer = client.post(url, {"reason": ReportReason.HARASSMENT, "detail": "深夜多次发消息"})
    # then
    made = Report.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("matchmaking_portal:report_receipt", args=[made.public_id])
    receipt = client.get(answer["Location"])
    body = receipt.content.decode()
    assert "待处理" in body
    assert str(made.public_id)[:8].upper() in body
    assert "no-store" in receipt["Cache-Control"]


def test_a_duplicate_report_gets_a_clear_message(world, pair):
    reporter, reported = pair
    report(reporter, reported)
    client = _client(world.org_member)
    url = reverse("matchmaking_portal:report_create", args=[reported.public_id])
    answer = client.post(url, {"reason": ReportReason.INDECENT})
    assert answer.status_code == 422
    assert "正在处理中" in answer.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("_case", "setup"),
    [
        ("reporter has no profile", "no_profile"),
        ("reporter withdrew", "withdrawn"),
        ("reported is suspended", "suspended"),
    ],
)
def test_report_form_is_404_unless_both_profiles_are_visible(world, pair, _case, setup):
    reporter, reported = pair
    if setup == "no_profile":
        reporter.delete()
    elif setup == "withdrawn":
        reporter.status = ProfileStatus.WITHDRAWN
        reporter.save(update_fields=["status"])
    else:
        reported.status = ProfileStatus.SUSPENDED
        reported.save(update_fields=["status"])
    url = reverse("matchmaking_portal:report_create", args=[reported.public_id])
    client = _client(world.org_member)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": ReportReason.HARASSMENT}).status_code == 404
    assert not Report.objects.exists()


def test_the_receipt_is_the_reporters_own(world, pair):
    reporter, reported = pair
    made = report(reporter, reported)
    url = reverse("matchmaking_portal:report_receipt", args=[made.public_id])
    # the reported member and another member of the same union get 404
    assert _client(reported.member.user).get(url).status_code == 404
    other_user, _member = make_member_user("13700002222", world.org_a, name="乙会员")
    assert _client(other_user).get(url).status_code == 404
    # once handled, the reporter reads the outcome and never who handled it
    moderator = make_cadre("mod_a", world.org_a, role=MODERATOR_ROLE)
    report_handle(report=made, actor=moderator, outcome=ReportOutcome.WARNED, note="已提醒对方")
    body = _client(world.org_member).get(url).content.decode()
    assert "提醒改正" in body
    assert "婚恋交友管理员" in body
    assert "mod_a" not in body
    assert "已提醒对方" not in body


# --- the moderator's side -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("moderator of org A", "moderator", 200),
        ("union admin of org A without the role", "org_admin", 403),
        ("plain member of org A", "org_member", 403),
        ("moderator of org B", "moderator_b", 404),
    ],
)
def test_report_page_access(request, world, pair, moderator, _case, actor, status):
    reporter, reported = pair
    made = report(reporter, reported)
    user = make_cadre("mod_b", world.org_b, role=MODERATOR_ROLE) if actor == "moderator_b" else None
    client = _client(user or request.getfixturevalue(actor))
    assert client.get(reverse("matchmaking:report_detail", args=[made.public_id])).status_code == status
    answer = client.post(reverse("matchmaking:report_reveal", args=[made.public_id]))
    assert answer.status_code == status
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == (1 if status == 200 else 0)


def test_union_admin_without_the_role_is_refused_the_queue(world):
    assert _client(world.org_admin).get(reverse("matchmaking:report_list")).status_code == 403


def test_the_queue_shows_the_report_not_the_reported_profile(world, pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported, reason=ReportReason.NOT_SINGLE)
    page = _client(moderator).get(reverse("matchmaking:report_list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "并非单身" in body
    assert str(made.public_id)[:8].upper() in body
    assert "小林" not in body
    assert reported.member.name not in body
    # filters
    handled = _client(moderator).get(reverse("matchmaking:report_list"), {"status": ReportStatus.HANDLED})
    assert str(made.public_id)[:8].upper() not in handled.content.decode()
    assert "没有符合条件的举报" in handled.content.decode()


def test_the_report_page_shows_the_profile_only_after_the_audited_post(world, pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported)
    client = _client(moderator)
    # a GET shows the report and the reveal button, not the profile, and writes nothing
    page = client.get(reverse("matchmaking:report_detail", args=[made.public_id])).content.decode()
    assert "查看被举报资料" in page
    assert "小林" not in page
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    # the POST audits and shows the profile with the union, never the registry name or phone, nor the reporter
    revealed = client.post(reverse("matchmaking:report_reveal", args=[made.public_id]))
    body = revealed.content.decode()
    assert revealed.status_code == 200
    assert "no-store" in revealed["Cache-Control"]
    assert "小林" in body
    assert world.org_a.name in body
    assert reported.member.name not in body
    assert reported.member.phone not in body
    assert reporter.nickname not in body
    assert world.member_a.name not in body  # the reporter, not even on the timeline
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_the_photo_is_served_only_after_a_reveal(world, pair, moderator):
    from gonghui.attachments.services import attachment_save

    from .factories_profiles import png_upload

    reporter, reported = pair
    photo = attachment_save(owner=reported, org=world.org_a, upload=png_upload(), actor=None)
    reported.photo = photo
    reported.save(update_fields=["photo"])
    made = report(reporter, reported)
    client = _client(moderator)
    url = reverse("matchmaking:report_photo", args=[made.public_id])
    assert client.get(url).status_code == 302  # not looked at yet: back to the report
    client.post(reverse("matchmaking:report_reveal", args=[made.public_id]))
    shown = client.get(url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert "no-store" in shown["Cache-Control"]


def test_handling_and_restoring_through_the_pages(world, pair, moderator):
    reporter, reported = pair
    made = report(reporter, reported)
    client = _client(moderator)
    handle = reverse("matchmaking:report_handle", args=[made.public_id])
    refused = client.post(handle, {"outcome": ReportOutcome.SUSPENDED})
    assert refused.status_code == 422
    assert "请填写处理说明" in refused.content.decode()
    assert (
        client.post(handle, {"outcome": ReportOutcome.SUSPENDED, "handler_note": "核实"}).status_code == 302
    )
    reported.refresh_from_db()
    assert reported.status == ProfileStatus.SUSPENDED
    restore = reverse("matchmaking:profile_restore", args=[made.public_id])
    assert "确认恢复展示" in client.get(restore).content.decode()
    assert client.post(restore, {"reason": "误会已澄清"}).status_code == 302
    reported.refresh_from_db()
    assert reported.status == ProfileStatus.ACTIVE
