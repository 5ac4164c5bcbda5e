"""Services and selectors of part browse: who sees whom (active, holding membership, blocks both ways), the
filters (never revealing a hidden field), interest with its notifications (nickname only, exactly once per match,
also when both click at the same instant), the contact reveal on mutual interest only, and blocks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.matchmaking.choices import ProfileStatus, Seeking
from gonghui.matchmaking.models import Block, Interest, MatchProfile
from gonghui.matchmaking.selectors.browse import (
    browse_profiles,
    contact_for,
    may_see,
    my_blocks,
    my_interests,
    visible_profiles,
)
from gonghui.matchmaking.services.browse import (
    ONE_WAY_TITLE,
    block_add,
    block_remove,
    interest_toggle,
    mutual_title,
)
from gonghui.members.choices import MemberStatus
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import Industry

from .factories_browse import make_single

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _pair(world):
    a = make_single(world.org_a, nickname="小明", gender="M", contact="wx-xiaoming")
    b = make_single(world.org_b, nickname="小雨", gender="F", contact="13912345678")
    return a, b


def _inbox(profile):
    return list(Notification.objects.filter(recipient=profile.member.user).values_list("title", "body"))


def test_only_active_holding_unblocked_profiles_are_listed(world):
    viewer = make_single(world.org_a, nickname="看的人", gender="M")
    shown = make_single(world.org_b, nickname="展示中")
    hidden = [
        make_single(world.org_b, nickname="已退出", status=ProfileStatus.WITHDRAWN),
        make_single(world.org_b, nickname="已暂停", status=ProfileStatus.SUSPENDED),
        make_single(world.org_b, nickname="", status=ProfileStatus.ERASED),
    ]
    left = make_single(world.org_b, nickname="已离会")
    left.member.status = MemberStatus.LEFT
    left.member.save(update_fields=["status"])
    blocker = make_single(world.org_b, nickname="屏蔽我的人")
    Block.objects.create(from_profile=blocker, to_profile=viewer)
    listed = set(visible_profiles(viewer))
    assert listed == {shown}
    assert not any(may_see(viewer, p) for p in [*hidden, left, blocker, viewer])
    assert may_see(viewer, shown)


def test_a_viewer_without_an_active_profile_sees_nobody(world):
    make_single(world.org_b, nickname="展示中")
    suspended = make_single(world.org_a, nickname="被暂停", status=ProfileStatus.SUSPENDED)
    assert not visible_profiles(suspended).exists()
    assert not visible_profiles(None).exists()
    assert my_interests(suspended) == ([], [], [])


def test_filters_gender_age_band_education_and_unit_type(world):
    viewer = make_single(world.org_a, nickname="看的人", gender="M")
    world.org_b.industry = Industry.HEALTH
    world.org_b.save(update_fields=["industry"])
    make_single(
        world.org_b,
        nickname="护士",
        birth_date=dt.date(1996, 12, 8),
        education="bachelor",
        show_education=True,
    )  # 30 tomorrow: 25–29 today
    make_single(world.org_a, nickname="老师", birth_date=dt.date(1990, 1, 1))  # 36
    make_single(world.org_b, nickname="男士", gender="M")

    def names(**filters):
        return {p.nickname for p in browse_profiles(viewer, today=TODAY, **filters)}

    assert names(gender=Seeking.WOMEN) == {"护士", "老师"}
    assert names(gender=Seeking.MEN) == {"男士"}
    assert names(gender=Seeking.ANY) == {"护士", "老师", "男士"}
    assert names(age_band=1) == {"护士"}  # 29 today, 30 tomorrow
    assert names(age_band=2) == {"男士"}  # born 1996-05-01: 30
    assert names(age_band=3) == {"老师"}
    assert names(education="bachelor") == {"护士"}
    assert names(industry=Industry.HEALTH) == {"护士", "男士"}


def test_filters_never_reveal_a_field_the_member_hides(world):
    viewer = make_single(world.org_a, nickname="看的人", gender="M")
    make_single(
        world.org_b,
        nickname="不公开",
        birth_date=dt.date(1990, 1, 1),
        education="master",
        show_age_band=False,
        show_education=False,
        show_unit_type=False,
    )
    world.org_b.industry = Industry.HEALTH
    world.org_b.save(update_fields=["industry"])
    assert not browse_profiles(viewer, age_band=3, today=TODAY).exists()
    assert not browse_profiles(viewer, education="master").exists()
    assert not browse_profiles(viewer, industry=Industry.HEALTH).exists()
    assert browse_profiles(viewer).count() == 1


def test_one_way_interest_tells_the_other_without_a_name_and_withdraws(world):
    a, b = _pair(world)
    result = interest_toggle(viewer=a, profile=b, actor=a.member.user)
    assert result.interested
    assert not result.mutual
    assert _inbox(b) == [(ONE_WAY_TITLE, _inbox(b)[0][1])]
    assert "小明" not in str(_inbox(b))
    assert not _inbox(a)
    assert contact_for(a, b) is None
    assert contact_for(b, a) is None
    assert interest_toggle(viewer=a, profile=b, actor=a.member.user).interested is False
    assert not Interest.objects.exists()
    assert len(_inbox(b)) == 1  # withdrawing tells nobody


def test_mutual_interest_reveals_contacts_and_tells_both_by_nickname_only(world):
    a, b = _pair(world)
    interest_toggle(viewer=a, profile=b, actor=a.member.user)
    result = interest_toggle(viewer=b, profile=a, actor=b.member.user)
    assert result.mutual
    assert contact_for(a, b) == "13912345678"
    assert contact_for(b, a) == "wx-xiaoming"
    assert (mutual_title("小雨"), "") in _inbox(a)
    assert (mutual_title("小明"), "") in _inbox(b)
    texts = str(_inbox(a) + _inbox(b))
    for secret in (
        a.member.name,
        b.member.name,
        a.member.phone,
        b.member.phone,
        "13912345678",
        "wx-xiaoming",
    ):
        assert secret not in texts
    sent, received, mutual = my_interests(a)
    assert sent == []
    assert received == []
    assert [(m.card.nickname, m.contact) for m in mutual] == [("小雨", "13912345678")]


def test_contact_is_gone_once_the_other_withdraws_or_blocks(world):
    a, b = _pair(world)
    interest_toggle(viewer=a, profile=b, actor=a.member.user)
    interest_toggle(viewer=b, profile=a, actor=b.member.user)
    MatchProfile.objects.filter(pk=b.pk).update(status=ProfileStatus.WITHDRAWN)
    assert contact_for(a, b) is None
    assert my_interests(a).mutual == []
    MatchProfile.objects.filter(pk=b.pk).update(status=ProfileStatus.ACTIVE)
    assert contact_for(a, b) == "13912345678"
    block_add(viewer=b, profile=a, actor=b.member.user)
    assert contact_for(a, b) is None
    assert contact_for(b, a) is None
    assert not Interest.objects.exists()


def test_no_interest_in_a_profile_one_may_not_see(world):
    a, b = _pair(world)
    Block.objects.create(from_profile=b, to_profile=a)
    with pytest.raises(ValidationError, match="无法查看"):
        interest_toggle(viewer=a, profile=b, actor=a.member.user)
    MatchProfile.objects.filter(pk=a.pk).update(status=ProfileStatus.SUSPENDED)
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="未展示"):
        interest_toggle(viewer=a, profile=b, actor=a.member.user)
    assert not Interest.objects.exists()
    assert not Notification.objects.exists()


def test_block_is_idempotent_hides_both_ways_and_unblocks(world):
    a, b = _pair(world)
    interest_toggle(viewer=a, profile=b, actor=a.member.user)
    block_add(viewer=a, profile=b, actor=a.member.user)
    block_add(viewer=a, profile=b, actor=a.member.user)
    assert Block.objects.count() == 1
    assert not Interest.objects.exists()
    assert not may_see(a, b)
    assert not may_see(b, a)
    assert [row.nickname for row in my_blocks(a)] == ["小雨"]
    assert my_blocks(b) == []
    assert block_remove(viewer=b, profile=a, actor=b.member.user) is False  # not b's block to lift
    assert not may_see(b, a)
    assert block_remove(viewer=a, profile=b, actor=a.member.user) is True
    assert may_see(a, b)
    assert may_see(b, a)
    assert not Interest.objects.exists()  # interests do not come back


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_interest_ends_as_one_match_with_one_notice_each(world, run_concurrently):
    assert connection.vendor == "postgresql"
    a, b = _pair(world)
    results, errors = run_concurrently(
        lambda: interest_toggle(viewer=a, profile=b, actor=a.member.user),
        lambda: interest_toggle(viewer=b, profile=a, actor=b.member.user),
    )
    assert errors == []
    assert Interest.objects.count() == 2
    assert sorted(r.mutual for r in results) == [False, True]
    assert [t for t, _b in _inbox(a)].count(mutual_title("小雨")) == 1
    assert [t for t, _b in _inbox(b)].count(mutual_title("小明")) == 1
