"""公文 services: the send flow with its 文号, delivery, 签收, 转发, 撤回 and 催办, each on the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import NumberSequence, TimelineEntry
from gonghui.documents.choices import DocumentStatus, RecipientRole
from gonghui.documents.drafting import body_clean
from gonghui.documents.models import Document, Forward, Receipt
from gonghui.documents.services import (
    document_issue,
    document_remind,
    document_return,
    document_review,
    document_submit,
    document_update,
    document_withdraw,
    receipt_forward,
    receipt_sign,
)
from gonghui.notifications.models import Notification
from gonghui.orgs.tests.factories import OrgFactory

from .factories import make_draft, make_issued, receipt_of

pytestmark = pytest.mark.django_db


def _actions(document):
    return list(
        TimelineEntry.objects.filter(object_id=str(document.pk), content_type__model="document")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_send_flow_takes_the_number_at_signing_and_delivers_to_every_recipient(docs):
    # given a draft of the city union to two county unions and a school, 抄送 another school
    w = docs.world
    draft = make_draft(
        w.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会", cc_to="甲县第一中学工会"
    )
    assert (draft.status, draft.document_number) == (DocumentStatus.DRAFT, "")
    # when it goes through 核稿 and 签发
    document_submit(document=draft, actor=docs.city_officer)
    document_review(document=draft, actor=docs.city_reviewer)
    issued = document_issue(document=draft, actor=docs.city_signer, issued_on=dt.date(2020, 4, 17))
    # then it carries the first 文号 of the series and year, and each recipient has one receipt
    assert (issued.status, issued.document_number, issued.number) == (
        DocumentStatus.ISSUED,
        "测教工〔2020〕1号",
        1,
    )
    assert (issued.drafted_by, issued.reviewed_by, issued.signed_by) == (
        docs.city_officer,
        docs.city_reviewer,
        docs.city_signer,
    )
    receipts = {r.org_id: r.role for r in Receipt.objects.filter(document=issued)}
    assert receipts == {
        w.county_x.pk: RecipientRole.MAIN,
        w.county_y.pk: RecipientRole.MAIN,
        w.org_a.pk: RecipientRole.COPY,
    }
    assert _actions(issued) == ["create", "submit", "review", "issue"]
    # the recipients' cadres are told (org A's admin holds the receive action there)
    assert Notification.objects.filter(recipient=w.org_admin, title="新公文：测教工〔2020〕1号").count() == 1


def test_numbers_are_gap_free_and_a_withdrawn_document_keeps_its_number(docs):
    w = docs.world
    first = make_issued(w.city, docs.city_officer, main_to="甲县教育工会", issued_on=dt.date(2020, 3, 1))
    document_withdraw(document=first, actor=docs.city_officer, reason="内容有误")
    second = make_issued(w.city, docs.city_officer, main_to="甲县教育工会", issued_on=dt.date(2020, 3, 2))
    other_series = make_issued(
        w.city, docs.city_officer, main_to="甲县教育工会", series="测教工函", issued_on=dt.date(2020, 3, 2)
    )
    next_year = make_issued(w.city, docs.city_officer, main_to="甲县教育工会", issued_on=dt.date(2021, 1, 5))
    first.refresh_from_db()
    assert (first.status, first.document_number) == (DocumentStatus.WITHDRAWN, "测教工〔2020〕1号")
    assert second.document_number == "测教工〔2020〕2号"
    assert other_series.document_number == "测教工函〔2020〕1号"
    assert next_year.document_number == "测教工〔2021〕1号"
    assert NumberSequence.objects.get(issuer_id=w.city.pk, series="测教工", year=2020).last_number == 2


def test_a_failed_issue_writes_nothing_and_gives_the_number_back(docs):
    # given a document whose only recipient was deactivated after drafting
    w = docs.world
    school = OrgFactory.create(parent=w.county_x, code="TMP", name="临时学校工会", unit_name="临时学校")
    draft = make_draft(w.county_x, docs.county_x_officer, main_to="临时学校工会")
    document_submit(document=draft, actor=docs.county_x_officer)
    document_review(document=draft, actor=docs.county_x_reviewer)
    school.status = "inactive"
    school.save(update_fields=["status"])
    # when it is signed off
    with pytest.raises(ValidationError) as exc:
        document_issue(document=draft, actor=docs.county_x_signer)
    # then nothing changed and no number was used
    assert exc.value.message_dict == {"main_to": ["主送范围内没有可送达的组织"]}
    draft.refresh_from_db()
    assert (draft.status, draft.document_number) == (DocumentStatus.SIGNING, "")
    assert not NumberSequence.objects.filter(issuer_id=w.county_x.pk, last_number__gt=0).exists()
    assert Receipt.objects.count() == 0


def test_review_and_signing_need_their_actions_and_a_return_needs_a_reason(docs):
    w = docs.world
    draft = make_draft(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    document_submit(document=draft, actor=docs.county_x_officer)
    with pytest.raises(PermissionDenied):
        document_review(document=draft, actor=docs.clerk_a)  # a clerk of a lower union
    with pytest.raises(ValidationError) as exc:
        document_return(document=draft, actor=docs.county_x_officer, reason=" ")
    assert exc.value.message_dict == {"reason": ["请填写退回原因"]}
    document_return(document=draft, actor=docs.county_x_officer, reason="主送单位不全")
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    assert _actions(draft)[-1] == "return"


def test_a_clerk_drafts_but_cannot_sign(docs, world):
    # given a clerk (draft, receive) and an admin on the same county
    from conftest import make_cadre
    from gonghui.documents.permissions import CLERK_ROLE

    clerk = make_cadre("cx_clerk", world.county_x, role=CLERK_ROLE)
    draft = make_draft(world.county_x, clerk, main_to="甲县第一中学工会")
    document_submit(document=draft, actor=clerk)
    with pytest.raises(PermissionDenied):
        document_review(document=draft, actor=clerk)
    document_review(document=draft, actor=docs.county_x_officer)
    with pytest.raises(PermissionDenied):
        document_issue(document=draft, actor=clerk)
    draft.refresh_from_db()
    assert (draft.status, draft.number) == (DocumentStatus.SIGNING, None)


def test_only_the_union_admin_signs_a_documents_officer_reviews_but_does_not_sign(docs, world):
    # given a 公文管理员 and a 工会干事 of 甲县 besides its 工会管理员
    from conftest import make_cadre
    from gonghui.accounts.roles import UNION_STAFF
    from gonghui.documents.permissions import OFFICER_ROLE

    documents_officer = make_cadre("cx_documents_officer", world.county_x, role=OFFICER_ROLE)
    staff = make_cadre("cx_staff", world.county_x, role=UNION_STAFF)
    # when the 干事 drafts and the 公文管理员 reviews
    draft = make_draft(world.county_x, staff, main_to="甲县第一中学工会")
    document_submit(document=draft, actor=staff)
    document_review(document=draft, actor=documents_officer)
    # then neither of them may sign (签发 takes the 文号), the 工会管理员 may
    for refused in (staff, documents_officer):
        with pytest.raises(PermissionDenied):
            document_issue(document=draft, actor=refused)
    draft.refresh_from_db()
    assert (draft.status, draft.number) == (DocumentStatus.SIGNING, None)
    document_issue(document=draft, actor=docs.county_x_officer)
    draft.refresh_from_db()
    assert (draft.status, draft.signed_by) == (DocumentStatus.ISSUED, docs.county_x_officer)


def test_a_union_staff_member_signs_for_a_delivered_document(docs, world, city_notice):
    # given a 工会干事 of org A, one of the three recipients of the city notice
    from conftest import make_cadre
    from gonghui.accounts.roles import UNION_STAFF

    staff = make_cadre("a_staff", world.org_a, role=UNION_STAFF)
    # when they sign for it (签收)
    receipt = receipt_sign(receipt=receipt_of(city_notice, world.org_a), actor=staff)
    # then the receipt names them; the 干事 of another union may not
    assert (receipt.signed_by, receipt.signed_at is not None) == (staff, True)
    with pytest.raises(PermissionDenied):
        receipt_sign(receipt=receipt_of(city_notice, world.county_y), actor=staff)


def test_only_drafts_can_be_edited_and_fields_are_checked(docs):
    w = docs.world
    draft = make_draft(w.city, docs.city_officer, main_to="甲县教育工会")
    with pytest.raises(ValidationError) as exc:
        document_update(
            document=draft,
            actor=docs.city_officer,
            series="",
            title="=cmd",
            body="",
            main_to="火星工会",
            cc_to="",
        )
    assert set(exc.value.message_dict) == {"series", "title", "main_to"}
    assert exc.value.message_dict["main_to"] == [
        "无法识别的收文单位：火星工会（请填写本会下级组织的全称或简称）"
    ]
    document_submit(document=draft, actor=docs.city_officer)
    with pytest.raises(ValidationError):
        document_update(
            document=draft, actor=docs.city_officer, series="测教工", title="新标题", main_to="甲县教育工会"
        )
    draft.refresh_from_db()
    assert draft.title == "关于做好暑期安全工作的通知"


def test_recipients_must_lie_below_the_issuer(docs):
    w = docs.world
    with pytest.raises(ValidationError) as exc:
        make_draft(w.county_x, docs.county_x_officer, main_to="乙县人民医院工会")
    assert "main_to" in exc.value.message_dict
    assert Document.objects.count() == 0


def test_the_body_keeps_formatting_and_drops_scripts():
    assert body_clean("第一段\n\n第二段<>") == "<p>第一段</p><p>第二段&lt;&gt;</p>"
    cleaned = body_clean(
        '<p onclick="x()">一<strong>二</strong><script>alert(1)</script><a href="javascript:1">三</a></p>'
    )
    assert cleaned == "<p>一<strong>二</strong>三</p>"


def test_a_recipient_signs_once_and_only_its_own_cadres_may(docs, city_notice):
    w = docs.world
    receipt = receipt_of(city_notice, w.org_a)
    with pytest.raises(PermissionDenied):
        receipt_sign(receipt=receipt, actor=docs.county_x_officer)  # the upper union does not sign for it
    signed = receipt_sign(receipt=receipt, actor=w.org_admin)
    assert (signed.signed_by, signed.read_by) == (w.org_admin, w.org_admin)
    with pytest.raises(ValidationError):
        receipt_sign(receipt=receipt, actor=w.org_admin)
    assert _actions(city_notice)[-1] == "sign"


def test_withdrawal_is_refused_once_anybody_signed(docs, city_notice):
    w = docs.world
    receipt_sign(receipt=receipt_of(city_notice, w.org_a), actor=w.org_admin)
    with pytest.raises(ValidationError) as exc:
        document_withdraw(document=city_notice, actor=docs.city_officer, reason="有误")
    assert exc.value.messages == ["已有单位签收，不能撤回"]
    city_notice.refresh_from_db()
    assert city_notice.status == DocumentStatus.ISSUED


def test_a_withdrawn_document_cannot_be_signed(docs, city_notice):
    w = docs.world
    document_withdraw(document=city_notice, actor=docs.city_officer, reason="发错了")
    with pytest.raises(ValidationError):
        receipt_sign(receipt=receipt_of(city_notice, w.org_a), actor=w.org_admin)
    assert Notification.objects.filter(recipient=w.org_admin, title__startswith="公文已撤回").count() == 1


def test_a_county_forwards_to_its_subtree_with_a_note_and_signs_on_the_way(docs, city_notice):
    # given a second school under 甲县
    w = docs.world
    OrgFactory.create(parent=w.county_x, code="ORGC", name="甲县第二小学工会", unit_name="甲县第二小学")
    receipt = receipt_of(city_notice, w.county_x)
    # when 甲县 forwards to its grassroots unions (org A already has the document)
    forward = receipt_forward(
        receipt=receipt, actor=docs.county_x_officer, targets_text="各基层工会", note="请各校于5月前落实"
    )
    # then only the new school gets a forwarded receipt, and 甲县 counts as signed and forwarded
    forwarded = Receipt.objects.filter(forward=forward)
    assert [r.org.name for r in forwarded] == ["甲县第二小学工会"]
    assert forwarded.get().role == RecipientRole.FORWARDED
    receipt.refresh_from_db()
    assert receipt.signed_by == docs.county_x_officer
    assert receipt.forwarded_at is not None
    assert Forward.objects.get().note == "请各校于5月前落实"
    assert _actions(city_notice)[-2:] == ["sign", "forward"]
    # and forwarding the same orgs again is refused
    with pytest.raises(ValidationError):
        receipt_forward(receipt=receipt, actor=docs.county_x_officer, targets_text="甲县第二小学工会")


def test_a_forward_cannot_leave_the_forwarders_subtree(docs, city_notice):
    w = docs.world
    with pytest.raises(ValidationError) as exc:
        receipt_forward(
            receipt=receipt_of(city_notice, w.county_x),
            actor=docs.county_x_officer,
            targets_text="乙县人民医院工会",
        )
    assert "targets_text" in exc.value.message_dict
    assert Forward.objects.count() == 0


def test_remind_notifies_the_unsigned_recipients_only(docs, city_notice):
    w = docs.world
    receipt_sign(receipt=receipt_of(city_notice, w.org_a), actor=w.org_admin)
    count = document_remind(document=city_notice, actor=docs.city_officer)
    assert count == 2
    assert (
        Notification.objects.filter(title__startswith="催办").filter(recipient=docs.county_x_officer).count()
        == 1
    )
    assert Notification.objects.filter(title__startswith="催办", recipient=w.org_admin).count() == 0
    assert list(
        Receipt.objects.filter(document=city_notice)
        .order_by("org__path")
        .values_list("reminded_count", flat=True)
    ) == [1, 0, 1]
    with pytest.raises(PermissionDenied):
        document_remind(document=city_notice, actor=w.org_admin)
    assert _actions(city_notice)[-1] == "remind"
