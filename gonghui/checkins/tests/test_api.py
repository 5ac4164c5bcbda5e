"""POST /api/v1/checkins/scan: a code validated against a target; refusals are problems naming the reason; the
target is found through the kind (404 for what the user does not see) and its `can_scan` decides (403)."""

import json

import pytest
from django.urls import reverse

from gonghui.checkins.models import CheckIn

from .factories import code_of

URL = "/api/v1/checkins/scan"


def _post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_the_route_is_mounted():
    assert reverse("api:checkins_scan") == URL


def test_a_fresh_code_checks_in(client, world, session_a):
    client.force_login(world.org_admin)
    r = _post(
        client,
        {"kind": "checkins.session", "target": str(session_a.public_id), "payload": code_of(world.member_a)},
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["member_name"], body["union"], body["method"]) == ("甲*员", "甲县第一中学工会", "scan")
    assert CheckIn.objects.get().member == world.member_a


def test_a_reused_code_is_a_409_problem_with_the_reason(client, world, session_a):
    client.force_login(world.org_admin)
    body = {
        "kind": "checkins.session",
        "target": str(session_a.public_id),
        "payload": code_of(world.member_a),
    }
    _post(client, body)
    r = _post(client, body)
    assert r.status_code == 409
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["title"] == "签到未通过"
    assert r.json()["detail"].startswith("已签到")


def test_a_static_code_is_a_422_problem(client, world, session_a):
    client.force_login(world.org_admin)
    body = {"kind": "checkins.session", "target": str(session_a.public_id), "payload": "abc:def"}
    r = _post(client, body)
    assert r.status_code == 422
    assert r.json()["detail"] == "不是有效的会员码，请会员打开“我的会员码”重新出示"


@pytest.mark.parametrize(("actor", "status"), [("org_member", 403), ("outsider", 404)])
def test_others_are_refused(client, request, world, session_a, actor, status):
    client.force_login(request.getfixturevalue(actor))
    body = {
        "kind": "checkins.session",
        "target": str(session_a.public_id),
        "payload": code_of(world.member_a),
    }
    assert _post(client, body).status_code == status
    assert CheckIn.objects.count() == 0


def test_an_unknown_kind_is_a_404_problem(client, world, session_a):
    client.force_login(world.org_admin)
    r = _post(client, {"kind": "nothing", "target": str(session_a.public_id), "payload": "x"})
    assert r.status_code == 404  # no such target, like a target the user does not see
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["detail"] == "未知的签到类别：nothing"
