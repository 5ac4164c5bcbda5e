"""由记录生成公文 (`document_draft_from_record`), proved with a template registered only in these tests: a 名单
(`members.TargetList`) becomes a 通知 of the union that drafts it — title and body from the template or given text,
the record's files copied as 附件, the record linked on both timelines, and three actors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.scoping import has_action
from gonghui.attachments.selectors import attachments_of
from gonghui.attachments.services import attachment_save
from gonghui.core.timeline import timeline_for
from gonghui.documents.choices import DocumentAction, DocumentStatus, RecordAction
from gonghui.documents.models import Document, IssuerSettings
from gonghui.documents.record_templates import (
    DraftText,
    RecordTemplate,
    record_templates,
    templates_for,
)
from gonghui.documents.services import document_draft_from_record
from gonghui.members.choices import TargetListSource
from gonghui.members.models import TargetList

pytestmark = pytest.mark.django_db

TEST_TEMPLATE = "test_target_list_notice"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _draft(record: TargetList) -> DraftText:
    return DraftText(
        title=f"关于公布{record.name}的通知",
        body=f"现将{record.name}予以公布。\n请各单位做好相关工作。",
        main_to="甲县第一中学工会",
        co_issuers=("测试县教育局",),
    )


if TEST_TEMPLATE not in record_templates:
    record_templates.register(
        TEST_TEMPLATE,
        RecordTemplate(
            key=TEST_TEMPLATE,
            label="名单公布通知（测试）",
            owner_model="members.targetlist",
            kind="通知",
            draft=_draft,
            can_use=lambda user, record: has_action(user, "members.view", record.org),
        ),
    )


@pytest.fixture
def roster(docs):
    """A 名单 of the county union (甲县) with one file, and the county's 发文设置 (代字 甲教工)."""
    w = docs.world
    IssuerSettings.objects.create(org=w.county_x, series="甲教工", separate_duties=True)
    record = TargetList.objects.create(
        org=w.county_x,
        name="2026年教学技能竞赛获奖名单",
        reason="竞赛",
        source=TargetListSource.FILTER,
        created_by=docs.county_x_officer,
    )
    attachment_save(
        owner=record,
        org=w.county_x,
        upload=SimpleUploadedFile("获奖名单.pdf", PDF, content_type="application/pdf"),
        actor=docs.county_x_officer,
    )
    return record


def _make(docs, roster, actor=None, **extra):
    return document_draft_from_record(
        org=docs.world.county_x,
        actor=actor or docs.county_x_officer,
        record=roster,
        template_key=TEST_TEMPLATE,
        **extra,
    )


def test_draft_from_the_template_links_both_timelines_and_copies_files(docs, roster):
    source = attachments_of(roster).get()
    document = _make(docs, roster, attachments=[source])
    # the draft: the template's title, body, 主送 and co-issuer, the union's 代字, no 文号 yet
    assert document.status == DocumentStatus.DRAFT
    assert document.title == "关于公布2026年教学技能竞赛获奖名单的通知"
    assert document.body == "<p>现将2026年教学技能竞赛获奖名单予以公布。</p><p>请各单位做好相关工作。</p>"
    assert document.series == "甲教工"
    assert document.document_number == ""
    assert document.co_issuers == ["测试县教育局"]
    assert document.record == roster
    assert document.record_template == TEST_TEMPLATE
    assert document.drafted_by == docs.county_x_officer
    # the file is copied: its own stored file, named in the 附件说明
    (copy,) = attachments_of(document)
    assert copy.pk != source.pk
    assert copy.original_name == "获奖名单.pdf"
    assert copy.file.name != source.file.name
    assert copy.sha256 == source.sha256
    assert document.attachment_note == "获奖名单"
    # both timelines
    document_side = list(timeline_for(document))
    assert (document_side[0].action, document_side[0].note) == (
        DocumentAction.CREATE,
        "由名单“2026年教学技能竞赛获奖名单”生成",
    )
    assert [e.action for e in document_side] == [DocumentAction.CREATE, DocumentAction.ATTACH]
    (record_side,) = timeline_for(roster)
    assert record_side.action == RecordAction.DOCUMENT_DRAFTED
    assert record_side.action_label == "生成公文草稿"
    assert record_side.note == "已生成公文草稿《关于公布2026年教学技能竞赛获奖名单的通知》"
    assert record_side.actor == docs.county_x_officer


def test_given_text_replaces_the_template_and_co_issuers_may_be_cleared(docs, roster):
    document = _make(docs, roster, title="关于表彰获奖教师的决定", body="决定予以表彰。", co_issuers=())
    assert document.title == "关于表彰获奖教师的决定"
    assert document.body == "<p>决定予以表彰。</p>"
    assert document.co_issuers == []
    assert list(attachments_of(document)) == []


def test_the_draft_page_names_its_record(client, docs, roster):
    document = _make(docs, roster)
    client.force_login(docs.county_x_officer)
    page = client.get(reverse("documents:document_detail", args=[document.public_id])).content.decode()
    assert 'id="document-record"' in page
    assert "名单“2026年教学技能竞赛获奖名单”" in page
    assert "由名单“2026年教学技能竞赛获奖名单”生成" in page


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("the county union's admin drafts", "county_x_officer", True),
        ("a plain member of a union under it may not", "org_member", False),
        ("the admin of another union may not", "outsider", False),
    ],
)
def test_who_may_draft_from_a_record(request, docs, roster, _case, actor, allowed):
    user = getattr(docs, actor) if hasattr(docs, actor) else request.getfixturevalue(actor)
    if allowed:
        assert _make(docs, roster, actor=user).status == DocumentStatus.DRAFT
    else:
        with pytest.raises(PermissionDenied):
            _make(docs, roster, actor=user)
        assert not Document.objects.exists()
        assert not timeline_for(roster).exists()


def test_the_template_decides_on_the_record(docs, roster):
    """Drafting in one's own union from another union's record: the template's `can_use` refuses."""
    w = docs.world
    foreign = TargetList.objects.create(
        org=w.county_y, name="乙县名单", reason="竞赛", source=TargetListSource.FILTER, created_by=w.outsider
    )
    with pytest.raises(PermissionDenied):
        document_draft_from_record(
            org=w.county_x, actor=docs.county_x_officer, record=foreign, template_key=TEST_TEMPLATE
        )


def test_only_the_record_files_may_be_copied(docs, roster):
    w = docs.world
    other = TargetList.objects.create(
        org=w.county_x, name="另一名单", reason="竞赛", source=TargetListSource.FILTER, created_by=w.org_admin
    )
    stray = attachment_save(
        owner=other,
        org=w.county_x,
        upload=SimpleUploadedFile("其他.pdf", PDF, content_type="application/pdf"),
        actor=docs.county_x_officer,
    )
    with pytest.raises(ValidationError) as caught:
        _make(docs, roster, attachments=[stray])
    assert caught.value.message_dict["attachments"] == [
        "附件“其他.pdf”不属于名单“2026年教学技能竞赛获奖名单”"
    ]
    assert not Document.objects.exists()


def test_unknown_or_mismatched_template_and_missing_series(docs, roster):
    w = docs.world
    with pytest.raises(ValidationError, match="没有名为“nope”的公文模板"):
        document_draft_from_record(
            org=w.county_x, actor=docs.county_x_officer, record=roster, template_key="nope"
        )
    with pytest.raises(ValidationError, match="不适用于"):
        document_draft_from_record(
            org=w.county_x, actor=docs.county_x_officer, record=w.org_a, template_key=TEST_TEMPLATE
        )
    IssuerSettings.objects.filter(org=w.county_x).update(series="")
    with pytest.raises(ValidationError) as caught:
        _make(docs, roster)
    assert "发文设置" in caught.value.message_dict["series"][0]


def test_template_errors_name_the_field(docs, roster):
    with pytest.raises(ValidationError) as caught:
        _make(docs, roster, main_to="不存在的工会", co_issuers=["甲县教育工会"])
    errors = caught.value.message_dict
    assert "无法识别的收文单位：不存在的工会" in errors["main_to"][0]
    assert "是本单位（主办机关）" in errors["co_issuers"][0]


def test_templates_for_a_record(roster):
    assert [t.key for t in templates_for(roster)] == [TEST_TEMPLATE]
