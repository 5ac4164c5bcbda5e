"""Paging of every API list: a page or page size that is huge, negative, zero or not a number answers 422
problem+json naming the parameter in Chinese (a huge page used to overflow OFFSET and answer 500)."""

import json

import pytest
from django.test import Client

from gonghui.core.api import MAX_PAGE, MAX_PAGE_SIZE, PROBLEM_MEDIA_TYPE

from .conftest import OPENAPI

# smoke: CI runs these again on PostgreSQL, where a NUL or an overflowing OFFSET used to be a 500.
pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

PAGE_RULE = f"页码 page 须为 1 到 {MAX_PAGE} 之间的整数"
PAGE_SIZE_RULE = f"每页条数 page_size 须为 1 到 {MAX_PAGE_SIZE} 之间的整数"
BAD_VALUES = [
    ("huge", "9223372036854775809"),
    ("just past the limit", str(MAX_PAGE + 1)),
    ("negative", "-1"),
    ("zero", "0"),
    ("not a number", "abc"),
    ("a fraction", "1.5"),
]


def _paginated_paths() -> list[str]:
    """Every GET operation of the OpenAPI that takes a `page` parameter."""
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        path
        for path, item in schema["paths"].items()
        if any(p["name"] == "page" for p in item.get("get", {}).get("parameters", []))
    )


PAGINATED = _paginated_paths()


def test_orgs_and_appeals_are_paginated():
    assert {"/api/v1/orgs/", "/api/v1/appeals/"} <= set(PAGINATED)


def _get(api_world, path: str, params: dict[str, str]):
    return Client().get(path, params, headers=api_world.headers)


def _problem(response) -> dict[str, object]:
    assert response["Content-Type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, object] = json.loads(response.content)
    return body


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize(("_case", "value"), BAD_VALUES)
def test_a_bad_page_is_422_naming_the_page(api_world, path, _case, value):
    # when
    r = _get(api_world, path, {"page": value})
    # then
    assert r.status_code == 422
    assert _problem(r) == {
        "type": "about:blank",
        "title": "请求参数不正确",
        "status": 422,
        "detail": {"page": [PAGE_RULE]},
    }


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize(
    ("_case", "value"), [*BAD_VALUES[:1], ("too big", str(MAX_PAGE_SIZE + 1)), *BAD_VALUES[2:]]
)
def test_a_bad_page_size_is_422_naming_the_page_size(api_world, path, _case, value):
    # when
    r = _get(api_world, path, {"page_size": value})
    # then
    assert r.status_code == 422
    assert _problem(r)["detail"] == {"page_size": [PAGE_SIZE_RULE]}


@pytest.mark.parametrize("path", PAGINATED)
def test_the_last_allowed_page_is_an_empty_page(api_world, path):
    # when
    r = _get(api_world, path, {"page": str(MAX_PAGE), "page_size": str(MAX_PAGE_SIZE)})
    # then
    assert r.status_code == 200
    assert r.json()["items"] == []
    assert r.json()["count"] > 0


@pytest.mark.parametrize("path", PAGINATED)
def test_page_size_picks_how_many_rows_a_page_has(api_world, path):
    # when
    first = _get(api_world, path, {"page_size": "1"}).json()
    second = _get(api_world, path, {"page": "2", "page_size": "1"}).json()
    # then
    assert (len(first["items"]), len(second["items"])) == (1, 1)
    assert first["items"] != second["items"]
    assert first["count"] == second["count"] >= 2


def test_the_paging_bounds_are_in_the_openapi(client):
    schema = client.get(OPENAPI).json()
    for path in PAGINATED:
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, MAX_PAGE), path
        assert params["page_size"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
