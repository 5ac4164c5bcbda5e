"""Every operation of /api/v1/openapi.json declares the problem responses it may answer, as problem+json."""

from typing import Any

import pytest

from gonghui.core.api import PROBLEM_MEDIA_TYPE

from .conftest import OPENAPI

pytestmark = pytest.mark.django_db

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Endpoints that count calls and answer 429 past their limit.
RATE_LIMITED = {"members_verify"}
# Endpoints that answer 409 when the thing was already done (a member already checked in).
CONFLICTING = {"checkins_scan"}


def _operations(client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get(OPENAPI).json()
    return [
        (f"{method.upper()} {path}", operation["operationId"], operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_the_schema_has_operations_of_every_api_app(client):
    ids = {operation_id for _label, operation_id, _op in _operations(client)}
    assert {
        "me_get",
        "orgs_list",
        "orgs_get",
        "appeals_list",
        "appeals_get",
        "members_verify",
        "contests_open",
    } <= ids


def test_every_operation_declares_its_problem_responses(client):
    for label, operation_id, operation in _operations(client):
        expected = {"401", "403", "404", "422"}
        if operation_id in RATE_LIMITED:
            expected.add("429")
        if operation_id in CONFLICTING:
            expected.add("409")
        if "requestBody" in operation:
            expected.add("400")
        declared = {code for code in operation["responses"] if int(code) >= 400}
        assert declared == expected, label
        for code in expected:
            content = operation["responses"][code]["content"]
            assert content == {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}, f"{label} {code}"


def test_a_rate_limited_answer_declares_retry_after(client):
    verify = {op_id: op for _label, op_id, op in _operations(client)}["members_verify"]
    assert set(verify["responses"]["429"]["headers"]) == {"Retry-After"}


def test_the_problem_schema(client):
    problem = client.get(OPENAPI).json()["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status"]
    assert set(problem["properties"]) == {"type", "title", "status", "detail"}
