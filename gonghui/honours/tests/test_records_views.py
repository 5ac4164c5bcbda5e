"""荣誉档案's pages with three actors (org A's admin, org A's plain member, org B's admin): the list with filters and
export, an honour's page, 登记荣誉, edit, photo and 撤销; the 荣誉 panel on the member page and the 集体荣誉 panel
on the org page; the member's 我的荣誉 on the portal (another member gets 404 for someone else's honour)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_cadre, make_member_user
from gonghui.accounts.roles import UNION_STAFF
from gonghui.accounts.scoping import has_action
from gonghui.core.models import AuditLog
from gonghui.core.registry import portal_tiles
from gonghui.honours.choices import HonourLevel
from gonghui.honours.models import Honour
from gonghui.honours.selectors.records import honour_photo
from gonghui.honours.services.records import honour_photo_add, honour_record, honour_revoke

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def honour(world):
    return honour_record(
        org=world.org_a,
        actor=world.org_admin,
        member=world.member_a,
        title="全国五一劳动奖章",
        level=HonourLevel.NATIONAL,
        year=2019,
        awarded_by="中华全国总工会",
        awarded_on=dt.date(2019, 4, 30),
        story="扎根讲台二十年。",
    )


@pytest.fixture
def collective(world):
    return honour_record(
        org=world.org_a,
        actor=world.org_admin,
        holder_org=world.org_a,
        title="河南省模范职工小家",
        level=HonourLevel.PROVINCIAL,
        year=2021,
        awarded_by="河南省总工会",
        awarded_on=dt.date(2021, 5, 1),
    )


# ---- the list ----


def test_list_shows_the_admins_honours_with_filters(client, world, honour, collective):
    client.force_login(world.org_admin)
    response = client.get(reverse("honours:honour_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "全国五一劳动奖章" in body
    assert "河南省模范职工小家" in body
    assert reverse("honours:honour_create") in body
    body = client.get(reverse("honours:honour_list"), {"holder": "org"}).content.decode()
    assert "河南省模范职工小家" in body
    assert "全国五一劳动奖章" not in body
    body = client.get(reverse("honours:honour_list"), {"q": "不存在"}).content.decode()
    assert "没有符合条件的荣誉" in body


def test_list_is_empty_for_another_unions_admin_and_refused_to_a_member(client, world, honour):
    client.force_login(world.outsider)
    body = client.get(reverse("honours:honour_list")).content.decode()
    assert "全国五一劳动奖章" not in body
    assert "还没有荣誉档案" in body
    client.force_login(world.org_member)
    assert client.get(reverse("honours:honour_list")).status_code in (302, 403)


def test_export_is_post_only_and_audited(client, world, honour):
    client.force_login(world.org_admin)
    assert client.get(reverse("honours:honour_export")).status_code == 405
    response = client.post(reverse("honours:honour_export") + "?year=2019")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    assert AuditLog.objects.filter(summary="导出荣誉档案（1 条）", actor=world.org_admin).exists()
    client.force_login(world.outsider)
    client.post(reverse("honours:honour_export"))
    assert AuditLog.objects.filter(summary="导出荣誉档案（0 条）", actor=world.outsider).exists()


# ---- one honour ----


def test_detail_three_actors(client, world, honour):
    url = reverse("honours:honour_detail", args=[honour.pk])
    client.force_login(world.org_admin)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "扎根讲台二十年" in body
    assert "中华全国总工会" in body
    assert "手工登记" in body
    assert reverse("honours:honour_revoke", args=[honour.pk]) in body
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.org_member)
    assert client.get(url).status_code in (302, 403, 404)


@pytest.mark.parametrize("name", ["honours:honour_edit", "honours:honour_revoke", "honours:honour_photo_add"])
def test_action_pages_three_actors(client, world, honour, name):
    url = reverse(name, args=[honour.pk])
    client.force_login(world.org_admin)
    assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "story": "x"}).status_code == 404
    client.force_login(world.org_member)
    assert client.get(url).status_code in (302, 403, 404)
    assert client.post(url, {"reason": "x"}).status_code in (302, 403, 404)
    honour.refresh_from_db()
    assert honour.revoked_on is None
    assert honour.story == "扎根讲台二十年。"


def test_the_county_admin_above_sees_the_honour(client, world, honour):
    viewer = make_cadre("staff_cx", world.county_x)
    client.force_login(viewer)
    assert client.get(reverse("honours:honour_detail", args=[honour.pk])).status_code == 200


def test_create_by_hand_for_a_member(client, world):
    client.force_login(world.org_admin)
    url = reverse("honours:honour_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "holder": "person",
            "member": "甲会员",
            "title": "河南省五一劳动奖章",
            "level": HonourLevel.PROVINCIAL,
            "year": "2020",
            "awarded_by": "河南省总工会",
            "awarded_on": "2020-04-28",
            "story": "",
            "holder_unit": "",
        },
    )
    honour = Honour.objects.get(title="河南省五一劳动奖章")
    assert response.status_code == 302
    assert response["Location"] == reverse("honours:honour_detail", args=[honour.pk])
    assert honour.member == world.member_a


def test_create_reports_an_unknown_member_by_name(client, world):
    client.force_login(world.outsider)
    response = client.post(
        reverse("honours:honour_create"),
        {
            "holder": "person",
            "member": "甲会员",
            "title": "河南省五一劳动奖章",
            "level": HonourLevel.PROVINCIAL,
            "year": "2020",
            "awarded_by": "河南省总工会",
            "awarded_on": "2020-04-28",
        },
    )
    assert response.status_code == 200
    assert "没有找到您可登记的会员" in response.content.decode()
    assert not Honour.objects.exists()


def test_create_refused_to_a_member(client, world):
    client.force_login(world.org_member)
    assert client.get(reverse("honours:honour_create")).status_code in (302, 403)


def test_edit_photo_and_revoke_as_the_admin(client, world, honour):
    client.force_login(world.org_admin)
    response = client.post(
        reverse("honours:honour_edit", args=[honour.pk]),
        {
            "title": honour.title,
            "level": honour.level,
            "year": honour.year,
            "awarded_by": honour.awarded_by,
            "awarded_on": "2019-04-30",
            "holder_unit": "甲县第一中学",
            "story": "新的事迹。",
        },
    )
    assert response.status_code == 302
    honour.refresh_from_db()
    assert honour.story == "新的事迹。"

    response = client.post(
        reverse("honours:honour_photo_add", args=[honour.pk]),
        {"photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 302
    photo = honour_photo(honour)
    assert photo is not None
    body = client.get(reverse("honours:honour_detail", args=[honour.pk])).content.decode()
    assert photo.view_url in body
    assert client.get(photo.view_url).status_code == 200

    page = client.get(reverse("honours:honour_revoke", args=[honour.pk])).content.decode()
    assert "data-confirm" in page
    response = client.post(reverse("honours:honour_revoke", args=[honour.pk]), {"reason": "材料不实"})
    assert response.status_code == 302
    honour.refresh_from_db()
    assert honour.revoke_reason == "材料不实"


def test_photo_of_another_unions_honour_is_not_served(client, world, honour):
    attachment = honour_photo_add(
        honour=honour,
        actor=world.org_admin,
        upload=SimpleUploadedFile("p.png", PNG, content_type="image/png"),
    )
    client.force_login(world.outsider)
    assert client.get(attachment.view_url).status_code == 404
    client.force_login(world.org_member)  # the holder sees the photo of their own honour
    assert client.get(attachment.view_url).status_code == 200


# ---- the member page and the org page ----


def test_member_page_panel_shows_the_honour_to_the_members_union_admin(client, world, honour):
    url = reverse("members:member_detail", args=[world.member_a.public_id])
    client.force_login(world.org_admin)
    body = client.get(url).content.decode()
    assert 'id="member-honours"' in body
    assert "全国五一劳动奖章" in body
    assert reverse("honours:honour_detail", args=[honour.pk]) in body
    client.force_login(world.outsider)
    response = client.get(url)
    assert response.status_code == 404
    assert "全国五一劳动奖章" not in response.content.decode()


def test_member_page_panel_hidden_without_honours_view(client, world, honour):

    staff = make_cadre("staff_a", world.org_a, role=UNION_STAFF)
    client.force_login(staff)
    body = client.get(reverse("members:member_detail", args=[world.member_a.public_id])).content.decode()
    assert ('id="member-honours"' in body) == has_action(staff, "honours.view", world.org_a)


def test_org_page_panel_lists_the_unions_collective_honours(client, world, honour, collective):
    client.force_login(world.org_admin)
    body = client.get(reverse("orgs:org_detail", args=[world.org_a.code])).content.decode()
    assert 'id="org-honours"' in body
    assert "河南省模范职工小家" in body
    assert "本会会员个人荣誉 1 项" in body
    client.force_login(world.outsider)
    assert client.get(reverse("orgs:org_detail", args=[world.org_a.code])).status_code == 404


# ---- the portal ----


def test_my_honours_lists_mine_at_phone_width(client, world, honour):
    client.force_login(world.org_member)
    response = client.get(reverse("honours_portal:my_honours"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "全国五一劳动奖章" in body
    assert "2019年" in body
    assert "中华全国总工会" in body
    assert reverse("honours_portal:my_honour", args=[honour.public_id]) in body
    assert "no-store" in response["Cache-Control"]
    detail = client.get(reverse("honours_portal:my_honour", args=[honour.public_id]))
    assert detail.status_code == 200
    assert "扎根讲台二十年" in detail.content.decode()


def test_another_member_gets_404_for_my_honour(client, world, honour):
    other_user, _ = make_member_user("13700005555", world.org_a, name="丙会员")
    client.force_login(other_user)
    assert client.get(reverse("honours_portal:my_honour", args=[honour.public_id])).status_code == 404
    body = client.get(reverse("honours_portal:my_honours")).content.decode()
    assert "全国五一劳动奖章" not in body
    assert "您还没有荣誉记录" in body


def test_revoked_honour_leaves_my_honours(client, world, honour):
    honour_revoke(honour=honour, actor=world.org_admin, reason="撤销")
    client.force_login(world.org_member)
    assert client.get(reverse("honours_portal:my_honour", args=[honour.public_id])).status_code == 404


def test_portal_refuses_a_cadre_without_a_member_record(client, world, honour):
    client.force_login(world.org_admin)
    assert client.get(reverse("honours_portal:my_honours")).status_code in (302, 403)


def test_portal_tile_only_for_members_with_honours(world, honour):
    tile = portal_tiles.get("honours.records")
    assert tile.shown is not None
    assert tile.shown(world.org_member)
    other_user, _ = make_member_user("13700006666", world.org_a, name="丁会员")
    assert not tile.shown(other_user)
