"""Fixes from the Chromium walk of judging: the 添加评委 picker (search, at most 50 shown, "姓名 · 所在工会" labels
without phone numbers, no contestant of the round offered or accepted), 开始评分 refused while a group in judging has
no judge, 提前截止报名 (`round_entries_close`) so that judging can start at once, and scores with 2 decimals on the
results page."""

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World, make_cadre, make_member_user
from gonghui.accounts.roles import JUDGE, PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.choices import RoundStatus
from gonghui.contests.models import ContestRound
from gonghui.contests.services.judging import (
    ROUND_ENTRIES_CLOSE,
    contest_judge_add,
    contest_judging_open,
    round_entries_close,
    round_finalise,
    round_judging_start,
)
from gonghui.contests.tests.factories import make_contest, make_contest_round, make_group
from gonghui.core.models import TimelineEntry
from gonghui.members.tests.factories import MemberFactory
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.models import Judge, ReviewRound

from .test_judging import (
    Judged,
    _started,
    enter,
    grant_on,
    judged_round,
    make_sheet_template,
    outside_expert,
    score,
)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _options(page: str) -> list[str]:
    """The labels of the 评委 dropdown (the select named user)."""
    select = re.search(r'<select name="user"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return [label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select[1])]


# ---- the 添加评委 picker ------------------------------------------------------------------------------------------


def test_the_picker_labels_people_by_union_never_by_phone_and_leaves_out_contestants(world):
    setup = _started(world)  # entries of org A (甲选手), org B and county X in 小学语文, judging being set up
    make_member_user("13700000017", world.org_a, name="龚博婷")
    contestant_user, contestant = make_member_user("13700000018", world.org_a, name="参赛的会员")
    enter_with = setup.entries["甲"]
    person = enter_with.people.get()
    person.member = contestant
    person.save(update_fields=["member"])
    make_cadre("staff_x", world.county_x, role=JUDGE)
    outside_expert(setup.contest, "zhuanjia")
    judging = reverse("contests:round_judging", args=[setup.contest_round.pk])

    page = _client(setup.organiser).get(judging).content.decode()
    labels = _options(page)
    # members by their union, cadres by their grant's union, outside experts as such; no phone number anywhere
    assert "龚博婷 · 甲县第一中学工会" in labels
    assert "staff_x · 甲县教育工会" in labels
    assert "zhuanjia专家 · 外部专家" in labels
    assert "13700000017" not in page
    # a contestant of this round is not offered, and the service refuses them by name of the field
    assert not [label for label in labels if label.startswith("参赛的会员")]
    with pytest.raises(ValidationError) as error:
        contest_judge_add(contest_round=setup.contest_round, user=contestant_user, actor=setup.organiser)
    assert error.value.message_dict == {"user": ["该账号是本赛段的参赛人员，不能担任评委"]}
    assert Judge.objects.count() == 0


def test_the_picker_searches_by_name_account_and_union_and_shows_at_most_fifty(world):
    setup = _started(world)
    for index in range(55):
        user = UserFactory.create(username=f"m139000{index:05d}", name=f"医院会员{index:02d}")
        MemberFactory.create(org=world.org_b, user=user, name=user.name)
    make_member_user("13700000017", world.org_a, name="龚博婷")
    client = _client(setup.organiser)
    judging = reverse("contests:round_judging", args=[setup.contest_round.pk])

    # without a search: 50 in the list and a note to narrow it
    page = client.get(judging).content.decode()
    assert len(_options(page)) == 50
    assert "下拉列表只列出前 50 人，请输入姓名、账号或所在工会缩小范围" in page
    # by name, by account, by union
    assert _options(client.get(judging, {"q": "龚博"}).content.decode()) == ["龚博婷 · 甲县第一中学工会"]
    assert _options(client.get(judging, {"q": "13700000017"}).content.decode()) == [
        "龚博婷 · 甲县第一中学工会"
    ]
    by_union = client.get(judging, {"q": "人民医院"}).content.decode()
    assert len(_options(by_union)) == 50
    assert "符合条件的有 56 人" in by_union  # the 55 and org B's admin
    assert "没有符合“无此人”的可选评委" in client.get(judging, {"q": "无此人"}).content.decode()

    # an account not among those shown can still be posted (it is checked against every candidate)
    hidden = UserFactory._meta.model.objects.get(name="医院会员54")
    answer = client.post(reverse("contests:judge_add", args=[setup.contest_round.pk]), {"user": hidden.pk})
    assert answer.status_code == 302
    last = Judge.objects.get()
    assert last.user == hidden
    # and is then no longer offered
    assert _options(client.get(judging, {"q": "医院会员54"}).content.decode()) == []


# ---- 开始评分 needs a judge for every group in judging ---------------------------------------------------------


def test_scoring_does_not_open_while_a_group_has_no_judge(world):
    setup = _started(world)  # entries in 小学语文 only
    first_aid = make_group(contest=setup.contest, name="急救技能", order=2)
    # one more entry, in 急救技能, part of a second judging (its own round) below
    contest_round = make_contest_round(
        contest=setup.contest, level=2, name="决赛", entry_deadline=timezone.now()
    )
    enter(contest_round, setup.group, world.org_a, ["语文选手"], setup.organiser, title="语文")
    enter(contest_round, first_aid, world.org_b, ["急救选手"], setup.organiser, title="急救")
    round_judging_start(
        contest_round=contest_round, template=setup.template, blind_mode="open", actor=setup.organiser
    )
    contest_round.refresh_from_db()
    review_round_id = contest_round.review_round_id
    assert review_round_id is not None
    contest_judge_add(
        contest_round=contest_round,
        user=make_cadre("pingwei_yuwen", world.city, role=JUDGE),
        group=setup.group,
        actor=setup.organiser,
    )

    # 急救技能 has an entry and no judge: refused, naming the group; on the page too
    with pytest.raises(ValidationError) as error:
        contest_judging_open(contest_round=contest_round, actor=setup.organiser)
    assert error.value.messages == [
        "组别「急救技能」还没有评委，请先为其添加评委（或添加评审全部组别的评委）"
    ]
    client = _client(setup.organiser)
    page = client.get(reverse("contests:round_judging", args=[contest_round.pk])).content.decode()
    assert "组别「急救技能」还没有评委" in page
    answer = client.post(
        reverse("contests:judge_add", args=[contest_round.pk]), {"step": "open"}, follow=True
    )
    assert "组别「急救技能」还没有评委" in answer.content.decode()
    assert ReviewRound.objects.get(pk=review_round_id).status == ReviewStatus.DRAFT

    # a judge without a group scores every group: scoring opens
    contest_judge_add(
        contest_round=contest_round,
        user=make_cadre("pingwei_all", world.city, role=JUDGE),
        actor=setup.organiser,
    )
    contest_judging_open(contest_round=contest_round, actor=setup.organiser)
    assert ReviewRound.objects.get(pk=review_round_id).status == ReviewStatus.OPEN


# ---- 提前截止报名 -------------------------------------------------------------------------------------------------


def _entering(world: World) -> tuple[Any, ContestRound]:
    organiser = make_cadre("organiser", world.city)
    contest = make_contest(org=world.city, actor=organiser)
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest)  # closes in 14 days
    enter(contest_round, group, world.org_a, ["甲选手"], organiser, title="甲校课例")
    make_sheet_template(org=world.city, actor=organiser)
    return organiser, contest_round


def test_closing_entries_early_lets_judging_start_at_once(world):
    organiser, contest_round = _entering(world)
    planned = contest_round.entry_deadline
    with pytest.raises(ValidationError):
        round_judging_start(
            contest_round=contest_round,
            template=make_sheet_template(org=world.city, actor=organiser),
            blind_mode="open",
            actor=organiser,
        )

    closed = round_entries_close(contest_round=contest_round, actor=organiser)

    assert closed.entry_deadline <= timezone.now() < planned
    contest_round.refresh_from_db()
    assert contest_round.entry_deadline == closed.entry_deadline
    row = TimelineEntry.objects.get(action=ROUND_ENTRIES_CLOSE)
    assert row.action_label == "提前截止报名"
    assert row.note.startswith("基层初赛：提前截止报名（原定 ")
    assert row.object_id == str(contest_round.contest_id)
    # judging starts now
    round_judging_start(
        contest_round=contest_round,
        template=make_sheet_template(org=world.city, actor=organiser),
        blind_mode="open",
        actor=organiser,
    )
    contest_round.refresh_from_db()
    assert contest_round.status == RoundStatus.JUDGING
    # and closing again is refused
    with pytest.raises(ValidationError) as error:
        round_entries_close(contest_round=contest_round, actor=organiser)
    assert error.value.messages == ["该赛段已开始评审"]


def test_closing_entries_is_refused_once_closed_and_to_others(world):
    organiser, contest_round = _entering(world)
    for user in (world.org_admin, world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            round_entries_close(contest_round=contest_round, actor=user)
    contest_round.entry_deadline = timezone.now() - dt.timedelta(minutes=1)
    contest_round.save(update_fields=["entry_deadline"])
    with pytest.raises(ValidationError) as error:
        round_entries_close(contest_round=contest_round, actor=organiser)
    assert error.value.messages == ["该赛段报名已截止"]
    assert not TimelineEntry.objects.filter(action=ROUND_ENTRIES_CLOSE).exists()


@pytest.mark.parametrize(("who", "status"), [("organiser", 302), ("partner", 403), ("outsider", 403)])
def test_the_close_entries_button(world, who, status):
    organiser, contest_round = _entering(world)
    judging = reverse("contests:round_judging", args=[contest_round.pk])
    page = _client(organiser).get(judging).content.decode()
    assert 'data-confirm="提前截止报名后' in page
    partner = UserFactory.create(username="partner_contact", name="教育局联络人")
    grant_on(contest_round.contest, partner, PARTNER)
    actor = {"organiser": organiser, "partner": partner, "outsider": world.outsider}[who]
    answer = _client(actor).post(
        reverse("contests:judging_start", args=[contest_round.pk]), {"step": "close_entries"}
    )
    assert answer.status_code == status
    contest_round.refresh_from_db()
    assert (contest_round.entry_deadline <= timezone.now()) is (who == "organiser")
    if who == "organiser":
        page = _client(organiser).get(judging).content.decode()
        assert "提前截止报名" not in page.split('id="judging-start"')[1]
        assert "开始评审" in page


# ---- 2 decimals on the results page -------------------------------------------------------------------------


def test_scores_show_two_decimals(world):
    # three judges give 80, 80 and 81: the score is 241 / 3 = 80.333…, stored as 80.333, shown as 80.33
    setup: Judged = judged_round(
        world,
        org=world.org_a,
        organiser=world.org_admin,
        entries={"甲": ("solo", world.org_a)},
        judge_count=3,
    )
    for judge, (design, performance) in zip(setup.judges, [(30, 50), (30, 50), (31, 50)], strict=True):
        score(setup, judge, "甲", design, performance)
    results = reverse("contests:round_results", args=[setup.contest_round.pk])
    client = _client(world.org_admin)
    for _step in ("preview", "final"):
        page = client.get(results).content.decode()
        assert "<strong>80.33</strong>" in page
        assert "80.333" not in page
        assert "80.00" in page  # each judge's total
        assert "81.00" in page
        if _step == "preview":
            round_finalise(contest_round=setup.contest_round, actor=world.org_admin)
    assert str(setup.entry("甲").score) == "80.333"
