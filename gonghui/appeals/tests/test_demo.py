"""The demo seeder: cases in every state, some overdue, anonymous, escalated; a city 维权督办; idempotent."""

import pytest

from conftest import make_cadre, make_member_user
from gonghui.accounts.models import RoleGrant, User
from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.demo import DEMO_CASES, seed_appeals
from gonghui.appeals.models import Appeal

pytestmark = pytest.mark.django_db


def test_seed_appeals_covers_every_state_once(world):
    # given the platform administrator and members in two grassroots unions
    make_cadre("admin", world.city, role="sysadmin")
    make_member_user("13700003333", world.org_b, name="乙会员")
    users, grants = User.objects.count(), RoleGrant.objects.count()
    # when
    first = seed_appeals()
    again = seed_appeals()
    # then
    assert Appeal.objects.count() == len(DEMO_CASES) == 23
    assert set(Appeal.objects.values_list("status", flat=True)) == set(AppealStatus.values)
    assert Appeal.objects.filter(is_anonymous=True).count() == 5
    assert Appeal.objects.filter(escalation_count__gt=0).count() == 2
    assert Appeal.objects.filter(was_overdue=True).count() >= 2
    assert Appeal.objects.filter(reopen_count=1).count() == 1
    assert Appeal.objects.filter(category__is_restricted=True).count() == 3
    assert first.startswith("诉求 23 件，覆盖 8 种状态")
    assert again == "诉求演示数据已存在，跳过"
    # one account added: the city's 维权督办
    assert (User.objects.count(), RoleGrant.objects.count()) == (users + 1, grants + 1)
    assert RoleGrant.objects.get(user__username="shi_weiquan").role == "appeals_supervisor"
    assert RoleGrant.objects.get(user__username="shi_weiquan").org == world.city


def test_seed_appeals_skips_without_an_administrator(world):
    assert seed_appeals() == "缺少管理员账号或会员，跳过诉求演示数据"
    assert Appeal.objects.count() == 0
