"""校务公开 pages: the three-actor matrix on the console, the create form with attachments, publish, the audited
阅读情况 export, the checklist and gaps pages, the member's portal list (unread marked) and page (leaves the read
receipt), attachment downloads for the unit's staff, and the list's query count."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.attachments.selectors import attachments_of
from gonghui.congresses.choices import DisclosureStatus
from gonghui.congresses.models import Disclosure, DisclosureRead
from gonghui.core.models import AuditLog

from .factories_disclosures import checklist_item, disclosure, text_file

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin reads it", "org_admin", 200),
        ("plain member has no console", "org_member", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_detail_access(world, _case, actor, status):
    made = disclosure(org=world.org_a, actor=world.org_admin)
    r = _client(getattr(world, actor)).get(reverse("congresses:disclosure_detail", args=[made.public_id]))
    assert r.status_code == status


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin publishes", "org_admin", 302),
        ("read-only auditor may not", "auditor", 403),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_publish_access(world, _case, actor, status):
    # given
    world.auditor = make_cadre("auditor_city", world.city, role=AUDITOR)
    draft = disclosure(org=world.org_a, actor=world.org_admin, publish=False)
    # when
    r = _client(getattr(world, actor)).post(reverse("congresses:disclosure_publish", args=[draft.public_id]))
    # then
    assert r.status_code == status
    draft.refresh_from_db()
    assert (draft.status == DisclosureStatus.PUBLISHED) is (status == 302)


def test_read_only_cadre_gets_403_on_the_withdraw_page(world):
    auditor = make_cadre("auditor_city", world.city, role=AUDITOR)
    made = disclosure(org=world.org_a, actor=world.org_admin)
    url = reverse("congresses:disclosure_withdraw", args=[made.public_id])
    assert _client(auditor).get(url).status_code == 403
    assert _client(world.org_admin).get(url).status_code == 200


def test_create_form_names_a_missing_field_then_saves_a_draft_with_its_files(world):
    item = checklist_item(org=world.org_a, actor=world.org_admin, year=2026)
    admin = _client(world.org_admin)
    url = reverse("congresses:disclosure_create")
    missing = admin.post(url, {"org": world.org_a.pk, "category": "finance", "content": "x"})
    assert missing.status_code == 200
    assert "请填写标题" in missing.content.decode()
    assert not Disclosure.objects.exists()
    r = admin.post(
        url,
        {
            "org": world.org_a.pk,
            "category": "finance",
            "title": "2026年度预算公开",
            "content": "预算总额 120 万元。",
            "checklist_item": item.pk,
            "uploads": [text_file(), text_file("说明.txt", "说明")],
        },
    )
    made = Disclosure.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("congresses:disclosure_detail", args=[made.public_id])
    assert (made.status, made.checklist_item, attachments_of(made).count()) == (
        DisclosureStatus.DRAFT,
        item,
        2,
    )


def test_export_is_an_audited_post(world):
    made = disclosure(org=world.org_a, actor=world.org_admin)
    url = reverse("congresses:disclosure_export", args=[made.public_id])
    admin = _client(world.org_admin)
    assert admin.get(url).status_code == 405
    r = admin.post(url)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        AuditLog.objects.get(action="export").summary == "导出校务公开「2026年度预算执行情况」阅读情况 1 人"
    )


def test_list_shows_own_units_only_and_queries_do_not_grow(world, django_assert_max_num_queries):
    disclosure(org=world.org_b, actor=world.outsider, title="乙院院务公开")
    disclosure(org=world.org_a, actor=world.org_admin, title="甲校公开0")
    admin = _client(world.org_admin)
    url = reverse("congresses:disclosure_list")
    admin.get(url)
    with CaptureQueriesContext(connection) as one:
        admin.get(url)
    for n in range(1, 6):
        disclosure(org=world.org_a, actor=world.org_admin, title=f"甲校公开{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = admin.get(url).content.decode()
    assert "甲校公开5" in page
    assert "乙院院务公开" not in page


def test_checklist_and_gaps_pages_show_the_gaps(world):
    checklist_item(org=world.org_a, actor=world.org_admin, year=2026, title="年度财务预算")
    admin = _client(world.org_admin)
    page = admin.get(reverse("congresses:disclosure_checklist"), {"org": world.org_a.pk, "year": 2026})
    assert page.status_code == 200
    assert 'id="checklist-gaps">1<' in page.content.decode()
    board = admin.get(reverse("congresses:disclosure_gaps"), {"year": 2026}).content.decode()
    assert world.org_a.name in board
    # another union's checklist page is not found
    other = _client(world.outsider).get(
        reverse("congresses:disclosure_checklist_add", args=[world.org_a.pk, 2026])
    )
    assert other.status_code == 404


def test_portal_list_marks_unread_and_the_page_leaves_the_receipt(world):
    # given: org A's published and draft disclosures, org B's published one
    published = disclosure(org=world.org_a, actor=world.org_admin, title="甲校预算公开")
    disclosure(org=world.org_a, actor=world.org_admin, publish=False, title="甲校草稿")
    other = disclosure(org=world.org_b, actor=world.outsider, title="乙院院务公开")
    member = _client(world.org_member)
    assert "校务公开：甲校预算公开" in member.get(reverse("portal:home")).content.decode()
    listing = member.get(reverse("congresses_portal:disclosure_list")).content.decode()
    assert "甲校预算公开" in listing
    assert "甲校草稿" not in listing
    assert "乙院院务公开" not in listing
    assert listing.count("data-unread") == 1
    # when
    r = member.get(reverse("congresses_portal:disclosure_detail", args=[published.public_id]))
    # then
    assert r.status_code == 200
    assert DisclosureRead.objects.get().member == world.member_a
    assert "data-unread" not in member.get(reverse("congresses_portal:disclosure_list")).content.decode()
    assert (
        member.get(reverse("congresses_portal:disclosure_detail", args=[other.public_id])).status_code == 404
    )


def test_unit_staff_download_attachments_of_published_disclosures_only(world):
    made = disclosure(org=world.org_a, actor=world.org_admin, uploads=(text_file(),))
    url = reverse("attachments:attachment_download", args=[attachments_of(made).get().public_id])
    assert _client(world.org_member).get(url).status_code == 200
    assert _client(world.outsider).get(url).status_code == 404
    draft = disclosure(org=world.org_a, actor=world.org_admin, publish=False, uploads=(text_file(),))
    draft_url = reverse("attachments:attachment_download", args=[attachments_of(draft).get().public_id])
    assert _client(world.org_member).get(draft_url).status_code == 404
    assert _client(world.org_admin).get(draft_url).status_code == 200
