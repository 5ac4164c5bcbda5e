"""Once a round's results are final, the member sees their score, rank, award and promotion on their entry's page
and the award in 我的竞赛."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.contests.choices import RoundStatus
from gonghui.contests.models import ContestRound

from .factories import make_contest, make_contest_entry, make_contest_round, make_group


@pytest.fixture
def final_entry(world):
    contest = make_contest(org=world.city, actor=world.org_admin)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest)
    entry = make_contest_entry(
        contest_round=contest_round,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        score=Decimal("88.125"),
        rank=1,
        award="一等奖",
        promoted=True,
    )
    return contest_round, entry


def test_my_entry_shows_the_result_once_final(client, world, final_entry):
    contest_round, entry = final_entry
    client.force_login(world.org_member)
    url = reverse("contests_portal:my_entry", args=[entry.public_id])
    assert "本赛段成绩" not in client.get(url).content.decode()  # judging still going: no result yet
    ContestRound.objects.filter(pk=contest_round.pk).update(status=RoundStatus.FINAL)
    body = client.get(url).content.decode()
    for text in ("本赛段成绩", "88.13", "第 1 名", "一等奖", "已晋级下一赛段"):
        assert text in body
    listed = client.get(reverse("contests_portal:my_contests")).content.decode()
    assert "一等奖" in listed
    assert "已晋级" in listed
