"""Outside accounts on a contest (the fourth actor): a 合作单位联系人 (partner) granted on one contest sees that
contest read-only and nothing else, and nothing once the grant expired; grants never run past the contest's
结束日期, are brought forward when it moves earlier and end when the contest is finished; the 评委 (judge) grants
are the contest's outside judges (`outside_judges_of`)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.models import ObjectGrant, User
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.roles import JUDGE, PARTNER, UNION_STAFF
from gonghui.accounts.services import object_grant_extend, outside_account_grant
from gonghui.contests.choices import ContestStatus
from gonghui.contests.models import Contest
from gonghui.contests.object_grants import KIND, contest_closes_at
from gonghui.contests.selectors.contests import outside_judges_of
from gonghui.contests.services.contests import contest_finish, contest_update
from gonghui.core.models import AuditLog

from .factories import make_contest


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _grant(world, contest, *, phone="13900005678", role=PARTNER, expires_at=None, name="教育局联络人"):
    grant, _temporary = outside_account_grant(
        kind=grantable_kinds.get(KIND),
        obj=contest,
        name=name,
        phone=phone,
        role=role,
        expires_at=expires_at or _end_of(contest.closes_on),
        actor=world.org_admin,
    )
    User.objects.filter(pk=grant.user_id).update(must_change_password=False)
    return grant


@pytest.fixture
def contests(world):
    granted = make_contest(
        org=world.org_a,
        actor=world.org_admin,
        title="甲校教学技能竞赛",
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )
    other = make_contest(org=world.org_a, actor=world.org_admin, title="甲校另一项竞赛")
    return granted, other


def test_the_kind_is_registered_with_partner_and_judge_and_the_close_as_latest_expiry(contests):
    kind = grantable_kinds.get(KIND)
    assert kind.roles == (PARTNER, JUDGE)
    assert kind.latest_expiry is not None
    assert kind.latest_expiry(contests[0]) == _end_of(contests[0].closes_on)
    assert timezone.localtime(contest_closes_at(contests[0])).time() == dt.time(23, 59, 59)


def test_a_grant_may_not_run_past_the_contests_close(world, contests):
    granted, _other = contests
    # when the organiser grants a day past the close
    with pytest.raises(ValidationError) as exc:
        _grant(world, granted, expires_at=_end_of(granted.closes_on + dt.timedelta(days=1)))
    # then
    assert exc.value.message_dict == {
        "expires_at": [f"到期时间不能晚于竞赛结束日期 {granted.closes_on:%Y-%m-%d}"]
    }
    assert not ObjectGrant.objects.exists()
    # up to the close itself is fine; extending past it is refused the same way
    grant = _grant(world, granted)
    with pytest.raises(ValidationError) as exc:
        object_grant_extend(
            grant=grant, expires_at=_end_of(granted.closes_on + dt.timedelta(days=5)), actor=world.org_admin
        )
    assert exc.value.message_dict == {
        "expires_at": [f"到期时间不能晚于竞赛结束日期 {granted.closes_on:%Y-%m-%d}"]
    }
    assert ObjectGrant.objects.get(pk=grant.pk).expires_at == _end_of(granted.closes_on)


def test_the_grants_page_refuses_a_date_past_the_close(world, contests):
    granted, _other = contests
    url = reverse("accounts:object_grant_create", args=[KIND, granted.pk])
    response = _client(world.org_admin).post(
        url,
        {
            "name": "教育局联络人",
            "phone": "13900005678",
            "role": PARTNER,
            "expires_on": (granted.closes_on + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "到期时间不能晚于竞赛结束日期" in response.content.decode()
    assert (
        _client(world.org_admin).get(reverse("accounts:object_grants", args=[KIND, granted.pk])).status_code
        == 200
    )


def test_the_partner_sees_its_contest_read_only_and_nothing_else(world, contests):
    granted, other = contests
    grant = _grant(world, granted)
    client = _client(User.objects.get(pk=grant.user_id))
    # its contest, read only
    page = client.get(reverse("contests:detail", args=[granted.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲校教学技能竞赛" in body
    for organiser_only in (
        "开始竞赛",
        "结束竞赛",
        "外部账号授权",
        reverse("contests:edit", args=[granted.pk]),
    ):
        assert organiser_only not in body
    listed = client.get(reverse("contests:list")).content.decode()
    assert "甲校教学技能竞赛" in listed
    assert "甲校另一项竞赛" not in listed
    assert "新建竞赛" not in listed
    # nothing else, and no change
    assert client.get(reverse("contests:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("contests:edit", args=[granted.pk])).status_code == 403
    assert client.post(reverse("contests:finish", args=[granted.pk])).status_code == 403
    assert client.get(reverse("contests:create")).status_code == 403
    assert Contest.objects.get(pk=granted.pk).status == ContestStatus.RUNNING


def test_after_expiry_the_partner_sees_nothing(world, contests):
    granted, _other = contests
    grant = _grant(world, granted)
    ObjectGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    client = _client(User.objects.get(pk=grant.user_id))
    assert client.get(reverse("contests:detail", args=[granted.pk])).status_code in {403, 404}
    assert "甲校教学技能竞赛" not in client.get(reverse("contests:list")).content.decode()


def test_finishing_ends_every_live_grant_and_the_judges_with_them(world, contests):
    granted, other = contests
    partner = _grant(world, granted)
    judge = _grant(world, granted, phone="13900009999", role=JUDGE, name="外部评委甲")
    elsewhere = _grant(world, other, phone="13900008888", role=JUDGE, name="另一竞赛评委")
    assert [u.name for u in outside_judges_of(granted)] == ["外部评委甲"]
    # when a 工会干事 (contests.manage, no accounts.manage) finishes the contest
    staff = make_cadre("staff_a", world.org_a, role=UNION_STAFF)
    contest_finish(contest=granted, actor=staff)
    # then both grants on it ended now, audited; the other contest's stays
    for grant in (partner, judge):
        grant.refresh_from_db()
        assert grant.revoked_at is not None
    assert ObjectGrant.objects.get(pk=elsewhere.pk).revoked_at is None
    assert list(outside_judges_of(granted)) == []
    assert AuditLog.objects.filter(summary__contains="授权结束（竞赛已结束）").count() == 2
    assert (
        _client(User.objects.get(pk=partner.user_id))
        .get(reverse("contests:detail", args=[granted.pk]))
        .status_code
        in {403, 404}  # no console left at all (403), and no contest
    )


def test_a_closing_date_moved_earlier_brings_the_grants_forward(world, contests):
    granted, _other = contests
    grant = _grant(world, granted)
    new_close = granted.closes_on - dt.timedelta(days=10)
    # when
    contest_update(
        contest=granted, title=granted.title, year=granted.year, closes_on=new_close, actor=world.org_admin
    )
    # then
    grant.refresh_from_db()
    assert (grant.expires_at, grant.revoked_at) == (_end_of(new_close), None)
    assert AuditLog.objects.filter(summary__contains="授权提前至").count() == 1
