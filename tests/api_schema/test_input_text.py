"""Text that reaches the API goes to database queries: a NUL character (which PostgreSQL can neither store nor
compare, so every text filter answered 500 there) is refused with 422 naming the parameter, on every database."""

import json

import pytest
from django.test import Client

from gonghui.core.api import NO_NUL_PATTERN, PROBLEM_MEDIA_TYPE

# smoke: CI runs these again on PostgreSQL, where a NUL or an overflowing OFFSET used to be a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/api/v1/orgs/", {"q": "甲\x00"}, "q"),
        ("/api/v1/orgs/", {"level": "\x00"}, "level"),
        ("/api/v1/appeals/", {"q": "\x00课时费"}, "q"),
        ("/api/v1/appeals/", {"category": "wages\x00"}, "category"),
        ("/api/v1/orgs/ORGA%00", {}, "code"),
    ],
)
def test_a_nul_in_a_query_or_path_is_422(api_world, path, params, name):
    # when
    r = Client().get(path, params, headers=api_world.headers)
    # then
    assert r.status_code == 422
    assert r["Content-Type"] == PROBLEM_MEDIA_TYPE
    assert json.loads(r.content)["detail"] == {name: [f"{name} 不能包含空字符"]}


def test_a_nul_in_a_body_field_is_422(api_world):
    # when
    r = Client().post(
        "/api/v1/members/verify",
        json.dumps({"name": "甲会员", "id_number": "11010119900307\x007777"}),
        content_type="application/json",
        headers=api_world.headers,
    )
    # then
    assert r.status_code == 422
    assert json.loads(r.content)["detail"] == {"id_number": ["id_number 不能包含空字符"]}


def test_text_without_nul_still_filters(api_world):
    r = Client().get("/api/v1/orgs/", {"q": "甲县"}, headers=api_world.headers)
    assert [o["code"] for o in r.json()["items"]] == ["CX", "ORGA"]


def test_the_openapi_says_text_holds_no_nul(client):
    schema = client.get("/api/v1/openapi.json").json()
    texts = [
        (path, parameter["name"], parameter["schema"])
        for path, item in schema["paths"].items()
        for operation in item.values()
        for parameter in operation["parameters"]
        if parameter["schema"].get("type") == "string" and "format" not in parameter["schema"]
    ]
    texts += [
        ("VerifyIn", name, field)
        for name, field in schema["components"]["schemas"]["VerifyIn"]["properties"].items()
    ]
    assert {(path, name) for path, name, _s in texts} >= {
        ("/api/v1/orgs/", "q"),
        ("/api/v1/orgs/{code}", "code"),
    }
    assert {field["pattern"] for _path, _name, field in texts} == {NO_NUL_PATTERN}


def test_an_unparseable_body_is_400_problem_json(api_world):
    # when
    r = Client().post(
        "/api/v1/members/verify", "{not json", content_type="application/json", headers=api_world.headers
    )
    # then
    assert r.status_code == 400
    assert r["Content-Type"] == PROBLEM_MEDIA_TYPE
    assert json.loads(r.content) == {"type": "about:blank", "title": "请求体无法解析", "status": 400}
