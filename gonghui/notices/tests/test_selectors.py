"""Reads of 公示: the audience is a union's subtree (a city notice reaches every member below it, a grassroots
notice only its own members), the console list is scoped by the publishing union's subtree, and a member reads only
their own objections."""

import datetime as dt

import pytest
from django.http import Http404

from conftest import make_cadre, make_member_user
from gonghui.notices.permissions import OFFICER_ROLE
from gonghui.notices.selectors import (
    notice_get_for_member_or_404,
    notice_list_for_user,
    notices_running_for_union,
    objection_requests_for_user,
    open_objection_count,
)
from gonghui.notices.services import notice_close

from .factories import make_notice, make_objection

pytestmark = pytest.mark.django_db


def test_the_audience_is_the_subtree_of_the_owner_union(officers):
    world = officers
    city_notice = make_notice(
        org=world.city, actor=make_cadre("city_n", world.city, role=OFFICER_ROLE), title="市"
    )
    county_notice = make_notice(
        org=world.county_x, actor=make_cadre("county_n", world.county_x, role=OFFICER_ROLE), title="甲县"
    )
    org_notice = make_notice(org=world.org_a, actor=world.org_admin, title="甲校")
    assert set(notices_running_for_union(world.org_a)) == {city_notice, county_notice, org_notice}
    assert set(notices_running_for_union(world.org_b)) == {city_notice}
    assert set(notices_running_for_union(world.county_x)) == {city_notice, county_notice}


def test_running_excludes_drafts_future_and_closed_notices(officers):
    world = officers
    make_notice(org=world.org_a, actor=world.org_admin, title="草稿", publish=False)
    make_notice(
        org=world.org_a,
        actor=world.org_admin,
        title="未开始",
        starts_on=dt.date(2026, 1, 1) + dt.timedelta(days=3650),
    )
    ended = make_notice(org=world.org_a, actor=world.org_admin, title="已结束")
    assert ended.ends_on is not None
    notice_close(notice=ended, today=ended.ends_on + dt.timedelta(days=1))
    assert list(notices_running_for_union(world.org_a)) == []


def test_the_console_list_is_scoped_by_the_publishing_union(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    assert list(notice_list_for_user(world.org_admin)) == [notice]
    assert list(notice_list_for_user(world.outsider)) == []
    assert list(notice_list_for_user(world.org_member)) == []


def test_a_member_opens_only_notices_addressed_to_their_union(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    assert notice_get_for_member_or_404(world.org_member, notice.public_id) == notice
    other, _member = make_member_user("13700002222", world.org_b, name="乙会员")
    with pytest.raises(Http404):
        notice_get_for_member_or_404(other, notice.public_id)
    with pytest.raises(Http404):
        notice_get_for_member_or_404(world.org_admin, notice.public_id)  # no member record
    with pytest.raises(Http404):
        notice_get_for_member_or_404(world.org_member, "not-a-uuid")


def test_my_requests_list_only_my_objections(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    make_objection(notice=notice, user=world.org_member, entry=notice.entries.get(position=1))
    neighbour, _member = make_member_user("13700003333", world.org_a, name="甲二会员")
    mine = objection_requests_for_user(world.org_member)
    assert [(r.kind, r.title, r.status) for r in mine] == [
        ("公示异议", f"{notice.title}（王建华）", "待答复")
    ]
    assert objection_requests_for_user(neighbour) == []


def test_the_home_counter_counts_open_objections_in_the_managers_subtree(officers):
    world = officers
    notice = make_notice(org=world.org_a, actor=world.org_admin)
    make_objection(notice=notice, user=world.org_member)
    assert open_objection_count(user=world.org_admin, org=None) == 1
    assert open_objection_count(user=world.org_admin, org=world.org_a) == 1
    assert open_objection_count(user=world.outsider, org=None) == 0
    assert open_objection_count(user=world.org_member, org=None) == 0
