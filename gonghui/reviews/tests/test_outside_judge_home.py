"""An outside expert (no union of their own, a 评委 object grant on the round) sees 待评分 on the console home like a
judge inside the tree; an account with nothing to judge sees no such counter."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.roles import JUDGE
from gonghui.accounts.services import outside_account_grant
from gonghui.reviews.object_grants import KIND
from gonghui.reviews.services import round_open

from .factories import make_entry, make_judge, make_round

pytestmark = pytest.mark.django_db


def test_an_outside_expert_sees_the_sheets_left_to_score_on_the_home(client, world: World) -> None:
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    for n in (1, 2):
        make_entry(
            review_round=review_round, entrant_org=world.org_a, actor=world.org_admin, title=f"成果{n}"
        )
    grant, _password = outside_account_grant(
        kind=grantable_kinds.get(KIND),
        obj=review_round,
        name="外部专家",
        phone="13911112222",
        role=JUDGE,
        expires_at=timezone.now() + dt.timedelta(days=30),
        actor=world.org_admin,
    )
    expert = grant.user
    expert.must_change_password = False
    expert.save(update_fields=["must_change_password"])
    make_judge(review_round=review_round, user=expert, actor=world.org_admin, unit="市教育局")
    round_open(review_round=review_round, actor=world.org_admin)
    client.force_login(expert)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    counters = {c["label"]: c["value"] for c in home.context["counters"]}
    assert counters == {"待评分": 2}


def test_a_cadre_who_judges_nothing_sees_no_such_counter(client, world: World) -> None:
    client.force_login(world.org_admin)
    counters = {c["label"] for c in client.get(reverse("home")).context["counters"]}
    assert "待评分" not in counters


def test_an_outside_partner_sees_the_object_granted_on_the_home(client, world: World) -> None:
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    grant, _password = outside_account_grant(
        kind=grantable_kinds.get(KIND),
        obj=review_round,
        name="教育局联络人",
        phone="13911113333",
        role="partner",
        expires_at=timezone.now() + dt.timedelta(days=30),
        actor=world.org_admin,
    )
    partner = grant.user
    partner.must_change_password = False
    partner.save(update_fields=["must_change_password"])
    client.force_login(partner)
    body = client.get(reverse("home")).content.decode()
    assert "您的账号被授权处理" in body
    assert reverse("reviews:round_detail", args=[review_round.pk]) in body
    assert "请联系管理员为您的账号授权" not in body
