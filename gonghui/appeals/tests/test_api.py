"""The case desk's API: scoped like the pages, token scopes on top, no identity for anonymous cases."""

import pytest
from django.test import Client

from gonghui.accounts.api_tokens import api_token_create
from gonghui.appeals.tests.factories import make_appeal


@pytest.fixture
def case_a(world):
    return make_appeal(world.member_a, title="甲校课时费", anonymous=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "actor", "list_status", "get_status"),
    [
        ("org A's handler", "handler_a", 200, 200),
        ("a member", "org_member", 403, 403),
        ("org B's handler", "handler_b", 200, 404),
    ],
)
def test_api_matrix(client, request, case_a, _case, actor, list_status, get_status):
    client.force_login(request.getfixturevalue(actor))
    listed = client.get("/api/v1/appeals/")
    got = client.get(f"/api/v1/appeals/{case_a.public_id}")
    assert (listed.status_code, got.status_code) == (list_status, get_status)
    if list_status == 200:
        numbers = [item["number"] for item in listed.json()["items"]]
        assert numbers == ([case_a.number] if get_status == 200 else [])


@pytest.mark.django_db
def test_api_detail_has_no_identity_for_an_anonymous_case(client, world, handler_a, case_a):
    client.force_login(handler_a)
    data = client.get(f"/api/v1/appeals/{case_a.public_id}").json()
    assert (data["requester"], data["is_anonymous"], data["status"]) == ("匿名", True, "submitted")
    assert "contact_phone" not in data
    assert "member" not in data


@pytest.mark.django_db
def test_api_tokens_need_the_appeals_scope(world, handler_a, case_a):
    _token, without = api_token_create(user=handler_a, name="其他", scopes=["orgs:read"])
    _token, with_scope = api_token_create(user=handler_a, name="维权", scopes=["appeals:read"])
    assert Client().get("/api/v1/appeals/").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {without}").get("/api/v1/appeals/").status_code == 403
    response = Client(HTTP_AUTHORIZATION=f"Bearer {with_scope}").get("/api/v1/appeals/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_openapi_lists_the_appeals_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/appeals/"]["get"]["operationId"] == "appeals_list"
    assert schema["paths"]["/api/v1/appeals/{public_id}"]["get"]["operationId"] == "appeals_get"
