"""The 公示 pages with three actors (org A's 公示管理员, org A's plain member, org B's 公示管理员): the console list,
create, publish, answer, the audited reveal and the print view; the member's list, detail with the objection form,
own objection page, the home card and 我的办理."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.registry import member_requests, portal_cards
from gonghui.notices.choices import EntryStatus, NoticeStatus, ObjectionOutcome, ObjectionStatus
from gonghui.notices.models import Notice, Objection
from gonghui.notices.permissions import OFFICER_ROLE
from gonghui.notices.services import notice_close, objection_answer

from .factories import make_notice, make_objection

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def notice(officers):
    return make_notice(org=officers.org_a, actor=officers.org_admin)


# ---- console ----------------------------------------------------------------------------------------------------


def test_the_list_shows_org_a_notices_to_org_a_only(officers, notice):
    url = reverse("notices:list")
    assert notice.title in _client(officers.org_admin).get(url).content.decode()
    assert notice.title not in _client(officers.outsider).get(url).content.decode()
    assert _client(officers.org_member).get(url).status_code == 403


def test_the_list_searches_filters_and_says_when_empty(officers, notice):
    client = _client(officers.org_admin)
    assert notice.title in client.get(reverse("notices:list"), {"q": "李秀兰"}).content.decode()
    page = client.get(reverse("notices:list"), {"status": NoticeStatus.DRAFT}).content.decode()
    assert notice.title not in page
    assert "没有符合条件的公示" in page
    assert "还没有公示" in _client(officers.outsider).get(reverse("notices:list")).content.decode()


def test_the_detail_is_404_to_the_outsider_and_403_to_the_member(officers, notice):
    url = reverse("notices:detail", args=[notice.public_id])
    assert _client(officers.org_admin).get(url).status_code == 200
    assert _client(officers.outsider).get(url).status_code == 404
    assert _client(officers.org_member).get(url).status_code == 403


def test_create_parses_one_entry_a_line(officers):
    client = _client(officers.org_admin)
    response = client.post(
        reverse("notices:create"),
        {
            "org": officers.org_a.pk,
            "title": "2025年度工会经费收支情况公示",
            "body": "现将收支情况公示如下。",
            "window_length": "5",
            "entries": "王建华/甲县第一中学/优秀工会积极分子\n集体：甲县第一中学工会/甲县第一中学/模范职工之家/市级\n",
        },
    )
    notice = Notice.objects.get(title="2025年度工会经费收支情况公示")
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:detail", args=[notice.public_id])
    assert list(notice.entries.values_list("name", "entry_kind", "extra")) == [
        ("王建华", "person", ""),
        ("甲县第一中学工会", "org", "市级"),
    ]


def test_create_names_the_field_in_chinese(officers):
    response = _client(officers.org_admin).post(
        reverse("notices:create"),
        {"org": officers.org_a.pk, "title": "", "window_length": "5", "entries": "王建华/甲/乙/丙/丁"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写公示标题" in page
    assert "第1行最多4栏" in page
    assert not Notice.objects.exists()


def test_the_outsider_cannot_create_for_org_a(officers):
    response = _client(officers.outsider).post(
        reverse("notices:create"),
        {"org": officers.org_a.pk, "title": "乙冒发", "window_length": "5", "entries": "王建华/甲/乙"},
    )
    assert response.status_code == 200
    assert "请选择您可以发布公示的工会" in response.content.decode()
    assert not Notice.objects.filter(title="乙冒发").exists()


def test_publish_asks_for_confirmation_and_publishes(officers):
    draft = make_notice(org=officers.org_a, actor=officers.org_admin, publish=False)
    client = _client(officers.org_admin)
    url = reverse("notices:publish", args=[draft.public_id])
    assert "data-confirm" in client.get(url).content.decode()
    assert _client(officers.outsider).get(url).status_code == 404
    response = client.post(url, {"starts_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.PUBLISHED
    # a published notice is no longer edited: its edit page goes back to the detail
    assert client.get(reverse("notices:edit", args=[draft.public_id])).status_code == 302


def test_answering_an_objection_upheld_withdraws_the_entry(officers, notice):
    entry = notice.entries.get(position=1)
    objection = make_objection(notice=notice, user=officers.org_member, entry=entry)
    url = reverse("notices:objection_answer", args=[objection.public_id])
    assert _client(officers.outsider).get(url).status_code == 404
    assert _client(officers.org_member).get(url).status_code == 403
    response = _client(officers.org_admin).post(url, {"outcome": ObjectionOutcome.UPHELD, "answer": "属实"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_an_anonymous_objector_is_hidden_until_revealed_with_an_audit_row(officers, notice):
    objection = make_objection(notice=notice, user=officers.org_member, anonymous=True, contact="13955556666")
    detail = (
        _client(officers.org_admin).get(reverse("notices:detail", args=[notice.public_id])).content.decode()
    )
    assert "13955556666" not in detail
    assert "甲会员" not in detail  # the objector's name
    assert "留有联系方式" in detail
    url = reverse("notices:objection_reveal", args=[objection.public_id])
    assert _client(officers.outsider).post(url, {"reason": "需要核实情况"}).status_code == 404
    refused = _client(officers.org_admin).post(url, {"reason": ""})
    assert refused.status_code == 422
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    response = _client(officers.org_admin).post(url, {"reason": "需要核实情况"})
    assert response.status_code == 200
    assert "13955556666" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, actor=officers.org_admin).count() == 1
    assert _client(officers.org_admin).get(url).status_code == 405


def test_the_print_view_lists_the_listed_entries_with_the_window(officers, notice):
    entry = notice.entries.get(position=1)
    objection = make_objection(notice=notice, user=officers.org_member, entry=entry)
    objection_answer(
        objection=objection, outcome=ObjectionOutcome.UPHELD, answer="属实", actor=officers.org_admin
    )
    page = _client(officers.org_admin).get(reverse("notices:print", args=[notice.public_id])).content.decode()
    assert notice.title in page
    assert "李秀兰" in page
    assert "王建华" not in page  # withdrawn
    assert f"{notice.ends_on.year}年{notice.ends_on.month}月{notice.ends_on.day}日" in page
    assert "甲县第一中学工会" in page
    assert "notices/notice_print.css" in page
    assert (
        _client(officers.outsider).get(reverse("notices:print", args=[notice.public_id])).status_code == 404
    )


# ---- the member portal ------------------------------------------------------------------------------------------


def test_a_city_notice_reaches_every_member_below(officers):
    city_notice = make_notice(org=officers.city, actor=_city_officer(officers), title="市级评优公示")
    page = _client(officers.org_member).get(reverse("notices:portal_list")).content.decode()
    assert "市级评优公示" in page
    other, _member = make_member_user("13700002222", officers.org_b, name="乙会员")
    assert "市级评优公示" in _client(other).get(reverse("notices:portal_list")).content.decode()
    detail = reverse("notices:portal_detail", args=[city_notice.public_id])
    assert _client(other).get(detail).status_code == 200


def _city_officer(world):
    return make_cadre("city_officer", world.city, role=OFFICER_ROLE)


def test_an_org_a_notice_does_not_reach_org_b_members(officers, notice):
    other, _member = make_member_user("13700002222", officers.org_b, name="乙会员")
    assert notice.title not in _client(other).get(reverse("notices:portal_list")).content.decode()
    assert _client(other).get(reverse("notices:portal_detail", args=[notice.public_id])).status_code == 404


def test_portal_pages_need_a_member(officers, notice):
    url = reverse("notices:portal_list")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/portal/login/" in anonymous["Location"]
    assert _client(officers.org_admin).get(url).status_code == 403  # a cadre without a member record


def test_a_member_objects_anonymously_and_follows_the_answer(officers, notice):
    client = _client(officers.org_member)
    url = reverse("notices:portal_detail", args=[notice.public_id])
    page = client.get(url).content.decode()
    assert "王建华" in page
    assert "提出异议" in page
    entry = notice.entries.get(position=2)
    response = client.post(
        url,
        {
            "entry": entry.pk,
            "text": "该同志不符合条件，请核实。",
            "anonymous": "on",
            "contact": "13955556666",
        },
    )
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:my_objection", args=[objection.public_id])
    assert objection.anonymous
    assert objection.entry == entry
    mine = client.get(response["Location"]).content.decode()
    assert objection.number in mine
    assert "待答复" in mine
    assert "13955556666" not in mine
    objection_answer(
        objection=objection,
        outcome=ObjectionOutcome.DISMISSED,
        answer="经核实不属实",
        actor=officers.org_admin,
    )
    assert "经核实不属实" in client.get(response["Location"]).content.decode()
    # 我的办理 lists it with its state
    requests = member_requests.get("notices.objection").requests(officers.org_member)
    assert [(r.kind, r.status) for r in requests] == [("公示异议", str(ObjectionStatus.DISMISSED.label))]


def test_the_objection_form_names_its_fields_in_chinese(officers, notice):
    response = _client(officers.org_member).post(
        reverse("notices:portal_detail", args=[notice.public_id]),
        {"text": "", "anonymous": "on", "contact": "abc"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写异议内容" in page
    assert not Objection.objects.exists()


def test_another_member_cannot_open_my_objection(officers, notice):
    objection = make_objection(notice=notice, user=officers.org_member)
    neighbour, _member = make_member_user("13700003333", officers.org_a, name="甲二会员")
    url = reverse("notices:my_objection", args=[objection.public_id])
    assert _client(neighbour).get(url).status_code == 404
    assert _client(officers.org_member).get(url).status_code == 200


def test_no_objection_outside_the_window(officers, notice):
    later = make_notice(
        org=officers.org_a,
        actor=officers.org_admin,
        title="下周公示",
        starts_on=timezone.localdate() + dt.timedelta(days=7),
    )
    client = _client(officers.org_member)
    # not yet running: not on the portal at all
    assert "下周公示" not in client.get(reverse("notices:portal_list")).content.decode()
    assert client.get(reverse("notices:portal_detail", args=[later.public_id])).status_code == 404
    # closed: still readable, without the form; a POST changes nothing
    notice_close(notice=notice, today=notice.ends_on + dt.timedelta(days=1))
    url = reverse("notices:portal_detail", args=[notice.public_id])
    page = client.get(url).content.decode()
    assert "不再受理异议" in page
    assert "已结束的公示" in client.get(reverse("notices:portal_list")).content.decode()
    response = client.post(url, {"text": "迟到的异议内容"})
    assert response.status_code == 200
    assert not Objection.objects.exists()


def test_the_home_card_shows_running_notices_of_the_member_union(officers, notice):
    card = portal_cards.get("notices.now")
    assert card.kind == "now"
    items = card.items(officers.org_member)
    assert [item.title for item in items] == [notice.title]
    assert items[0].url == reverse("notices:portal_detail", args=[notice.public_id])
    assert card.items(officers.org_admin) == []
    home = _client(officers.org_member).get(reverse("portal:home")).content.decode()
    assert notice.title in home


def test_a_module_notice_is_edited_in_its_own_unit_without_its_entries(officers, test_kind):
    draft = make_notice(org=officers.org_a, actor=officers.org_admin, kind=test_kind, publish=False)
    client = _client(officers.org_admin)
    url = reverse("notices:edit", args=[draft.public_id])
    page = client.get(url).content.decode()
    assert "公示期（天）" in page
    assert 'name="entries"' not in page
    response = client.post(url, {"title": "改后的标题", "body": "", "window_length": "10"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.window_length, draft.entries.count()) == ("改后的标题", 10, 2)
    org_page = client.get(reverse("notices:create")).content.decode()
    assert "公示期（工作日）" in org_page


def test_the_console_home_counts_open_objections_for_the_officer(officers, notice):
    make_objection(notice=notice, user=officers.org_member)
    page = _client(officers.org_admin).get(reverse("home")).content.decode()
    assert "待答复的公示异议" in page
