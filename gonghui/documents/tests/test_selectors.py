"""Who sees which 公文: the issuer's subtree through scope, the recipients through their receipts."""

from typing import Any

import pytest

from gonghui.documents.models import Document
from gonghui.documents.permissions import VIEW
from gonghui.documents.selectors import (
    document_get_for_user,
    document_list_for_user,
    inbox_orgs,
    receipt_list_for_user,
)
from gonghui.documents.services import receipt_mark_read, receipt_sign

from .factories import make_draft, make_issued, receipt_of

pytestmark = pytest.mark.django_db


def test_recipients_see_a_delivered_document_and_outsiders_do_not(docs, city_notice):
    w = docs.world

    def visible(user):
        return set(Document.objects.filter(Document.visible_q(user, VIEW)).values_list("pk", flat=True))

    assert city_notice.pk in visible(w.org_admin)  # delivered to org A
    assert city_notice.pk in visible(docs.county_x_officer)  # delivered to 甲县
    # delivered to 乙县, above org B: a delivery to an upper union is not one to the unions below it
    assert city_notice.pk not in visible(w.outsider)
    assert city_notice.pk not in visible(w.org_member)


def test_a_delivery_to_an_upper_union_is_not_visible_below_it(docs):
    w = docs.world
    notice = make_issued(w.city, docs.city_officer, main_to="甲县教育工会")
    assert Document.objects.filter(Document.visible_q(w.org_admin, VIEW), pk=notice.pk).exists() is False
    assert Document.objects.filter(Document.visible_q(w.outsider, VIEW), pk=notice.pk).exists() is False


def test_drafts_are_seen_by_the_issuer_subtree_only(docs):
    w = docs.world
    draft = make_draft(w.city, docs.city_officer, main_to="甲县第一中学工会")
    assert Document.objects.filter(Document.visible_q(w.org_admin, VIEW), pk=draft.pk).exists() is False
    assert document_list_for_user(user=docs.city_officer).get() == draft
    assert list(document_list_for_user(user=docs.county_x_officer)) == []


def test_the_inbox_counts_unread_and_unsigned_and_searches(docs, city_notice):
    w = docs.world
    other = make_issued(
        w.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title="关于教师节活动的通知"
    )

    def inbox(**kw):
        return list(receipt_list_for_user(user=w.org_admin, org=w.org_a, **kw))

    assert [r.document for r in inbox()] == [other, city_notice]
    assert len(inbox(state="unread")) == 2
    receipt_mark_read(receipts=[receipt_of(other, w.org_a)], actor=w.org_admin)
    receipt_sign(receipt=receipt_of(city_notice, w.org_a), actor=w.org_admin)
    assert [r.document for r in inbox(state="unread")] == []
    assert [r.document for r in inbox(state="unsigned")] == [other]
    assert [r.document for r in inbox(query="教师节")] == [other]
    assert [r.document for r in inbox(query="测教工〔")] == [other, city_notice]


def test_the_inbox_is_that_of_the_users_own_unions(docs, city_notice):
    w = docs.world
    assert inbox_orgs(w.org_admin) == [w.org_a]
    # the county officer oversees org A but org A's inbox is not theirs
    assert list(receipt_list_for_user(user=docs.county_x_officer, org=w.org_a)) == []
    assert [r.org for r in receipt_list_for_user(user=docs.county_x_officer, org=w.county_x)] == [w.county_x]


def test_reading_marks_only_the_readers_own_union(docs, city_notice):
    w = docs.world
    receipts = list(city_notice.receipts.select_related("org"))
    assert receipt_mark_read(receipts=receipts, actor=docs.city_officer) == 0
    assert receipt_mark_read(receipts=receipts, actor=w.org_admin) == 1
    assert receipt_of(city_notice, w.org_a).read_by == w.org_admin


def test_the_sent_list_runs_in_a_fixed_number_of_queries(docs, django_assert_num_queries):
    w = docs.world
    for n in range(3):
        make_issued(w.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会", title=f"通知{n}")
    user = type(docs.city_officer).objects.get(pk=docs.city_officer.pk)
    with django_assert_num_queries(2):  # grants, then the annotated list
        rows: list[Any] = list(document_list_for_user(user=user))
    assert [(r.receipt_total, r.receipt_signed) for r in rows] == [(2, 0)] * 3


def test_document_lookup_is_404_outside_and_403_without_the_action(docs, city_notice):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    w = docs.world
    with pytest.raises(Http404):
        document_get_for_user(user=w.org_member, public_id=city_notice.public_id)
    with pytest.raises(PermissionDenied):
        document_get_for_user(user=w.org_admin, public_id=city_notice.public_id, action="documents.manage")
    assert document_get_for_user(user=w.org_admin, public_id=city_notice.public_id) == city_notice
