"""发文设置: each union's 发文机关代字 (the default 代字 of its drafts) and 拟稿、核稿、签发须由不同人员 (on by default for
city and county unions, off for grassroots ones), refused in the services; the 公文 breadcrumb follows the state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.documents.choices import DocumentStatus
from gonghui.documents.models import Document, IssuerSettings
from gonghui.documents.selectors import issuer_series_configured, issuer_settings_of
from gonghui.documents.services import (
    document_issue,
    document_review,
    document_submit,
    document_withdraw,
    issuer_settings_save,
)
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

from .factories import make_draft

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("documents:issuer_settings")


def _settings_row(org):
    return IssuerSettings.objects.filter(org=org).values_list("series", "separate_duties").first()


# ---- the settings page: three actors ---------------------------------------------------------------------


def test_the_unions_admin_sets_its_series_and_the_separation_of_duties(client, world):
    # given org A's admin (a grassroots union: separation off by default, no 代字 yet)
    client.force_login(world.org_admin)
    page = client.get(SETTINGS_URL).content.decode()
    assert "甲县第一中学工会" in page
    assert 'id="issuer-settings-unsaved"' in page
    assert issuer_series_configured(world.org_a) is False
    assert "checked" not in page.split('name="separate_duties"')[1][:80]
    # when they save a 代字 and turn the separation on
    response = client.post(SETTINGS_URL, {"series": " 甲一中工 ", "separate_duties": "on"})
    # then both are stored for org A, audited with the change, and the page says so
    assert response.status_code == 302
    assert _settings_row(world.org_a) == ("甲一中工", True)
    assert issuer_series_configured(world.org_a) is True
    audit = AuditLog.objects.get(org_id=world.org_a.pk, action="admin_edit")
    assert audit.actor == world.org_admin
    assert audit.detail == {
        "changed": {"发文机关代字": ["", "甲一中工"], "拟稿、核稿、签发须由不同人员": [False, True]}
    }
    again = client.get(SETTINGS_URL).content.decode()
    assert 'value="甲一中工"' in again
    assert 'id="issuer-settings-unsaved"' not in again


def test_a_plain_member_and_a_clerk_cannot_open_the_settings(client, world, docs):
    for user in (world.org_member, docs.clerk_a):  # a member has no console role; a clerk may not 签发
        client.force_login(user)
        assert client.get(SETTINGS_URL).status_code == 403
        assert client.post(SETTINGS_URL, {"series": "乱改"}).status_code == 403
    assert not IssuerSettings.objects.exists()


def test_the_admin_of_another_union_changes_only_their_own(client, world):
    # given org A's settings
    issuer_settings_save(org=world.org_a, actor=world.org_admin, series="甲一中工", separate_duties=False)
    # when org B's admin opens and saves the settings page
    client.force_login(world.outsider)
    page = client.get(SETTINGS_URL).content.decode()
    assert "乙县人民医院工会" in page
    assert "甲一中工" not in page
    assert "甲县第一中学工会" not in page
    client.post(SETTINGS_URL, {"series": "乙医工", "separate_duties": "on"})
    # then org B's are saved and org A's are untouched; the service refuses org B's admin for org A
    assert _settings_row(world.org_b) == ("乙医工", True)
    assert _settings_row(world.org_a) == ("甲一中工", False)
    with pytest.raises(PermissionDenied):
        issuer_settings_save(org=world.org_a, actor=world.outsider, series="乙改甲", separate_duties=True)
    assert _settings_row(world.org_a) == ("甲一中工", False)


@pytest.mark.parametrize(
    ("series", "error"),
    [
        ("", "请填写发文机关代字"),
        ("焦教工〔", "发文机关代字只能由汉字组成（不含括号、数字、字母、空格和标点），如“焦教工”"),
        ("焦教工(函)", "发文机关代字只能由汉字组成（不含括号、数字、字母、空格和标点），如“焦教工”"),
        ("JJG", "发文机关代字只能由汉字组成（不含括号、数字、字母、空格和标点），如“焦教工”"),
        ("焦 教工", "发文机关代字只能由汉字组成（不含括号、数字、字母、空格和标点），如“焦教工”"),
        ("焦作市教育科学文化工会", "发文机关代字不能超过10个字"),
    ],
)
def test_a_bad_series_is_refused_with_the_reason_and_nothing_is_saved(client, world, series, error):
    client.force_login(world.org_admin)
    response = client.post(SETTINGS_URL, {"series": series})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not IssuerSettings.objects.exists()
    with pytest.raises(ValidationError) as exc:
        issuer_settings_save(org=world.org_a, actor=world.org_admin, series=series, separate_duties=False)
    assert exc.value.message_dict == {"series": [error]}


def test_the_separation_is_on_by_default_for_city_and_county_unions_only(world):
    assert issuer_settings_of(world.city).separate_duties is True
    assert issuer_settings_of(world.county_x).separate_duties is True
    assert issuer_settings_of(world.org_a).separate_duties is False
    assert issuer_settings_of(world.org_a).series == ""


def test_the_document_list_links_to_the_settings_for_who_may_change_them(client, world, docs):
    client.force_login(world.org_admin)
    assert (
        f'href="{SETTINGS_URL}">发文设置</a>'
        in client.get(reverse("documents:document_list")).content.decode()
    )
    client.force_login(docs.clerk_a)
    assert SETTINGS_URL not in client.get(reverse("documents:document_list")).content.decode()


# ---- the default 代字 of a draft -------------------------------------------------------------------------


def test_a_new_draft_starts_with_the_unions_series(client, world, docs):
    # given the city union's 代字, while the union's name is something else
    issuer_settings_save(org=world.city, actor=docs.city_officer, series="测教工", separate_duties=True)
    client.force_login(docs.city_officer)
    page = client.get(reverse("documents:document_create")).content.decode()
    assert 'name="series" value="测教工"' in page
    assert 'id="series-missing"' not in page
    # and a union without one starts empty (not with its name), with a pointer to 发文设置
    client.force_login(world.org_admin)
    page = client.get(reverse("documents:document_create")).content.decode()
    assert 'name="series" value=' not in page
    assert 'id="series-missing"' in page
    assert f'href="{SETTINGS_URL}"' in page


def test_a_draft_series_with_brackets_is_refused(docs):
    with pytest.raises(ValidationError) as exc:
        make_draft(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会", series="甲教〔")
    assert list(exc.value.message_dict) == ["series"]
    assert not Document.objects.exists()


# ---- 拟稿、核稿、签发须由不同人员 in the services ---------------------------------------------------------------


def test_the_drafter_may_not_review_nor_sign_and_the_reviewer_may_not_sign(docs):
    # given a county draft (a county union separates duties by default) sent to 核稿 by its drafter
    draft = make_draft(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    document_submit(document=draft, actor=docs.county_x_officer)
    # then its drafter may not review it, though a 工会管理员 holds the action
    with pytest.raises(ValidationError) as exc:
        document_review(document=draft, actor=docs.county_x_officer)
    assert exc.value.messages == [
        "本单位要求拟稿、核稿、签发须由不同人员：您是本文的拟稿人，请由其他有权限的人员核稿"
    ]
    # and once a colleague reviewed it, neither the drafter nor an admin who reviewed may sign it
    reviewer = docs.county_x_signer  # an admin reviews this time: 核稿 and 签发 both in their role
    document_review(document=draft, actor=reviewer)
    for actor, held in ((docs.county_x_officer, "拟稿人"), (reviewer, "核稿人")):
        with pytest.raises(ValidationError) as exc:
            document_issue(document=draft, actor=actor)
        assert exc.value.messages == [
            f"本单位要求拟稿、核稿、签发须由不同人员：您是本文的{held}，请由其他有权限的人员签发"
        ]
    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.signed_by) == (DocumentStatus.SIGNING, "", None)
    # a third person signs
    issued = document_issue(document=draft, actor=docs.city_officer)
    assert (issued.drafted_by, issued.reviewed_by, issued.signed_by) == (
        docs.county_x_officer,
        reviewer,
        docs.city_officer,
    )


def test_one_person_may_draft_review_and_sign_where_the_setting_is_off(docs):
    # given the county union turned the separation off
    w = docs.world
    issuer_settings_save(org=w.county_x, actor=docs.county_x_signer, series="甲教工", separate_duties=False)
    draft = make_draft(w.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    document_submit(document=draft, actor=docs.county_x_officer)
    document_review(document=draft, actor=docs.county_x_officer)
    issued = document_issue(document=draft, actor=docs.county_x_officer)
    assert issued.status == DocumentStatus.ISSUED
    # and a grassroots union does so by default
    OrgFactory.create(parent=w.org_a, code="ORGA1", name="甲一中高中部分工会", level=OrgLevel.BRANCH)
    school = make_draft(w.org_a, w.org_admin, main_to="甲一中高中部分工会", series="甲一中工")
    document_submit(document=school, actor=w.org_admin)
    document_review(document=school, actor=w.org_admin)
    assert document_issue(document=school, actor=w.org_admin).status == DocumentStatus.ISSUED


def test_the_drafter_is_told_why_the_review_button_is_missing(client, docs):
    draft = make_draft(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    document_submit(document=draft, actor=docs.county_x_officer)
    client.force_login(docs.county_x_officer)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "核稿通过</button>" not in page
    assert "您是本文的拟稿人，请由其他有权限的人员核稿" in page
    client.force_login(docs.county_x_reviewer)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "核稿通过</button>" in page
    assert 'id="duty-note"' not in page


# ---- the breadcrumb follows the state --------------------------------------------------------------------


def _crumb(client, document):
    page = client.get(document.get_absolute_url()).content.decode()
    start = page.index('id="document-crumb">') + len('id="document-crumb">')
    return page[start : page.index("</li>", start)]


def test_the_breadcrumb_follows_the_documents_state(client, docs):
    draft = make_draft(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    client.force_login(docs.county_x_officer)
    assert _crumb(client, draft) == "草稿"
    document_submit(document=draft, actor=docs.county_x_officer)
    assert _crumb(client, draft) == "待核稿"
    document_review(document=draft, actor=docs.county_x_reviewer)
    assert _crumb(client, draft) == "待签发"
    issued = document_issue(document=draft, actor=docs.county_x_signer)
    assert _crumb(client, draft) == issued.document_number
    document_withdraw(document=draft, actor=docs.county_x_officer, reason="内容有误")
    assert _crumb(client, draft) == f"{issued.document_number}（已撤回）"
