"""Token auth for the API: each token has a user and scopes, checked together with the user's scope."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.accounts.api_tokens import api_token_create, api_token_revoke
from gonghui.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _get(url: str, secret: str):
    return Client().get(url, headers={"Authorization": f"Bearer {secret}"})


def test_a_token_acts_as_its_user_within_the_users_scope(world):
    _token, secret = api_token_create(user=world.org_admin, name="豫工惠", scopes=["orgs:read", "me:read"])
    listing = _get("/api/v1/orgs/", secret).json()
    assert [o["code"] for o in listing["items"]] == ["ORGA"]
    assert _get("/api/v1/orgs/ORGB", secret).status_code == 404
    me = _get("/api/v1/me/", secret).json()
    assert me["username"] == "admin_a"
    assert me["grants"] == [
        {
            "role": "union_admin",
            "role_label": "工会管理员",
            "org_code": "ORGA",
            "org_name": "甲县第一中学工会",
        }
    ]


def test_a_missing_scope_is_403_in_problem_json(world):
    _token, secret = api_token_create(user=world.org_admin, name="只读账号信息", scopes=["me:read"])
    response = _get("/api/v1/orgs/", secret)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "没有权限", "status": 403}
    assert _get("/api/v1/me/", secret).status_code == 200


@pytest.mark.parametrize("state", ["revoked", "expired", "garbage"])
def test_unusable_tokens_are_401(world, state):
    token, secret = api_token_create(user=world.org_admin, name="x", scopes=["me:read"])
    if state == "revoked":
        api_token_revoke(token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    else:
        secret = "gh_not-a-token"
    response = _get("/api/v1/me/", secret)
    assert response.status_code == 401
    assert response.json()["title"] == "请先登录"


def test_only_the_hash_is_stored_and_unknown_scopes_are_refused(world):
    token, secret = api_token_create(user=world.org_admin, name="x", scopes=["me:read"])
    assert secret.startswith(token.prefix)
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    with pytest.raises(Exception, match="未知的权限范围"):
        api_token_create(user=world.org_admin, name="y", scopes=["members:delete"])


def test_member_token_cannot_read_orgs(world):
    _token, secret = api_token_create(user=world.org_member, name="会员", scopes=["orgs:read", "me:read"])
    assert _get("/api/v1/orgs/", secret).status_code == 403
    assert _get("/api/v1/me/", secret).json()["phone_masked"] == "137****1111"


def test_commands_create_and_revoke(world):
    out = StringIO()
    call_command("api_token_create", "admin_a", "--name", "对接", "--scope", "orgs:read", stdout=out)
    secret = out.getvalue().splitlines()[-1]
    assert _get("/api/v1/orgs/", secret).status_code == 200
    call_command("api_token_revoke", secret[:11], stdout=StringIO())
    assert _get("/api/v1/orgs/", secret).status_code == 401


def test_openapi_lists_the_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/me/", "/api/v1/orgs/", "/api/v1/orgs/{code}"} <= set(schema["paths"])
