"""Reads of 公文 for three actors: the inbox states of one union, the sender's board and its summary, forwards
each union may follow, the sent list's filters and its query count, and the pages that show them."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.documents.choices import DocumentStatus
from gonghui.documents.selectors import (
    board_for_user,
    board_summary,
    document_list_for_user,
    forwards_for_user,
    inbox_orgs,
    inbox_unread_count,
    inbox_unsigned_count,
    receipt_get_for_user,
    receipt_list_for_user,
)
from gonghui.documents.services import (
    document_withdraw,
    receipt_forward,
    receipt_mark_read,
    receipt_sign,
)
from gonghui.orgs.tests.factories import OrgFactory

from .factories import make_draft, make_issued, receipt_of

pytestmark = pytest.mark.django_db


def _inbox(user, org, **filters):
    return [r.document.title for r in receipt_list_for_user(user=user, org=org, **filters)]


@pytest.fixture
def two_notices(docs):
    """Two county notices to org A: the first read and signed there, the second untouched."""
    w = docs.world
    first = make_issued(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title="读书月通知")
    second = make_issued(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title="运动会通知")
    receipt_sign(receipt=receipt_of(first, w.org_a), actor=w.org_admin)
    return first, second


def test_the_inbox_filters_by_state(docs, two_notices):
    w = docs.world
    assert _inbox(w.org_admin, w.org_a) == ["运动会通知", "读书月通知"]
    assert _inbox(w.org_admin, w.org_a, state="unread") == ["运动会通知"]
    assert _inbox(w.org_admin, w.org_a, state="unsigned") == ["运动会通知"]
    assert _inbox(w.org_admin, w.org_a, state="signed") == ["读书月通知"]
    assert _inbox(w.org_admin, w.org_a, state="bogus") == ["运动会通知", "读书月通知"]
    assert (
        inbox_unread_count(user=w.org_admin, org=w.org_a),
        inbox_unsigned_count(user=w.org_admin, org=w.org_a),
    ) == (
        1,
        1,
    )


def test_the_inbox_searches_title_number_and_issuer(docs, two_notices):
    w = docs.world
    first, _second = two_notices
    assert _inbox(w.org_admin, w.org_a, query="运动会") == ["运动会通知"]
    assert _inbox(w.org_admin, w.org_a, query=first.document_number) == ["读书月通知"]
    assert _inbox(w.org_admin, w.org_a, query="甲县教育工会") == ["运动会通知", "读书月通知"]
    assert _inbox(w.org_admin, w.org_a, query="乙县") == []


def test_a_withdrawn_document_leaves_the_inbox(docs, two_notices):
    w = docs.world
    _first, second = two_notices
    document_withdraw(document=second, actor=docs.county_x_officer, reason="重复发文")
    assert _inbox(w.org_admin, w.org_a) == ["读书月通知"]


def test_the_inbox_of_another_union_is_empty_for_three_actors(docs, two_notices):
    w = docs.world
    assert _inbox(w.outsider, w.org_a) == []
    assert _inbox(w.org_member, w.org_a) == []
    assert _inbox(docs.county_x_officer, w.org_a) == []  # the county oversees, but it is not org A's inbox
    assert _inbox(w.org_admin, None) == []
    assert [o.code for o in inbox_orgs(w.org_admin)] == ["ORGA"]
    assert inbox_orgs(w.org_member) == []


def test_reading_is_marked_once_and_only_for_the_readers_union(docs, two_notices):
    w = docs.world
    _first, second = two_notices
    receipt = receipt_of(second, w.org_a)
    assert receipt_mark_read(receipts=[receipt], actor=w.outsider) == 0
    assert receipt_mark_read(receipts=[receipt], actor=docs.county_x_officer) == 0
    assert receipt_mark_read(receipts=[receipt], actor=docs.clerk_a) == 1
    receipt.refresh_from_db()
    assert receipt.read_by_id == docs.clerk_a.pk
    assert receipt_mark_read(receipts=[receipt], actor=w.org_admin) == 0


def test_one_delivery_is_seen_within_the_recipients_subtree(docs, two_notices):
    w = docs.world
    receipt = receipt_of(two_notices[0], w.org_a)
    assert receipt_get_for_user(user=w.org_admin, public_id=receipt.public_id) == receipt
    assert receipt_get_for_user(user=docs.county_x_officer, public_id=receipt.public_id) == receipt
    with pytest.raises(Http404):
        receipt_get_for_user(user=w.outsider, public_id=receipt.public_id)


def test_the_board_summarises_the_issuers_deliveries(docs, city_notice):
    w = docs.world
    receipt_sign(receipt=receipt_of(city_notice, w.org_a), actor=w.org_admin)
    receipt_mark_read(receipts=[receipt_of(city_notice, w.county_y)], actor=docs.city_officer)  # not its own
    OrgFactory.create(parent=w.county_x, code="ORGA2", name="甲县第二中学工会", unit_name="甲县第二中学")
    receipt_forward(
        receipt=receipt_of(city_notice, w.county_x),
        actor=docs.county_x_officer,
        targets_text="甲县第二中学工会",
    )
    rows = board_for_user(user=docs.city_officer, document=city_notice)
    assert [r.org.code for r in rows] == ["CX", "ORGA", "CY"]  # the forward's delivery is on 甲县's own board
    summary = board_summary(rows)
    # 甲县 signed on forwarding, org A signed, 乙县 untouched (the city officer's opening is not 乙县's reading)
    assert (summary.total, summary.read, summary.signed, summary.forwarded, summary.unsigned) == (
        3,
        2,
        2,
        1,
        1,
    )


def test_the_issuers_board_is_refused_to_recipients_and_outsiders(docs, city_notice):
    w = docs.world
    for actor in (w.org_admin, w.outsider, docs.county_x_officer):
        with pytest.raises(PermissionDenied):
            board_for_user(user=actor, document=city_notice)


def test_a_forward_is_followed_by_its_own_union_and_the_issuer_only(docs):
    w = docs.world
    notice = make_issued(w.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会")
    receipt_forward(
        receipt=receipt_of(notice, w.county_x),
        actor=docs.county_x_officer,
        targets_text="甲县第一中学工会",
        note="请落实",
    )
    forward = notice.forwards.get()
    assert [f.pk for f in forwards_for_user(user=docs.city_officer, document=notice)] == [forward.pk]
    assert [f.pk for f in forwards_for_user(user=docs.county_x_officer, document=notice)] == [forward.pk]
    county_y_admin = _county_admin(w.county_y)
    assert list(forwards_for_user(user=county_y_admin, document=notice)) == []
    rows = board_for_user(user=docs.county_x_officer, document=notice, forward=forward)
    assert [(r.org.code, r.role) for r in rows] == [("ORGA", "forwarded")]
    with pytest.raises(PermissionDenied):
        board_for_user(user=county_y_admin, document=notice, forward=forward)
    counted: Any = forwards_for_user(user=docs.city_officer, document=notice).get()
    assert (counted.receipt_total, counted.receipt_signed) == (1, 0)


def _county_admin(org):
    return make_cadre(f"admin_{org.code.lower()}", org)


def test_the_sent_list_filters_and_counts_deliveries(docs, city_notice):
    w = docs.world
    draft = make_draft(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title="草稿通知")
    receipt_sign(receipt=receipt_of(city_notice, w.org_a), actor=w.org_admin)
    listed = {d.title: d for d in document_list_for_user(user=docs.city_officer)}
    assert set(listed) == {"关于做好暑期安全工作的通知", "草稿通知"}
    notice: Any = listed["关于做好暑期安全工作的通知"]
    assert (notice.receipt_total, notice.receipt_signed) == (3, 1)
    assert [d.pk for d in document_list_for_user(user=docs.city_officer, status=DocumentStatus.DRAFT)] == [
        draft.pk
    ]
    assert [d.pk for d in document_list_for_user(user=docs.city_officer, within=w.county_x)] == [draft.pk]
    assert [d.pk for d in document_list_for_user(user=docs.city_officer, query="测教工")] == [city_notice.pk]
    # the sent list is the issuers': org A and the outsider issued nothing
    assert list(document_list_for_user(user=w.org_admin)) == []
    assert list(document_list_for_user(user=w.outsider)) == []
    assert [d.pk for d in document_list_for_user(user=docs.county_x_officer)] == [draft.pk]


def test_the_inbox_runs_in_a_fixed_number_of_queries(docs, django_assert_num_queries):
    w = docs.world
    for n in range(3):
        make_issued(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title=f"通知{n}")
    list(receipt_list_for_user(user=w.org_admin, org=w.org_a))  # the user's grants are read once per request
    with django_assert_num_queries(1):
        rows = list(receipt_list_for_user(user=w.org_admin, org=w.org_a))
        assert [r.document.org.name for r in rows] == ["甲县教育工会"] * 3


# ---- pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"),
    [("org_admin", 200), ("org_member", 403), ("outsider", 200)],
)
def test_the_list_pages_admit_cadres(client, request, docs, actor, status):
    client.force_login(request.getfixturevalue(actor))
    for name in ("documents:document_list", "documents:inbox", "documents:incoming_list"):
        assert client.get(reverse(name)).status_code == status, name


def test_the_inbox_page_shows_the_counts_and_filters(client, docs, two_notices):
    client.force_login(docs.world.org_admin)
    page = client.get(reverse("documents:inbox")).content.decode()
    assert "运动会通知" in page
    assert "读书月通知" in page
    signed = client.get(reverse("documents:inbox"), {"state": "signed"}).content.decode()
    assert "读书月通知" in signed
    assert "运动会通知" not in signed
    client.force_login(docs.world.outsider)
    other = client.get(reverse("documents:inbox")).content.decode()
    assert "运动会通知" not in other


def test_the_board_page_for_three_actors(client, docs, city_notice):
    w = docs.world
    url = reverse("documents:document_board", args=[city_notice.public_id])
    client.force_login(docs.city_officer)
    page = client.get(url).content.decode()
    assert "乙县教育工会" in page
    for actor, status in ((w.org_admin, 403), (w.outsider, 404), (w.org_member, 403)):
        client.force_login(actor)
        assert client.get(url).status_code == status


def test_signing_from_the_page_flashes_the_outcome(client, docs, two_notices):
    w = docs.world
    _first, second = two_notices
    receipt = receipt_of(second, w.org_a)
    url = reverse("documents:receipt_sign", args=[receipt.public_id])
    client.force_login(w.org_admin)
    assert client.get(url).status_code == 405
    page = client.post(url, follow=True).content.decode()
    receipt.refresh_from_db()
    assert receipt.signed_by_id == w.org_admin.pk
    again = client.post(url, follow=True).content.decode()
    assert "本单位已签收该公文" in again
    assert "甲县第一中学工会已签收" in page
    assert "甲县第一中学工会已签收" not in again


def test_an_issue_from_the_page_reports_the_number_and_the_deliveries(client, docs):
    w = docs.world
    draft = make_draft(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    client.force_login(docs.county_x_officer)
    client.post(reverse("documents:document_submit", args=[draft.public_id]))
    client.force_login(docs.county_x_reviewer)
    client.post(reverse("documents:document_review", args=[draft.public_id]), {"note": "可以"})
    client.force_login(docs.county_x_signer)
    page = client.post(
        reverse("documents:document_issue", args=[draft.public_id]), follow=True
    ).content.decode()
    draft.refresh_from_db()
    year = timezone.localdate().year
    assert draft.document_number == f"测教工〔{year}〕1号"
    assert f"已签发，文号 测教工〔{year}〕1号，已送达 1 个单位" in page
    again = client.post(
        reverse("documents:document_issue", args=[draft.public_id]), follow=True
    ).content.decode()
    assert "当前状态“已签发”下不能执行“签发”" in again
