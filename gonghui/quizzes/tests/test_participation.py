"""Participating unions see the activities they take part in: a city activity over 甲县 is seen by the city's
organiser (all of it), by org A's admin (read-only, org A's subtree only: detail, ranking, board, non-participants,
reminder to its own members, correct rates once ended) and not at all by org B's admin (404); a plain member is
refused (403)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR
from gonghui.notifications.models import Notification
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import ActivityUnit, Question, QuizActivity
from gonghui.quizzes.selectors import open_activity_count
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .factories import another_member, make_activity, make_bank, make_organiser, right, wrong

pytestmark = pytest.mark.django_db

READ_PAGES = (
    "activity_detail",
    "activity_ranking",
    "activity_ranking_export",
    "activity_board",
    "activity_board_export",
    "activity_absent",
)
# the boards' exports: spreadsheets' export URL with the activity (and the subtree) in its query string
EXPORTS = {"activity_ranking_export": "quiz_ranking", "activity_board_export": "quiz_board"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _take(activity, member, *, correct: int):
    attempt = attempt_start(activity=activity, member=member)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        chosen = right(questions[qid]) if index < correct else wrong(questions[qid])
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen)
    return attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)


@pytest.fixture
def county_quiz(organisers):
    """The city union runs an activity for 甲县's whole subtree (甲县 itself and org A are units; 乙县 and org B
    are not). 甲县 has a member of its own (county_member), org A two (甲会员 and 甲二)."""
    world = organisers
    city_admin = make_organiser("city_quiz", world.city)
    county_member = another_member(world.county_x, "13700006001", "县机关会员")[1]
    second_a = another_member(world.org_a, "13700006002", "甲二")[1]
    bank = make_bank(world.city, name="市题库")
    activity = make_activity(
        world.city,
        bank,
        title="全县答题",
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.county_x.pk)],
    )
    return {
        "world": world,
        "city_admin": city_admin,
        "activity": activity,
        "county_member": county_member,
        "second_a": second_a,
        "bank": bank,
    }


def _url(name, activity, query=""):
    if name in EXPORTS:
        export = reverse("spreadsheets:export_start", args=[EXPORTS[name]])
        return f"{export}?activity={activity.public_id}" + query.replace("?", "&", 1)
    return reverse(f"quizzes:{name}", args=[activity.public_id]) + query


@pytest.mark.parametrize("name", READ_PAGES)
def test_organiser_and_participating_union_read_unrelated_union_does_not_see_it(county_quiz, name):
    world, activity = county_quiz["world"], county_quiz["activity"]
    url = _url(name, activity)
    method = "post" if name in EXPORTS else "get"
    assert getattr(_client(county_quiz["city_admin"]), method)(url).status_code == 200
    assert getattr(_client(world.org_admin), method)(url).status_code == 200
    assert getattr(_client(world.outsider), method)(url).status_code == 404
    assert getattr(_client(world.org_member), method)(url).status_code == 403


def test_editing_publishing_and_cancelling_stay_with_the_organiser(county_quiz):
    world, activity = county_quiz["world"], county_quiz["activity"]
    organiser = _client(county_quiz["city_admin"])
    participant, outsider = _client(world.org_admin), _client(world.outsider)
    for name in ("activity_edit", "activity_cancel"):
        assert participant.get(_url(name, activity)).status_code == 403
        assert outsider.get(_url(name, activity)).status_code == 404
    assert participant.post(_url("activity_publish", activity)).status_code == 403
    assert outsider.post(_url("activity_publish", activity)).status_code == 404
    assert participant.post(_url("activity_cancel", activity), {"reason": "不想办"}).status_code == 403
    assert QuizActivity.objects.get(pk=activity.pk).status == "published"
    assert organiser.get(_url("activity_cancel", activity)).status_code == 200
    # the organiser's management pages are not for participants: attempts (with focus logs) stay with it
    assert participant.get(_url("activity_attempts", activity)).status_code == 403
    assert organiser.get(_url("activity_attempts", activity)).status_code == 200
    detail = participant.get(_url("activity_detail", activity)).content.decode()
    assert "participant-view" in detail
    assert reverse("quizzes:activity_cancel", args=[activity.public_id]) not in detail
    assert reverse("quizzes:activity_attempts", args=[activity.public_id]) not in detail
    assert "办理记录" not in detail


def test_a_draft_is_not_shown_to_the_units_it_will_target(organisers):
    world = organisers
    draft = make_activity(world.city, make_bank(world.city, name="市题库"), publish=False, title="市草稿")
    assert not ActivityUnit.objects.filter(activity=draft).exists()
    assert _client(world.org_admin).get(_url("activity_detail", draft)).status_code == 404
    assert not QuizActivity.objects.filter(QuizActivity.visible_q(world.org_admin), pk=draft.pk).exists()


def test_the_participating_union_sees_only_its_own_subtree_and_cannot_widen_it(county_quiz):
    world, activity = county_quiz["world"], county_quiz["activity"]
    _take(activity, world.member_a, correct=5)
    _take(activity, county_quiz["county_member"], correct=2)
    participant, organiser = _client(world.org_admin), _client(county_quiz["city_admin"])

    ranking = participant.get(_url("activity_ranking", activity)).content.decode()
    assert "甲会员" in ranking
    assert "县机关会员" not in ranking
    everyone = organiser.get(_url("activity_ranking", activity)).content.decode()
    assert "甲会员" in everyone
    assert "县机关会员" in everyone

    for name in ("activity_ranking", "activity_board", "activity_absent", "activity_ranking_export"):
        open_page = participant.post if name in EXPORTS else participant.get
        for org in (world.county_x, world.city, world.org_b):
            response = open_page(_url(name, activity, f"?org={org.pk}"))
            assert response.status_code == 404, (name, org)
        assert open_page(_url(name, activity, f"?org={world.org_a.pk}")).status_code == 200

    detail = participant.get(_url("activity_detail", activity))
    assert detail.context["summary"]["members"] == 2  # org A: 甲会员, 甲二
    assert detail.context["summary"]["participants"] == 1
    assert [r.member.name for _place, r in detail.context["top"]] == ["甲会员"]
    assert organiser.get(_url("activity_detail", activity)).context["summary"]["members"] == 3

    board = participant.get(_url("activity_board", activity))
    assert [(r.org, r.members, r.participants) for r in board.context["rows"]] == [(world.org_a, 2, 1)]
    absent = participant.get(_url("activity_absent", activity))
    assert [m.name for m in absent.context["page"]] == ["甲二"]
    assert absent.context["can_remind"]


def test_a_union_above_the_units_inside_the_scope_sees_the_activity(organisers):
    """Targets name org A only: 甲县 is no unit, but it is above one inside the activity's scope."""
    world = organisers
    county_admin = make_organiser("cx_quiz", world.county_x)
    activity = make_activity(
        world.city,
        make_bank(world.city, name="市题库"),
        title="甲中专场",
        targets=[OrgTarget(kind=TargetKind.ORG, org_id=world.org_a.pk)],
    )
    assert list(ActivityUnit.objects.filter(activity=activity).values_list("org_id", flat=True)) == [
        world.org_a.pk
    ]
    response = _client(county_admin).get(_url("activity_board", activity))
    assert response.status_code == 200
    assert response.context["within"] == world.county_x
    assert _client(county_admin).get(_url("activity_edit", activity)).status_code == 403
    # 乙县 has no unit in it: not delivered
    other_county = make_organiser("cy_quiz", world.county_y)
    assert _client(other_county).get(_url("activity_detail", activity)).status_code == 404


def test_the_participating_union_reminds_its_own_members_only(county_quiz):
    world, activity = county_quiz["world"], county_quiz["activity"]
    participant = _client(world.org_admin)
    remind_a = reverse("quizzes:activity_remind", args=[activity.public_id, world.org_a.pk])
    remind_county = reverse("quizzes:activity_remind", args=[activity.public_id, world.county_x.pk])
    assert participant.post(remind_county).status_code == 404
    assert _client(world.outsider).post(remind_a).status_code == 404
    response = participant.post(remind_a)
    assert response.status_code == 302
    reminded = set(
        Notification.objects.filter(title__startswith="请参加答题活动").values_list(
            "recipient__name", flat=True
        )
    )
    assert "甲二" in reminded
    assert "县机关会员" not in reminded
    # an auditor of org A reads the activity but may not remind (quizzes.manage on the unit decides)
    auditor = make_cadre("a_auditor", world.org_a, role=AUDITOR)
    assert _client(auditor).get(_url("activity_absent", activity)).status_code == 200
    assert _client(auditor).post(remind_a).status_code == 403


def test_correct_rates_reach_the_participating_union_only_after_the_end_and_only_its_own(county_quiz):
    world, activity = county_quiz["world"], county_quiz["activity"]
    _take(activity, world.member_a, correct=5)
    _take(activity, county_quiz["county_member"], correct=0)
    participant = _client(world.org_admin)
    assert participant.get(_url("activity_questions", activity)).status_code == 403
    QuizActivity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=8), ends_at=timezone.now() - dt.timedelta(days=1)
    )
    response = participant.get(_url("activity_questions", activity))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert sum(r["total"] for r in rows) == 5  # org A's five answers only
    assert all(r["rate"] == 100.0 for r in rows)
    everyone = _client(county_quiz["city_admin"]).get(_url("activity_questions", activity)).context["rows"]
    assert sum(r["total"] for r in everyone) == 10


def test_the_activity_list_shows_delivered_activities_without_per_row_queries(county_quiz):
    world = county_quiz["world"]
    participant = _client(world.org_admin)
    url = reverse("quizzes:activity_list")
    participant.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        response = participant.get(url)
    assert "全县答题" in response.content.decode()
    for n in range(4):
        make_activity(
            world.city,
            county_quiz["bank"],
            title=f"市答题{n}",
            targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.org_a.pk)],
        )
    make_activity(
        world.city,
        county_quiz["bank"],
        title="乙县专场",
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.county_y.pk)],
    )
    with CaptureQueriesContext(connection) as five:
        response = participant.get(url)
    body = response.content.decode()
    assert "市答题3" in body
    assert "乙县专场" not in body
    assert len(five.captured_queries) == len(one.captured_queries)
    assert "全县答题" not in _client(world.outsider).get(url).content.decode()


def test_the_home_counter_counts_running_activities_the_union_takes_part_in(county_quiz):
    world = county_quiz["world"]
    assert open_activity_count(user=world.org_admin, within=world.org_a) == 1
    assert open_activity_count(user=county_quiz["city_admin"], within=world.city) == 1
    assert open_activity_count(user=world.outsider, within=world.org_b) == 0
