"""/api/v1/members/: identity verification (POST body, scope members:verify, rate limit, audit) and the
calling member's own card status (scope me:read)."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from gonghui.accounts.api_tokens import API_SCOPES, api_token_create
from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.models import AuditLog
from gonghui.members.api import VERIFY_RATE
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.services import card_apply, card_batch_add, card_batch_create

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/members/verify"
MY_CARD = "/api/v1/members/me/card"


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _verify(secret: str, body: dict[str, str]):
    return Client().post(
        VERIFY, data=json.dumps(body), content_type="application/json", headers=_bearer(secret)
    )


def _problem(response) -> dict[str, object]:
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, object] = json.loads(response.content)
    return body


def _id(member: Member) -> str:
    return decrypt_identifier(member.id_number_encrypted)


def test_the_verify_scope_is_registered():
    assert API_SCOPES["members:verify"] == "核验会员身份"


# ---- verify ---------------------------------------------------------------------------------------------


def test_verify_answers_is_member_and_the_union_and_nothing_more(world):
    # given
    _token, secret = api_token_create(user=world.org_admin, name="豫工惠", scopes=["members:verify"])
    # when
    r = _verify(secret, {"name": "甲会员", "id_number": _id(world.member_a)})
    # then
    assert r.status_code == 200
    assert r.json() == {"is_member": True, "union": {"code": "ORGA", "name": "甲县第一中学工会"}}


@pytest.mark.parametrize(
    ("_case", "name", "status"),
    [
        ("the name does not match", "别人", MemberStatus.ACTIVE),
        ("the member has left", "甲会员", MemberStatus.LEFT),
        ("the member has transferred out", "甲会员", MemberStatus.TRANSFERRED_OUT),
    ],
)
def test_verify_says_no_for_a_wrong_name_or_a_former_member(world, _case, name, status):
    # given
    Member.objects.filter(pk=world.member_a.pk).update(status=status)
    _token, secret = api_token_create(user=world.org_admin, name="豫工惠", scopes=["members:verify"])
    # when
    r = _verify(secret, {"name": name, "id_number": _id(world.member_a)})
    # then
    assert r.json() == {"is_member": False, "union": None}


def test_verify_counts_a_retired_member_keeping_membership(world):
    Member.objects.filter(pk=world.member_a.pk).update(status=MemberStatus.RETIRED_KEPT)
    _token, secret = api_token_create(user=world.org_admin, name="豫工惠", scopes=["members:verify"])
    assert _verify(secret, {"name": "甲会员", "id_number": _id(world.member_a)}).json()["is_member"] is True


def test_verify_normalises_the_number(world):
    _token, secret = api_token_create(user=world.org_admin, name="豫工惠", scopes=["members:verify"])
    spaced = " ".join(_id(world.member_a)[i : i + 6] for i in range(0, 18, 6))
    assert _verify(secret, {"name": "甲 会员", "id_number": spaced}).json()["is_member"] is True


@pytest.mark.parametrize(
    ("_case", "actor", "status", "is_member"),
    [
        ("outsider's token sees nothing of org A", "outsider", 200, False),
        ("a member's token is refused", "org_member", 403, None),
        ("org admin's token finds the member", "org_admin", 200, True),
    ],
)
def test_verify_three_actors(request, world, _case, actor, status, is_member):
    # given
    _token, secret = api_token_create(
        user=request.getfixturevalue(actor), name="t", scopes=["members:verify", "me:read"]
    )
    # when
    r = _verify(secret, {"name": "甲会员", "id_number": _id(world.member_a)})
    # then
    assert r.status_code == status
    if status == 200:
        assert r.json()["is_member"] is is_member
        assert AuditLog.objects.filter(detail__kind="members.verify").count() == 1
    else:
        assert _problem(r) == {"type": "about:blank", "title": "没有权限", "status": 403}
        assert AuditLog.objects.filter(detail__kind="members.verify").count() == 0


def test_verify_needs_the_scope(world):
    _token, secret = api_token_create(user=world.org_admin, name="t", scopes=["me:read"])
    r = _verify(secret, {"name": "甲会员", "id_number": _id(world.member_a)})
    assert r.status_code == 403
    assert _problem(r)["title"] == "没有权限"
    assert AuditLog.objects.filter(detail__kind="members.verify").count() == 0


def test_verify_without_credentials_is_401(world):
    r = Client().post(
        VERIFY,
        data=json.dumps({"name": "甲会员", "id_number": _id(world.member_a)}),
        content_type="application/json",
    )
    assert r.status_code == 401
    assert _problem(r)["title"] == "请先登录"


def test_verify_takes_the_number_only_in_the_body(world):
    # given
    _token, secret = api_token_create(user=world.org_admin, name="t", scopes=["members:verify"])
    # when: a GET with the number in the query string
    r = Client().get(VERIFY, {"name": "甲会员", "id_number": _id(world.member_a)}, headers=_bearer(secret))
    # then
    assert r.status_code == 405
    assert AuditLog.objects.filter(detail__kind="members.verify").count() == 0


def test_verify_with_a_missing_field_is_422(world):
    _token, secret = api_token_create(user=world.org_admin, name="t", scopes=["members:verify"])
    r = _verify(secret, {"name": "甲会员"})
    assert r.status_code == 422
    assert _problem(r)["title"] == "请求参数不正确"


def test_verify_is_audited_with_the_masked_number(world):
    # given
    _token, secret = api_token_create(user=world.org_admin, name="t", scopes=["members:verify"])
    # when
    _verify(secret, {"name": "甲会员", "id_number": _id(world.member_a)})
    # then
    log = AuditLog.objects.get(detail__kind="members.verify")
    masked = world.member_a.id_number_masked
    assert (log.action, log.actor, log.org_id) == ("reveal", world.org_admin, world.org_a.pk)
    assert log.summary == f"会员身份核验：证件号码 {masked}，结果：是会员"
    assert log.detail == {"kind": "members.verify", "id_number_masked": masked, "is_member": True}
    assert _id(world.member_a) not in json.dumps(log.detail) + log.summary


@pytest.fixture
def mid_minute():
    """The limit counts in fixed one-minute windows: keep the clock still so no run straddles two of them."""
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, 30, tzinfo=dt.UTC), tick=False):
        yield


def test_verify_is_rate_limited_per_token(world, mid_minute):
    # given
    _token, secret = api_token_create(user=world.org_admin, name="t", scopes=["members:verify"])
    _other, other_secret = api_token_create(user=world.org_admin, name="t2", scopes=["members:verify"])
    body = {"name": "甲会员", "id_number": _id(world.member_a)}
    for _ in range(VERIFY_RATE):
        assert _verify(secret, body).status_code == 200
    # when
    r = _verify(secret, body)
    # then
    assert r.status_code == 429
    assert _problem(r) == {
        "type": "about:blank",
        "title": "请求过于频繁",
        "status": 429,
        "detail": "每个令牌每分钟最多核验 60 次，请稍后再试",
    }
    assert 1 <= int(r["Retry-After"]) <= 60
    assert AuditLog.objects.filter(detail__kind="members.verify").count() == VERIFY_RATE
    assert _verify(other_secret, body).status_code == 200  # another token has its own budget


def test_verify_by_session_is_limited_per_user(client, world, mid_minute):
    client.force_login(world.org_admin)
    body = json.dumps({"name": "甲会员", "id_number": _id(world.member_a)})
    statuses = [
        client.post(VERIFY, data=body, content_type="application/json").status_code
        for _ in range(VERIFY_RATE + 1)
    ]
    assert statuses.count(200) == VERIFY_RATE
    assert statuses[-1] == 429


def test_openapi_lists_the_members_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {VERIFY, MY_CARD} <= set(schema["paths"])
    assert schema["paths"][VERIFY]["post"]["operationId"] == "members_verify"
    assert schema["paths"][MY_CARD]["get"]["operationId"] == "members_me_card"


# ---- my card --------------------------------------------------------------------------------------------


def test_my_card_before_applying(world):
    _token, secret = api_token_create(user=world.org_member, name="会员", scopes=["me:read"])
    r = Client().get(MY_CARD, headers=_bearer(secret))
    assert r.status_code == 200
    assert r.json() == {
        "member_number": None,
        "card_number": "",
        "status": None,
        "status_label": None,
        "kind": None,
        "kind_label": None,
        "applied_at": None,
        "batch_number": None,
    }


def test_my_card_after_batching(world):
    # given
    application = card_apply(member=world.member_a, actor=world.org_member)
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[application], actor=world.org_admin)
    Member.objects.filter(pk=world.member_a.pk).update(member_number="ORGA-2026-00001")
    _token, secret = api_token_create(user=world.org_member, name="会员", scopes=["me:read"])
    # when
    body = Client().get(MY_CARD, headers=_bearer(secret)).json()
    # then
    assert body == {
        "member_number": "ORGA-2026-00001",
        "card_number": "",
        "status": "sent_to_bank",
        "status_label": "已报送银行",
        "kind": "new",
        "kind_label": "新办",
        "applied_at": application.created_at.isoformat(),
        "batch_number": batch.number,
    }


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider is not a member", "outsider", 404),
        ("the member reads their card", "org_member", 200),
        ("org admin is not a member", "org_admin", 404),
    ],
)
def test_my_card_three_actors(request, world, _case, actor, status):
    _token, secret = api_token_create(user=request.getfixturevalue(actor), name="t", scopes=["me:read"])
    r = Client().get(MY_CARD, headers=_bearer(secret))
    assert r.status_code == status
    if status == 404:
        assert _problem(r) == {"type": "about:blank", "title": "未找到", "status": 404}


def test_my_card_needs_me_read_and_a_login(world):
    _token, secret = api_token_create(user=world.org_member, name="t", scopes=["orgs:read"])
    assert Client().get(MY_CARD, headers=_bearer(secret)).status_code == 403
    assert Client().get(MY_CARD).status_code == 401
