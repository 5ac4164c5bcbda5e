"""The demo 公示: the city union's notice running on the portal of the demo member 13900000001, one objection
answered 不成立 and one upheld with its entry withdrawn; seeded once."""

import pytest

from conftest import make_member_user
from gonghui.accounts.roles import SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.core.registry import portal_cards
from gonghui.notices.choices import EntryStatus, NoticeStatus, ObjectionStatus
from gonghui.notices.demo import DEMO_MEMBER_PHONE, DEMO_TITLE, ROOT_CODE, seed_notices
from gonghui.notices.models import Notice
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_running_notice_with_an_answered_and_an_upheld_objection():
    # given a city union with grassroots unions, the platform administrator and two members below
    root = OrgFactory.create(code=ROOT_CODE, name="焦作市教科文卫体工会", level=OrgLevel.CITY)
    unions = [OrgFactory.create(parent=root, name=f"第{n}中学工会") for n in range(3)]
    RoleGrantFactory.create(user=UserFactory.create(username="admin"), role=SYSADMIN, org=root)
    demo_user, _member = make_member_user(DEMO_MEMBER_PHONE, unions[0], name="演示会员")
    make_member_user("13900000002", unions[1], name="另一会员")
    # when seeded twice
    first = seed_notices()
    assert seed_notices() == "公示已存在"
    # then one running notice of the city, with one objection dismissed and one upheld (its entry withdrawn)
    assert "异议 2 件" in first
    notice = Notice.objects.get()
    assert (notice.title, notice.org, notice.status) == (DEMO_TITLE, root, NoticeStatus.PUBLISHED)
    statuses = sorted(notice.objections.values_list("status", "anonymous"))
    assert statuses == [(ObjectionStatus.DISMISSED, False), (ObjectionStatus.UPHELD, True)]
    upheld = notice.objections.get(status=ObjectionStatus.UPHELD)
    assert upheld.entry is not None
    assert upheld.entry.status == EntryStatus.WITHDRAWN
    assert notice.entries.filter(status=EntryStatus.WITHDRAWN).count() == 1
    # and the demo member sees it running on the portal home
    items = portal_cards.get("notices.now").items(demo_user)
    assert [item.title for item in items] == [DEMO_TITLE]


def test_demo_skips_without_the_city_union():
    assert seed_notices() == "没有市级工会或系统管理员，跳过公示"
