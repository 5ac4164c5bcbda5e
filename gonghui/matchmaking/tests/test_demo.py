"""The demo 婚恋交友 on the demo tree, accounts and members (seeded once for this module, rolled back after): 30
single members with one withdrawal waiting for its erasure, two matches of which the README pair sees each other's
contact on 我的心动, one report waiting for the 婚恋交友管理员 `shi_nvgong`, and the city union's 线下联谊 whose
organiser sees the audience only as a count; a second run adds nothing."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.choices import Gender
from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.activities.choices import ActivityKind, ActivityStatus, RegistrationStatus
from gonghui.activities.models import Activity, Registration
from gonghui.matchmaking.choices import ProfileStatus, ReportReason, ReportStatus
from gonghui.matchmaking.demo import (
    MODERATOR,
    OTHER_PERSONAS,
    README_PAIR,
    SOCIAL_CAPACITY,
    SOCIAL_SIGNUPS,
    seed_matchmaking,
)
from gonghui.matchmaking.models import ERASE_AFTER_DAYS, Interest, Invitation, MatchProfile, Report
from gonghui.matchmaking.permissions import MODERATOR_ROLE
from gonghui.matchmaking.selectors.profiles import age_on, contact_of
from gonghui.matchmaking.services.stats import SINGLES_AUDIENCE
from gonghui.members.demo import seed_members
from gonghui.notifications.models import Notification
from gonghui.orgs.demo import seed_orgs
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "profiles": MatchProfile.objects.count(),
        "interests": Interest.objects.count(),
        "reports": Report.objects.count(),
        "activities": Activity.objects.count(),
        "registrations": Registration.objects.count(),
        "invitations": Invitation.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_matchmaking, before=(seed_orgs, seed_accounts, seed_members), counts=_counts
        ) as seeded,
    ):
        yield seeded


def _mutual_pairs() -> set[frozenset[int]]:
    sent = set(Interest.objects.values_list("from_profile_id", "to_profile_id"))
    return {frozenset((a, b)) for a, b in sent if (b, a) in sent}


def test_a_second_run_adds_nothing_and_one_account_with_one_grant(seeded: Seeded) -> None:
    assert "本次新建" in seeded.first
    assert seeded.second.endswith("本次无新增")
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["users"] == seeded.before["users"] + 1
    assert seeded.after_first["grants"] == seeded.before["grants"] + 1
    moderator = User.objects.get(username=MODERATOR)
    assert moderator.check_password("Gonghui2026")
    assert list(RoleGrant.objects.filter(user=moderator).values_list("role", "org__code")) == [
        (MODERATOR_ROLE, "JZJKWT")
    ]


def test_thirty_single_members_and_one_withdrawal_waiting_for_its_erasure(seeded: Seeded) -> None:
    today = timezone.localdate()
    active = list(MatchProfile.objects.filter(status=ProfileStatus.ACTIVE).select_related("member__org"))
    assert len(active) == 30
    assert sum(p.member.gender == Gender.FEMALE for p in active) == 15
    assert len({p.member.org_id for p in active}) >= 15  # from many unions
    assert all(24 <= age_on(p.member.birth_date, today) <= 40 for p in active)
    assert not {p.member.phone for p in active} & set(OTHER_PERSONAS)
    for profile in active:
        contact = contact_of(profile)
        assert profile.nickname
        assert profile.about
        assert contact
        assert contact != profile.member.phone
        assert profile.member.phone not in contact
        assert profile.member.name not in profile.nickname
        assert profile.contact_encrypted != contact  # stored encrypted
    assert sum(p.show_height for p in active) >= 10
    withdrawn = MatchProfile.objects.get(status=ProfileStatus.WITHDRAWN)
    assert withdrawn.erase_due_on is not None
    assert today < withdrawn.erase_due_on <= today + dt.timedelta(days=ERASE_AFTER_DAYS)


def test_two_matches_a_dozen_one_way_interests_and_a_pending_report(seeded: Seeded) -> None:
    pairs = _mutual_pairs()
    assert len(pairs) == 2
    assert Interest.objects.count() - 2 * len(pairs) == 12
    report = Report.objects.select_related("reporter", "reported").get()
    assert (report.status, report.reason) == (ReportStatus.PENDING, ReportReason.FALSE_INFO)
    assert report.reporter.status == report.reported.status == ProfileStatus.ACTIVE
    moderator = User.objects.get(username=MODERATOR)
    assert Notification.objects.filter(recipient=moderator, title="婚恋交友收到新的举报").count() == 1


def test_the_readme_pair_sees_each_others_contact_on_my_interests(seeded: Seeded) -> None:
    woman = MatchProfile.objects.get(member__user__phone=README_PAIR[0])
    man = MatchProfile.objects.get(member__user__phone=README_PAIR[1])
    assert frozenset((woman.pk, man.pk)) in _mutual_pairs()
    client = Client()
    client.force_login(User.objects.get(phone=README_PAIR[0]))
    response = client.get(reverse("matchmaking_portal:interests"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert man.nickname in page
    assert contact_of(man) in page
    assert man.member.phone not in page
    assert man.member.name not in page


def test_the_organiser_sees_the_social_audience_only_as_a_count(seeded: Seeded) -> None:
    social = Activity.objects.get(audience_key=SINGLES_AUDIENCE)
    assert (social.org.code, social.kind, social.status) == (
        "JZJKWT",
        ActivityKind.SOCIAL,
        ActivityStatus.PUBLISHED,
    )
    assert social.signup_required
    assert social.capacity == SOCIAL_CAPACITY
    assert social.starts_at > timezone.now()
    assert Invitation.objects.get(activity=social).sent_count == 30
    signed = Registration.objects.filter(activity=social, status=RegistrationStatus.CONFIRMED)
    assert signed.count() == SOCIAL_SIGNUPS
    client = Client()
    client.force_login(User.objects.get(username="shi_admin"))
    page = client.get(reverse("activities:detail", args=[social.pk])).content.decode()
    assert "约 30 人" in page
    assert "邀请已发出" in page
    for profile in MatchProfile.objects.select_related("member"):
        assert profile.nickname not in page
    organiser = Notification.objects.get(
        recipient__username="shi_admin", title__startswith="已向 30 名单身会员"
    )
    assert social.title in organiser.title
