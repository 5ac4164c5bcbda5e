"""Schemathesis against /api/v1/openapi.json, in-process through Django's WSGI handler.

Not part of the ordinary suite (the file name does not match `test_*.py`); CI runs it on its own:

    .venv/bin/python -m pytest -q -p no:cacheprovider tests/api_schema/schemathesis_run.py

Every operation is called by a token holding every scope over a small seeded world (`conftest.api_world`), with
a fixed seed and a bounded number of examples (`CHECKS` lists what fails the run: any 5xx, an undeclared
status code or content type, a body or header that does not match the declared schema, …). Generated codes and
UUIDs rarely name a real object, so `test_real_objects_conform` also calls every operation with objects of the
seeded world and `test_problems_conform` provokes 401, 403 and 429.

Why in-process (WSGI) rather than a live server on 127.0.0.1: the requests run in the test's own database
transaction, on whatever database pytest-django set up (SQLite in memory, or PostgreSQL with DATABASE_URL), so
there is no server to start, no port to pick, no migrated file database to seed and nothing to clean up; the
middleware stack, authentication and the OpenAPI document are exactly those of production.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gonghui.accounts.api_tokens import api_token_create
from gonghui.accounts.identity import decrypt_identifier
from gonghui.activities.tests.factories_signup import make_signup_activity
from gonghui.checkins.tests.factories import code_of, make_session
from gonghui.contests.models import Contest
from gonghui.learning.tests.factories import make_course, make_lesson
from gonghui.members.api import VERIFY_RATE
from gonghui.news.tests.factories import make_article
from gonghui.welfare.tests.factories_offers import make_offer

from .conftest import OPENAPI, ApiWorld

SEED = 20261206
# Per operation, in the fuzzing phase (positive and negative); the coverage phase adds each parameter's
# boundary values on top. 40 keeps the whole run near a minute on a busy 2-core machine.
MAX_EXAMPLES = 100
# What fails the run: a 5xx; a status, content type, body or header the operation does not declare; a request
# that breaks the schema yet is answered 2xx, or one that keeps to it yet is refused (other than 401/403/404, or
# 429 past the verify limit); an answer that does not change when the credentials are dropped.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    ignored_auth,
]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "suppress-health-check": ["all"],
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "429"]}},
        # No example database: the same seed gives the same requests on every machine and every run.
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
        },
    }
)


APP = WSGIHandler()
# The schema clients get, loaded through the app itself (the OpenAPI view reads no database).
schema = schemathesis.openapi.from_wsgi(OPENAPI, APP, config=CONFIG)


@pytest.fixture
def wsgi_shares_the_test_connection() -> Iterator[None]:
    """Like Django's test client, requests must not close "old" database connections: that would end the
    test transaction holding the seeded world."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
def test_generated_requests_conform(
    case: schemathesis.Case[Any], api_world: ApiWorld, wsgi_shares_the_test_connection: None
) -> None:
    case.call_and_validate(headers=api_world.headers, checks=CHECKS)


# Requests with real objects of the seeded world (generated codes and UUIDs almost never name one), each with
# the status it must answer; every operation of the schema needs at least one answering 200.
def _real_requests(api_world: ApiWorld) -> list[tuple[str, str, dict[str, Any], int]]:
    world = api_world.world
    verify = {
        "name": world.member_a.name,
        "id_number": decrypt_identifier(world.member_a.id_number_encrypted),
    }
    requests: list[tuple[str, str, dict[str, Any], int]] = [
        ("GET", "/api/v1/me/", {}, 200),
        ("GET", "/api/v1/members/me/card", {}, 200),
        ("GET", "/api/v1/orgs/", {}, 200),
        ("GET", "/api/v1/orgs/", {"query": {"level": "county", "page_size": 1, "page": 2}}, 200),
        ("GET", "/api/v1/orgs/", {"query": {"page": 0}}, 422),
        ("GET", "/api/v1/orgs/{code}", {"path_parameters": {"code": world.org_a.code}}, 200),
        ("GET", "/api/v1/orgs/{code}", {"path_parameters": {"code": world.city.code}}, 200),
        ("GET", "/api/v1/orgs/{code}", {"path_parameters": {"code": "NOPE"}}, 404),
        ("GET", "/api/v1/appeals/", {}, 200),
        ("GET", "/api/v1/appeals/", {"query": {"q": "课时费", "page_size": 1}}, 200),
        ("POST", "/api/v1/members/verify", {"body": verify}, 200),
        (
            "POST",
            "/api/v1/members/verify",
            {"body": {"name": "无此人", "id_number": "110101199003077777"}},
            200,
        ),
        ("POST", "/api/v1/members/verify", {"body": {"name": ""}}, 422),
        # NUL characters: PostgreSQL cannot compare them (they answered 500 there); the generator rarely tries.
        ("GET", "/api/v1/orgs/", {"query": {"q": "\x00"}}, 422),
        ("GET", "/api/v1/appeals/", {"query": {"q": "\x00", "status": "\x00"}}, 422),
        ("GET", "/api/v1/orgs/{code}", {"path_parameters": {"code": "A\x00"}}, 422),
        ("POST", "/api/v1/members/verify", {"body": {"name": "\x00", "id_number": "\x00"}}, 422),
    ]
    requests += [
        ("GET", "/api/v1/appeals/{public_id}", {"path_parameters": {"public_id": str(appeal.public_id)}}, 200)
        for appeal in api_world.appeals
    ]
    # 签到: a fresh 会员码 at the city's session checks in, the same code again is 409, a static code 422
    session = make_session(org=world.city, actor=api_world.user)
    scan = {"kind": "checkins.session", "target": str(session.public_id), "payload": code_of(world.member_a)}
    requests += [
        ("POST", "/api/v1/checkins/scan", {"body": scan}, 200),
        ("POST", "/api/v1/checkins/scan", {"body": scan}, 409),
        ("POST", "/api/v1/checkins/scan", {"body": {**scan, "payload": "abc:def"}}, 422),
        ("POST", "/api/v1/checkins/scan", {"body": {**scan, "kind": "nope"}}, 404),
    ]
    # 竞赛: the member's open contests (paged); the final results of org A's finished contest, names masked
    finished = Contest.objects.get(title="上年度技能竞赛")
    results = "/api/v1/contests/{public_id}/results"
    requests += [
        ("GET", "/api/v1/contests/open", {}, 200),
        ("GET", "/api/v1/contests/open", {"query": {"page_size": 1, "page": 2}}, 200),
        ("GET", results, {"path_parameters": {"public_id": str(finished.public_id)}}, 200),
        ("GET", results, {"path_parameters": {"public_id": "00000000-0000-0000-0000-000000000000"}}, 404),
    ]
    # 普惠: the city's published offer reaches the member of org A (a union below it)
    make_offer(org=world.city, actor=api_world.user, coupons=True, limit=3)
    requests += [("GET", "/api/v1/welfare/offers", {}, 200)]
    # 活动报名: the city's published activity, its sign-up window open, admits the member of org A
    make_signup_activity(org=world.city, actor=api_world.user, title="全市教职工健步走")
    requests += [("GET", "/api/v1/activities/open", {}, 200)]
    # 婚恋交友统计: the city's subtree (the token's user is 工会管理员 of the city), counts as shown strings
    requests += [("GET", "/api/v1/matchmaking/stats", {"query": {"org": world.city.code}}, 200)]
    # 宣传: the city's published article (every level passed), read by the token's user (the city's 工会管理员)
    article = make_article(org=world.city, actor=api_world.user, title="全市工会宣传思想工作会议召开")
    one = "/api/v1/news/articles/{public_id}"
    requests += [
        ("GET", "/api/v1/news/articles", {}, 200),
        ("GET", "/api/v1/news/articles", {"query": {"kind": "news", "page_size": 1}}, 200),
        ("GET", one, {"path_parameters": {"public_id": str(article.public_id)}}, 200),
        ("GET", one, {"path_parameters": {"public_id": "00000000-0000-0000-0000-000000000000"}}, 404),
    ]
    # 学习培训: the city's published course in the open API (one lesson); a course not in the open API is 404
    open_course = make_course(
        org=world.city, actor=api_world.user, title="学习新修订的《工会法》", open_api=True
    )
    make_lesson(course=open_course)
    internal = make_course(org=world.city, actor=api_world.user, title="内部课程")
    course_path = "/api/v1/learning/courses/{public_id}"
    requests += [
        ("GET", "/api/v1/learning/courses", {}, 200),
        ("GET", course_path, {"path_parameters": {"public_id": str(open_course.public_id)}}, 200),
        ("GET", course_path, {"path_parameters": {"public_id": str(internal.public_id)}}, 404),
    ]
    return requests


def test_real_objects_conform(api_world: ApiWorld, wsgi_shares_the_test_connection: None) -> None:
    answered: dict[str, set[int]] = {}
    for method, path, data, status in _real_requests(api_world):
        case = schema[path][method].Case(**data)
        response = case.call_and_validate(headers=api_world.headers, checks=CHECKS)
        assert response.status_code == status, (method, path, data, response.text[:300])
        answered.setdefault(f"{method} {path}", set()).add(status)
    operations = {
        f"{method.upper()} {path}" for path, item in schema.raw_schema["paths"].items() for method in item
    }
    assert {label for label, statuses in answered.items() if 200 in statuses} == operations


def test_problems_conform(api_world: ApiWorld, wsgi_shares_the_test_connection: None) -> None:
    """401 without a token, 403 with a token lacking the scope, 429 past the verify limit."""
    _token, narrow = api_token_create(user=api_world.user, name="只读账号", scopes=["me:read"])
    orgs = schema["/api/v1/orgs/"]["GET"].Case()
    for headers, status in [({}, 401), ({"Authorization": f"Bearer {narrow}"}, 403)]:
        response = orgs.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == status
    verify = schema["/api/v1/members/verify"]["POST"].Case(
        body={"name": "无此人", "id_number": "110101199003077777"}
    )
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, 5, tzinfo=dt.UTC), tick=False):  # one window
        statuses = [verify.call(headers=api_world.headers).status_code for _ in range(VERIFY_RATE)]
        response = verify.call_and_validate(headers=api_world.headers, checks=CHECKS)
    assert set(statuses) == {200}
    assert response.status_code == 429
