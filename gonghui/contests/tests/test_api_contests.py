"""/api/v1/contests/: the running contests a member may enter (their union's and those above, eligibility matched)
and the final results of a contest the user sees (names masked); scope contests:read."""

import datetime as dt
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.api_tokens import API_SCOPES, api_token_create
from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import PARTNER
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.choices import ContestStatus, EntryStatus, RoundStatus
from gonghui.contests.models import Contest
from gonghui.members.choices import JobCategory
from gonghui.members.tests.factories import MemberFactory

from .factories import make_contest, make_contest_entry, make_contest_round, make_group, make_team_group

pytestmark = pytest.mark.django_db

OPEN = "/api/v1/contests/open"


def _results(contest) -> str:
    return f"/api/v1/contests/{contest.public_id}/results"


def _get(user, path, scopes=("contests:read",), **params):
    _token, secret = api_token_create(user=user, name="豫工惠", scopes=list(scopes))
    return Client().get(path, params, headers={"Authorization": f"Bearer {secret}"})


def _problem(response) -> dict[str, object]:
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, object] = json.loads(response.content)
    return body


def test_the_scope_is_registered():
    assert "contests:read" in API_SCOPES


# ---- open contests ---------------------------------------------------------------------------------------------


def test_open_lists_the_contests_the_member_may_enter(world):
    # given (org A's member is a teacher)
    world.member_a.job_category = JobCategory.TEACHER
    world.member_a.save(update_fields=["job_category"])
    city = make_contest(
        org=world.city,
        actor=world.org_admin,
        title="全市教学技能竞赛",
        eligibility={"job_categories": ["teacher"]},
    )
    make_group(contest=city)
    make_team_group(contest=city)
    make_contest_round(contest=city, level=1)
    make_contest_round(contest=city, level=2, status=RoundStatus.ENTERING)
    own = make_contest(org=world.org_a, actor=world.org_admin, title="甲校青年教师赛课")
    make_contest_round(contest=own)
    # not for this member: nurses only, a sibling's, a draft, a finished one, one whose entries have closed
    nurses = make_contest(
        org=world.city,
        actor=world.org_admin,
        title="全市护理技能竞赛",
        eligibility={"job_categories": ["nurse"]},
    )
    make_contest_round(contest=nurses)
    sibling = make_contest(org=world.org_b, actor=world.outsider, title="乙院技能竞赛")
    make_contest_round(contest=sibling)
    draft = make_contest(
        org=world.city, actor=world.org_admin, status=ContestStatus.DRAFT, title="筹备中的竞赛"
    )
    make_contest_round(contest=draft)
    finished = make_contest(
        org=world.city, actor=world.org_admin, status=ContestStatus.FINISHED, title="已结束的竞赛"
    )
    make_contest_round(contest=finished)
    closed = make_contest(org=world.city, actor=world.org_admin, title="报名已截止的竞赛")
    make_contest_round(contest=closed, entry_deadline=timezone.now() - dt.timedelta(days=1))
    judging = make_contest(org=world.city, actor=world.org_admin, title="评审中的竞赛")
    make_contest_round(contest=judging, status=RoundStatus.JUDGING)
    # when
    r = _get(world.org_member, OPEN)
    # then
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2
    assert {c["title"] for c in body["items"]} == {"全市教学技能竞赛", "甲校青年教师赛课"}
    city_out = next(c for c in body["items"] if c["title"] == "全市教学技能竞赛")
    assert city_out["organiser"] == "测试市教科文卫体工会"
    assert city_out["co_organisers"] == ["测试市教育局"]
    assert [(g["name"], g["entry_kind"], g["team_size_max"]) for g in city_out["groups"]] == [
        ("小学语文", "individual", 1),
        ("护理团体", "team", 3),
    ]
    assert [(r["level"], r["name"], r["status_label"]) for r in city_out["rounds"]] == [
        (1, "基层初赛", "报名中"),
        (2, "县区复赛", "报名中"),
    ]
    assert city_out["rounds"][0]["entry_deadline"]


def test_open_is_paged(world):
    for n in range(3):
        make_contest_round(contest=make_contest(org=world.org_a, actor=world.org_admin, title=f"竞赛{n}"))
    first = _get(world.org_member, OPEN, page_size=2).json()
    second = _get(world.org_member, OPEN, page_size=2, page=2).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)


def test_open_without_a_member_record_is_404(world):
    r = _get(world.org_admin, OPEN)
    assert r.status_code == 404
    assert _problem(r)["title"] == "未找到"


@pytest.mark.parametrize(
    ("_case", "scopes", "status"), [("no scope", ["me:read"], 403), ("the scope", ["contests:read"], 200)]
)
def test_open_needs_the_scope(world, _case, scopes, status):
    assert _get(world.org_member, OPEN, scopes=scopes).status_code == status


def test_open_without_credentials_is_401():
    assert Client().get(OPEN).status_code == 401


# ---- results ---------------------------------------------------------------------------------------------------


def _finished_contest(world, *, org=None):
    """A contest with a first round (final) and a final round (final): the results are the last round's."""
    org = org or world.org_a
    contest = make_contest(org=org, actor=world.org_admin, status=ContestStatus.FINISHED)
    group = make_group(contest=contest)
    team = make_team_group(contest=contest)
    first = make_contest_round(contest=contest, level=1, status=RoundStatus.FINAL)
    last = make_contest_round(contest=contest, level=2, status=RoundStatus.FINAL)
    make_contest_entry(
        contest_round=first,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        rank=1,
    )
    second_member = MemberFactory.create(org=world.org_a, name="欧阳峰锋")
    third_member = MemberFactory.create(org=world.org_a, name="李四")
    make_contest_entry(
        contest_round=last,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        rank=1,
        award="一等奖",
        title="《春》",
    )
    make_contest_entry(
        contest_round=last,
        group=team,
        entrant_org=world.org_a,
        members=[second_member, third_member],
        actor=world.org_admin,
        rank=1,
        award="二等奖",
    )
    make_contest_entry(
        contest_round=last,
        group=group,
        entrant_org=world.org_a,
        members=[MemberFactory.create(org=world.org_a, name="王五")],
        actor=world.org_admin,
        status=EntryStatus.WITHDRAWN,
    )
    return contest


def test_results_are_the_last_final_round_with_masked_names(world):
    # given
    contest = _finished_contest(world)
    # when
    r = _get(world.org_admin, _results(contest))
    # then
    assert r.status_code == 200
    assert r.json() == {
        "public_id": str(contest.public_id),
        "title": contest.title,
        "organiser": "甲县第一中学工会",
        "status": "finished",
        "round": "县区复赛",
        "results": [
            {
                "round": "县区复赛",
                "group": "小学语文",
                "rank": 1,
                "award": "一等奖",
                "title": "《春》",
                "union": "甲县第一中学工会",
                "names": ["甲*员"],
            },
            {
                "round": "县区复赛",
                "group": "护理团体",
                "rank": 1,
                "award": "二等奖",
                "title": "",
                "union": "甲县第一中学工会",
                "names": ["欧**锋", "李*"],
            },
        ],
    }
    assert "甲会员" not in r.content.decode()


def test_results_of_a_contest_without_final_results_are_empty(world):
    contest = make_contest(org=world.org_a, actor=world.org_admin)
    make_contest_round(contest=contest)
    body = _get(world.org_admin, _results(contest)).json()
    assert (body["round"], body["results"]) == (None, [])


def test_a_city_contest_is_visible_below_it(world):
    contest = _finished_contest(world, org=world.city)
    assert _get(world.org_admin, _results(contest)).status_code == 200


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org A admin", "org_admin", 200),
        ("plain member: no console", "org_member", 403),
        ("org B admin: not visible", "outsider", 404),
    ],
)
def test_results_matrix(world, _case, actor, status):
    contest = _finished_contest(world)
    assert _get(getattr(world, actor), _results(contest)).status_code == status


def test_results_need_the_scope(world):
    contest = _finished_contest(world)
    assert _get(world.org_admin, _results(contest), scopes=["me:read"]).status_code == 403


def test_results_of_an_unknown_contest_are_404(world):
    r = _get(world.org_admin, "/api/v1/contests/00000000-0000-0000-0000-000000000000/results")
    assert r.status_code == 404


def test_a_county_cadre_sees_the_results_of_contests_in_their_subtree(world):
    county = make_cadre("county_x_admin", world.county_x)
    contest = _finished_contest(world)
    assert len(_get(county, _results(contest)).json()["results"]) == 2


def test_the_openapi_declares_the_problems(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/contests/open", "/api/v1/contests/{public_id}/results"):
        assert {"401", "403", "404", "422"} <= set(schema["paths"][path]["get"]["responses"])


# ---- the outside account (合作单位联系人) --------------------------------------------------------------------------


def _partner_on(contest, org):
    user = UserFactory.create(username="jyj_contact", name="教育局联系人")
    ObjectGrant.objects.create(
        user=user,
        role=PARTNER,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        org=org,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return user


def test_a_partner_sees_the_results_of_the_granted_contest_only(world):
    # given a partner granted on one of org A's contests
    granted = _finished_contest(world)
    other = make_contest(
        org=world.org_a, actor=world.org_admin, status=ContestStatus.FINISHED, title="另一竞赛"
    )
    partner = _partner_on(granted, world.org_a)
    # when / then
    assert len(_get(partner, _results(granted)).json()["results"]) == 2
    assert _get(partner, _results(other)).status_code == 404
    assert _get(partner, OPEN).status_code == 404  # no member record


def test_an_expired_grant_sees_nothing(world):
    contest = _finished_contest(world)
    partner = _partner_on(contest, world.org_a)
    ObjectGrant.objects.filter(user=partner).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert _get(partner, _results(contest)).status_code in {403, 404}
