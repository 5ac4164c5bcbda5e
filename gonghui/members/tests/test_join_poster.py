"""Each union's join link and printable QR poster (入会二维码): the union's admin sees its own; a plain member is refused
(403) and another union's admin does not see it (404); the link opens 网上入会 with the union preselected."""

import re

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF


def _poster(client, user, code: str = "ORGA", *, page: str = "members:join_poster"):
    client.force_login(user)
    return client.get(reverse(page, args=[code]))


@pytest.mark.parametrize("page", ["members:join_poster", "members:join_poster_print"])
def test_the_union_admin_sees_the_own_join_link_and_poster(client, world, page):
    # when
    r = _poster(client, world.org_admin, page=page)
    # then
    assert r.status_code == 200
    html = r.content.decode()
    assert "甲县第一中学工会" in html
    assert "http://testserver/members/join/?org=ORGA" in html
    assert re.search(r"<svg [^>]*class=\"join-qr\"", html)
    assert 'aria-label="甲县第一中学工会入会二维码"' in html
    if page == "members:join_poster_print":
        assert "data-print" in html
    else:
        assert reverse("members:join_poster_print", args=["ORGA"]) in html


def test_a_plain_member_is_refused(client, world):
    assert _poster(client, world.org_member).status_code == 403
    assert _poster(client, world.org_member, page="members:join_poster_print").status_code == 403
    client.force_login(world.org_member)
    assert client.get(reverse("members:join_poster_index")).status_code == 403


def test_another_unions_admin_does_not_see_it(client, world):
    assert _poster(client, world.outsider).status_code == 404
    assert _poster(client, world.outsider, page="members:join_poster_print").status_code == 404
    # and the index offers their own union only
    r = client.get(reverse("members:join_poster_index"))
    assert r.status_code == 200
    html = r.content.decode()
    assert reverse("members:join_poster", args=["ORGB"]) in html
    assert reverse("members:join_poster", args=["ORGA"]) not in html


def test_a_staff_member_of_the_union_may_print_it(client, world):
    assert _poster(client, make_cadre("staff_a", world.org_a, role=UNION_STAFF)).status_code == 200


def test_a_city_union_has_no_join_link_but_lists_the_unions_below(client, world):
    city_admin = make_cadre("city_admin", world.city)
    assert _poster(client, city_admin, "CITY").status_code == 404
    # the index lists the unions in scope that take applications, searchable
    index = client.get(reverse("members:join_poster_index")).content.decode()
    for code in ("ORGA", "ORGB", "CX", "CY"):
        assert reverse("members:join_poster", args=[code]) in index
    assert reverse("members:join_poster", args=["CITY"]) not in index
    found = client.get(reverse("members:join_poster_index"), {"q": "医院"}).content.decode()
    assert reverse("members:join_poster", args=["ORGB"]) in found
    assert reverse("members:join_poster", args=["ORGA"]) not in found
    # a county union's link leads to its pool
    assert "联合工会（周转库）" in _poster(client, city_admin, "CX").content.decode()


def test_the_console_pages_link_to_the_poster(client, world):
    client.force_login(world.org_admin)
    applications = client.get(reverse("members:join_application_list")).content.decode()
    assert reverse("members:join_poster_index") in applications
    org_page = client.get(reverse("orgs:org_detail", args=["ORGA"])).content.decode()
    assert reverse("members:join_poster", args=["ORGA"]) in org_page


def test_the_link_opens_the_join_flow_with_the_union(client, world):
    link = reverse("members:join_start") + "?org=ORGA"
    assert "您正在申请加入：<strong>甲县第一中学工会</strong>" in client.get(link).content.decode()
