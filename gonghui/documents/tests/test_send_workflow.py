"""The 公文 send workflow step by step: every transition, every refusal with its exact message, field checks of
the draft, attachments of a draft, 催办, and the buttons each actor is offered in each state."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre
from gonghui.attachments.selectors import attachments_of
from gonghui.core.models import TimelineEntry
from gonghui.documents.choices import DocumentStatus, RecipientRole, Urgency
from gonghui.documents.models import Receipt
from gonghui.documents.permissions import CLERK_ROLE
from gonghui.documents.services import (
    document_attach,
    document_attachment_remove,
    document_create,
    document_issue,
    document_remind,
    document_return,
    document_review,
    document_submit,
    document_update,
    document_withdraw,
    receipt_sign,
)
from gonghui.documents.workflows import document_available_actions, document_may_remind
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from .factories import make_draft, make_issued

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _timeline(document):
    return list(
        TimelineEntry.objects.filter(object_id=str(document.pk), content_type__model="document")
        .order_by("id")
        .values_list("action", "note")
    )


def _draft(docs, **extra):
    return make_draft(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会", **extra)


def _signing(docs, **extra):
    draft = _draft(docs, **extra)
    document_submit(document=draft, actor=docs.county_x_officer)
    return document_review(document=draft, actor=docs.county_x_reviewer)


def _fields(**overrides):
    values = {
        "series": "甲教工",
        "title": "关于开展读书月活动的通知",
        "body": "请各校组织读书月活动。",
        "main_to": "甲县第一中学工会",
    }
    return {**values, **overrides}


# ---- drafting ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"series": "", "title": ""}, {"series": ["请填写发文字号（机关代字）"], "title": ["请填写标题"]}),
        ({"title": "标" * 201}, {"title": ["标题不能超过200字"]}),
        ({"title": "=HYPERLINK(1)"}, {"title": ["标题不能以 = + - @ 开头"]}),
        ({"main_to": ""}, {"main_to": ["请填写主送"]}),
        ({"urgency": "now"}, {"urgency": ["请选择紧急程度"]}),
        ({"disclosure": "maybe"}, {"disclosure": ["请选择公开属性"]}),
        ({"attachment_note": "附" * 1001}, {"attachment_note": ["附件说明不能超过1000字"]}),
    ],
)
def test_a_draft_names_each_bad_field(docs, overrides, errors):
    with pytest.raises(ValidationError) as exc:
        document_create(org=docs.world.county_x, actor=docs.county_x_officer, **_fields(**overrides))
    assert exc.value.message_dict == errors


def test_drafting_needs_manage_on_the_issuing_union(docs):
    w = docs.world
    for actor in (w.org_member, w.outsider, w.org_admin):
        with pytest.raises(PermissionDenied):
            document_create(org=w.county_x, actor=actor, **_fields())
    document = document_create(org=w.county_x, actor=docs.county_x_officer, **_fields(cc_to=""))
    assert (document.status, document.org_id, document.drafted_by_id) == (
        DocumentStatus.DRAFT,
        w.county_x.pk,
        docs.county_x_officer.pk,
    )
    assert document.main_targets != []
    assert document.cc_targets == []
    assert document.body == "<p>请各校组织读书月活动。</p>"


def test_an_edit_records_which_fields_changed_and_an_unchanged_save_records_nothing(docs):
    draft = _draft(docs)
    values = {"series": "测教工", "title": "关于做好暑期安全工作的通知", "main_to": "甲县第一中学工会"}
    document_update(document=draft, actor=docs.county_x_officer, body=draft.body, **values)
    assert _timeline(draft) == [("create", "关于做好暑期安全工作的通知")]
    document_update(
        document=draft,
        actor=docs.county_x_officer,
        body=draft.body,
        **{**values, "title": "关于做好寒假安全工作的通知"},
        urgency=Urgency.URGENT,
    )
    draft.refresh_from_db()
    assert (draft.title, draft.urgency) == ("关于做好寒假安全工作的通知", Urgency.URGENT)
    assert _timeline(draft)[-1] == ("edit", "修改了：标题、紧急程度")


def test_a_document_past_the_draft_cannot_be_edited(docs):
    document = _signing(docs)
    with pytest.raises(ValidationError) as exc:
        document_update(
            document=document,
            actor=docs.county_x_officer,
            series="甲",
            title="新",
            main_to="甲县第一中学工会",
        )
    assert exc.value.messages == ["“待签发”的公文不能修改"]


# ---- transitions and their refusals -----------------------------------------------------------------------


def test_a_draft_without_a_body_is_not_sent_to_review(docs):
    draft = _draft(docs, body="")
    with pytest.raises(ValidationError) as exc:
        document_submit(document=draft, actor=docs.county_x_officer)
    assert exc.value.message_dict == {"body": ["请先填写正文"]}
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT


@pytest.mark.parametrize(
    ("step", "state_label", "action_label"),
    [
        ("submit", "待核稿", "送核稿"),
        ("issue", "待核稿", "签发"),
        ("withdraw", "待核稿", "撤回"),
    ],
)
def test_steps_that_do_not_fit_the_state_are_refused_with_the_state(docs, step, state_label, action_label):
    draft = _draft(docs)
    document_submit(document=draft, actor=docs.county_x_officer)
    call = {
        "submit": lambda: document_submit(document=draft, actor=docs.county_x_officer),
        "issue": lambda: document_issue(document=draft, actor=docs.county_x_officer),
        "withdraw": lambda: document_withdraw(document=draft, actor=docs.county_x_officer, reason="有误"),
    }[step]
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.messages == [f"当前状态“{state_label}”下不能执行“{action_label}”"]
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.REVIEWING


def test_a_draft_cannot_be_reviewed_before_it_is_sent(docs):
    draft = _draft(docs)
    with pytest.raises(ValidationError) as exc:
        document_review(document=draft, actor=docs.county_x_officer)
    assert exc.value.messages == ["当前状态“草稿”下不能执行“核稿通过”"]


def test_a_reviewer_returns_a_draft_with_a_reason(docs):
    draft = _draft(docs)
    document_submit(document=draft, actor=docs.county_x_officer)
    with pytest.raises(ValidationError) as exc:
        document_return(document=draft, actor=docs.county_x_officer, reason="  ")
    assert exc.value.message_dict == {"reason": ["请填写退回原因"]}
    with pytest.raises(ValidationError) as exc:
        document_return(document=draft, actor=docs.county_x_officer, reason="改" * 201)
    assert exc.value.message_dict == {"reason": ["退回原因不能超过200字"]}
    returned = document_return(document=draft, actor=docs.county_x_officer, reason=" 第二段表述不准确 ")
    assert returned.status == DocumentStatus.DRAFT
    assert _timeline(draft)[-1] == ("return", "第二段表述不准确")


def test_the_signer_may_return_a_document_waiting_for_sign_off(docs):
    document = _signing(docs)
    document_return(document=document, actor=docs.county_x_officer, reason="请补充落款")
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    assert [a for a, _n in _timeline(document)] == ["create", "submit", "review", "return"]


def test_a_clerk_may_neither_review_nor_return_nor_sign_off(docs):
    clerk = make_cadre("clerk_x", docs.world.county_x, role=CLERK_ROLE)
    draft = make_draft(docs.world.county_x, clerk, main_to="甲县第一中学工会", title="本县通知")
    document_submit(document=draft, actor=clerk)
    for step in (
        lambda: document_review(document=draft, actor=clerk),
        lambda: document_return(document=draft, actor=clerk, reason="不行"),
    ):
        with pytest.raises(PermissionDenied):
            step()
    document_review(document=draft, actor=docs.county_x_officer)
    with pytest.raises(PermissionDenied):
        document_issue(document=draft, actor=clerk)
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by_id) == (DocumentStatus.SIGNING, docs.county_x_officer.pk)


def test_an_upper_union_may_not_review_the_draft_of_a_lower_one_across_branches(docs):
    w = docs.world
    county_y_admin = make_cadre("cy_admin", w.county_y)
    draft = make_draft(w.county_y, county_y_admin, main_to="乙县人民医院工会", title="本县通知")
    document_submit(document=draft, actor=county_y_admin)
    for actor in (docs.county_x_officer, w.org_admin, w.outsider):
        with pytest.raises(PermissionDenied):
            document_review(document=draft, actor=actor)
    document_review(document=draft, actor=docs.city_officer)  # the city oversees every union
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.SIGNING


def test_sign_off_fails_when_no_main_recipient_is_left(docs):
    document = _signing(docs)
    Org.objects.filter(pk=docs.world.org_a.pk).update(status=OrgStatus.INACTIVE)
    with pytest.raises(ValidationError) as exc:
        document_issue(document=document, actor=docs.county_x_signer)
    assert exc.value.message_dict == {"main_to": ["主送范围内没有可送达的组织"]}
    document.refresh_from_db()
    assert (document.status, document.document_number) == (DocumentStatus.SIGNING, "")
    assert not Receipt.objects.exists()


def test_a_union_named_in_main_and_copy_gets_one_main_delivery(docs):
    w = docs.world
    draft = make_draft(w.city, docs.city_officer, main_to="甲县教育工会", cc_to="甲县教育工会、乙县教育工会")
    document_submit(document=draft, actor=docs.city_officer)
    document_review(document=draft, actor=docs.city_reviewer)
    issued = document_issue(document=draft, actor=docs.city_signer, issued_on=dt.date(2024, 5, 6))
    assert dict(Receipt.objects.filter(document=issued).values_list("org__code", "role")) == {
        "CX": RecipientRole.MAIN,
        "CY": RecipientRole.COPY,
    }
    assert _timeline(issued)[-1] == ("issue", "文号 测教工〔2024〕1号，送达 2 个单位")
    assert (issued.year, issued.issued_on) == (2024, dt.date(2024, 5, 6))


def test_withdrawal_needs_a_reason_and_tells_the_recipients(docs):
    document = make_issued(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    with pytest.raises(ValidationError) as exc:
        document_withdraw(document=document, actor=docs.county_x_officer, reason="")
    assert exc.value.message_dict == {"reason": ["请填写撤回原因"]}
    with pytest.raises(ValidationError) as exc:
        document_withdraw(document=document, actor=docs.county_x_officer, reason="撤" * 201)
    assert exc.value.message_dict == {"reason": ["撤回原因不能超过200字"]}
    with pytest.raises(PermissionDenied):
        document_withdraw(document=document, actor=docs.world.org_admin, reason="下级不能撤回上级的公文")
    document_withdraw(document=document, actor=docs.county_x_officer, reason="日期有误")
    document.refresh_from_db()
    assert (document.status, document.withdraw_reason) == (DocumentStatus.WITHDRAWN, "日期有误")
    note = Notification.objects.get(recipient=docs.world.org_admin, title__startswith="公文已撤回")
    assert (note.title, note.body) == (
        f"公文已撤回：{document.document_number}",
        "关于做好暑期安全工作的通知（日期有误）",
    )


# ---- attachments of a draft ------------------------------------------------------------------------------


def test_attachments_belong_to_drafts_only(docs):
    draft = _draft(docs)
    other = _draft(docs, title="另一份通知")
    attachment = document_attach(
        document=draft, actor=docs.county_x_officer, upload=SimpleUploadedFile("方案.pdf", PDF)
    )
    assert attachment.original_name == "方案.pdf"
    assert _timeline(draft)[-1] == ("attach", "方案.pdf")
    with pytest.raises(ValidationError) as exc:
        document_attachment_remove(document=other, actor=docs.county_x_officer, attachment=attachment)
    assert exc.value.messages == ["该附件不属于这份公文"]
    with pytest.raises(PermissionDenied):
        document_attach(document=draft, actor=docs.world.outsider, upload=SimpleUploadedFile("x.pdf", PDF))
    document_submit(document=draft, actor=docs.county_x_officer)
    with pytest.raises(ValidationError) as exc:
        document_attach(document=draft, actor=docs.county_x_officer, upload=SimpleUploadedFile("y.pdf", PDF))
    assert exc.value.message_dict == {"file": ["只有草稿可以上传附件"]}
    with pytest.raises(ValidationError) as exc:
        document_attachment_remove(document=draft, actor=docs.county_x_officer, attachment=attachment)
    assert exc.value.messages == ["只有草稿可以删除附件"]


def test_removing_an_attachment_of_a_draft_records_it(docs):
    draft = _draft(docs)
    attachment = document_attach(
        document=draft, actor=docs.county_x_officer, upload=SimpleUploadedFile("方案.pdf", PDF)
    )
    document_attachment_remove(document=draft, actor=docs.county_x_officer, attachment=attachment)
    assert list(attachments_of(draft)) == []
    assert _timeline(draft)[-1] == ("detach", "方案.pdf")


# ---- 催办 -------------------------------------------------------------------------------------------------


def test_remind_refusals(docs, city_notice):
    draft = _draft(docs)
    with pytest.raises(ValidationError) as exc:
        document_remind(document=draft, actor=docs.county_x_officer)
    assert exc.value.messages == ["只有已签发的公文可以催办"]
    with pytest.raises(PermissionDenied):
        document_remind(document=city_notice, actor=docs.county_x_officer)
    for receipt in Receipt.objects.filter(document=city_notice):
        receipt.refresh_from_db()
        actor = {"CX": docs.county_x_officer, "ORGA": docs.world.org_admin}.get(receipt.org.code)
        if actor is not None:
            receipt_sign(receipt=receipt, actor=actor)
    assert document_remind(document=city_notice, actor=docs.city_officer) == 1  # 乙县 still unsigned
    Receipt.objects.filter(document=city_notice).update(signed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError) as exc:
        document_remind(document=city_notice, actor=docs.city_officer)
    assert exc.value.messages == ["所有单位均已签收，无需催办"]


def test_each_reminder_is_counted_on_the_unsigned_deliveries(docs, city_notice):
    assert document_remind(document=city_notice, actor=docs.city_officer) == 3
    assert document_remind(document=city_notice, actor=docs.city_officer) == 3
    counts = set(Receipt.objects.filter(document=city_notice).values_list("reminded_count", flat=True))
    assert counts == {2}
    assert _timeline(city_notice)[-1] == (
        "remind",
        "催办未签收单位 3 个：甲县教育工会、甲县第一中学工会、乙县教育工会",
    )


# ---- buttons ---------------------------------------------------------------------------------------------


def test_the_actions_offered_follow_the_state_and_the_actor(docs):
    w = docs.world
    draft = _draft(docs)
    assert document_available_actions(draft, docs.county_x_officer) == ["submit", "edit", "attach", "detach"]
    assert document_available_actions(draft, w.org_admin) == []
    assert document_available_actions(draft, w.outsider) == []
    document_submit(document=draft, actor=docs.county_x_officer)
    draft.refresh_from_db()
    # 拟稿、核稿、签发须由不同人员 (a county union's default): the drafter is not offered 核稿 of their own draft
    assert document_available_actions(draft, docs.county_x_officer) == ["return"]
    assert document_available_actions(draft, docs.county_x_reviewer) == ["review", "return"]
    document_review(document=draft, actor=docs.county_x_reviewer)
    draft.refresh_from_db()
    assert document_available_actions(draft, docs.county_x_officer) == ["return"]
    assert document_available_actions(draft, docs.county_x_signer) == ["return", "issue"]
    assert document_available_actions(draft, docs.city_officer) == ["return", "issue"]
    document_issue(document=draft, actor=docs.county_x_signer)
    draft.refresh_from_db()
    assert document_available_actions(draft, docs.county_x_officer) == ["withdraw"]
    assert document_available_actions(draft, w.org_admin) == []
    # 催办 is offered on the board, to whoever speaks for its sender, once issued
    assert document_may_remind(draft, docs.county_x_officer) is True
    assert document_may_remind(draft, w.org_admin) is False
