"""A grantable kind whose objects close (`GrantableKind.latest_expiry`): no grant on such an object runs past its
close — neither when made nor when extended — and the owner app ends the live grants on an object when it closes
(`object_grants_end`: now, or brought forward to a moment), each audited. Kinds without `latest_expiry` keep the
one-year limit only."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.accounts import object_grants
from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.services import object_grant_extend, object_grants_end, outside_account_grant
from gonghui.core.models import AuditLog
from gonghui.reviews.object_grants import KIND, register_object_grants
from gonghui.reviews.services import round_create
from gonghui.reviews.tests.factories import make_template

register_object_grants()


def _in(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def review_round(world):
    template = make_template(org=world.org_a, actor=world.org_admin)
    return round_create(
        org=world.org_a, owner=world.org_a, template=template, title="甲校教学成果评审", actor=world.org_admin
    )


@pytest.fixture
def closing_kind(monkeypatch):
    """The reviews kind as if its rounds closed in ten days."""
    close = _in(10)
    kind = dataclasses.replace(grantable_kinds.get(KIND), latest_expiry=lambda obj: close)
    monkeypatch.setattr(object_grants, "kind_of", lambda obj: kind)
    return kind, close


def _grant(world, review_round, kind, days, phone="13900001234"):
    grant, _temporary = outside_account_grant(
        kind=kind,
        obj=review_round,
        name="教育局联络人",
        phone=phone,
        role=PARTNER,
        expires_at=_in(days),
        actor=world.org_admin,
    )
    return grant


def test_a_grant_past_the_close_is_refused_on_expires_at(world, review_round, closing_kind):
    kind, close = closing_kind
    with pytest.raises(ValidationError) as exc:
        _grant(world, review_round, kind, 11)
    assert exc.value.message_dict == {
        "expires_at": [f"到期时间不能晚于评审结束日期 {timezone.localtime(close):%Y-%m-%d}"]
    }
    assert not ObjectGrant.objects.exists()
    assert _grant(world, review_round, kind, 9).expires_at < close


def test_an_extension_past_the_close_is_refused(world, review_round, closing_kind):
    kind, close = closing_kind
    grant = _grant(world, review_round, kind, 5)
    with pytest.raises(ValidationError) as exc:
        object_grant_extend(grant=grant, expires_at=_in(20), actor=world.org_admin)
    assert list(exc.value.message_dict) == ["expires_at"]
    extended = object_grant_extend(grant=grant, expires_at=_in(9), actor=world.org_admin)
    assert extended.expires_at < close


def test_a_kind_without_a_close_keeps_the_one_year_limit_only(world, review_round):
    grant = _grant(world, review_round, grantable_kinds.get(KIND), 300)
    assert grant.expires_at > _in(299)


def test_object_grants_end_now_and_brought_forward(world, review_round):
    kind = grantable_kinds.get(KIND)
    first = _grant(world, review_round, kind, 30)
    second = _grant(world, review_round, kind, 60, phone="13900004321")
    # brought forward: only the grant running past the moment changes
    moment = _in(45)
    assert object_grants_end(obj=review_round, actor=world.org_admin, at=moment, reason="提前结束") == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.revoked_at, second.expires_at, second.revoked_at) == (None, moment, None)
    # now: every live grant is revoked
    assert object_grants_end(obj=review_round, actor=world.org_admin) == 2
    assert ObjectGrant.objects.filter(revoked_at__isnull=True).count() == 0
    assert AuditLog.objects.filter(summary__contains="授权结束").count() == 2
    # nobody else may
    with pytest.raises(PermissionDenied):
        object_grants_end(obj=review_round, actor=world.outsider)
