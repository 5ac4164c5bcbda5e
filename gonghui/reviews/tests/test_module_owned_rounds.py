"""A round owned by a module's row (a contest round) gets its entries from that module: the reviews pages neither
add entries to it by hand nor remove the module's entries (the contest would lose track of them); a round a union
runs itself (owned by the Org) keeps both."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from gonghui.contests.tests.factories import make_contest, make_contest_round
from gonghui.reviews.models import ReviewEntry
from gonghui.reviews.services import entry_add, entry_remove, round_create

from .factories import make_round, make_template

pytestmark = pytest.mark.django_db


def _contest_owned_round(world: World):
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    owner = make_contest_round(contest=contest)
    return round_create(
        org=world.org_a,
        owner=owner,
        template=make_template(org=world.org_a, actor=world.org_admin),
        title="竞赛评审",
        actor=world.org_admin,
    ), owner


def test_a_module_owned_round_takes_entries_from_its_module_only(world: World) -> None:
    review_round, owner = _contest_owned_round(world)
    assert review_round.entries_by_hand is False
    with pytest.raises(ValidationError, match="由其所属业务统一添加"):
        entry_add(review_round=review_round, title="手工添加", entrant_org=world.org_a, actor=world.org_admin)
    from_module = entry_add(
        review_round=review_round, title="报名一", entrant_org=world.org_a, actor=world.org_admin, owner=owner
    )
    with pytest.raises(ValidationError, match="请在原业务中处理"):
        entry_remove(entry=from_module, actor=world.org_admin)
    assert ReviewEntry.objects.filter(pk=from_module.pk).exists()


def test_the_page_offers_no_add_or_remove_on_a_module_owned_round(client, world: World) -> None:
    review_round, owner = _contest_owned_round(world)
    entry_add(
        review_round=review_round, title="报名一", entrant_org=world.org_a, actor=world.org_admin, owner=owner
    )
    own = make_round(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)
    body = client.get(reverse("reviews:round_detail", args=[review_round.pk])).content.decode()
    assert reverse("reviews:entry_add", args=[review_round.pk]) not in body
    assert "移除参评对象" not in body
    assert review_round.entries_by_hand is False
    own_body = client.get(reverse("reviews:round_detail", args=[own.pk])).content.decode()
    assert reverse("reviews:entry_add", args=[own.pk]) in own_body


def test_the_organiser_finds_the_way_back_to_the_owning_row(client, world: World) -> None:
    review_round, owner = _contest_owned_round(world)
    own = make_round(org=world.org_a, actor=world.org_admin)
    back = reverse("contests:round_judging", args=[owner.pk])
    client.force_login(world.org_admin)
    body = client.get(reverse("reviews:round_detail", args=[review_round.pk])).content.decode()
    assert back in body
    assert "返回赛段" in body
    own_body = client.get(reverse("reviews:round_detail", args=[own.pk])).content.decode()
    assert "返回" not in own_body  # a round the union runs itself has no owner page
