"""Shared pieces of the JSON API (the routers live in each app's `api.py`, the root in `config/api.py`):

- the one error shape, `application/problem+json` (`Problem`, `problem_response`), and the OpenAPI declaration
  of the problem responses every operation may answer (`declare_problem_responses`);
- the one paginator of every list endpoint (`ApiPagination`): `page` and `page_size` are bounded integers, declared
  with their bounds in the OpenAPI; anything else answers 422 naming the parameter in Chinese, never a 500;
- the Chinese wording of request validation errors (`request_errors`), and the refusal of NUL characters
  (`reject_nul_characters`), which PostgreSQL cannot store or compare (they made every text filter answer 500).
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BaseModel

PROBLEM_MEDIA_TYPE = "application/problem+json"

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# 100,000 pages of at most 100 rows: every reachable OFFSET stays far below the 64-bit limit of SQLite and
# PostgreSQL (an unbounded page made `OFFSET` overflow and the list answer 500).
MAX_PAGE = 100_000


class Problem(Schema):
    """RFC 9457 problem details: what every API error answers."""

    type: str = Field(description="错误类型（about:blank）")
    title: str = Field(description="错误标题（中文）")
    status: int = Field(description="HTTP 状态码")
    detail: str | list[str] | dict[str, list[str]] | None = Field(
        None, description="详细说明：一句话、若干条，或按参数名列出的若干条"
    )


def problem_response(status: int, title: str, detail: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_MEDIA_TYPE)


# What each problem status means on every operation; 429 only where an endpoint is rate-limited (it declares
# `RATE_LIMITED` in its `response=`), 400 only where an operation reads a request body.
PROBLEM_DESCRIPTIONS: dict[int, str] = {
    400: "请求体无法解析",
    401: "未登录或令牌无效",
    403: "没有权限（令牌缺少权限范围，或账号没有所需角色）",
    404: "未找到，或不在您的可见范围内",
    422: "请求参数不正确",
    429: "请求过于频繁（响应头 Retry-After 给出等待秒数）",
}
ALWAYS_DECLARED = (401, 403, 404, 422)
RATE_LIMITED: dict[int, Any] = {429: Problem}


def declare_problem_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the problem responses to every operation of an OpenAPI document, all pointing at one `Problem`
    component with the problem+json media type (also replacing what an operation declared itself for them)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            statuses = {int(code) for code in responses if str(code).isdigit() and int(code) >= 400}
            statuses.update(ALWAYS_DECLARED)
            if "requestBody" in operation:
                statuses.add(400)
            for status in sorted(statuses):
                declared: dict[str, Any] = {
                    "description": PROBLEM_DESCRIPTIONS.get(status, "错误"),
                    "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}},
                }
                if status == 429:
                    declared["headers"] = {
                        "Retry-After": {
                            "description": "再次请求前需等待的秒数",
                            "schema": {"type": "integer"},
                        }
                    }
                responses.pop(str(status), None)
                responses[status] = declared  # django-ninja keys responses by int
            operation["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
    return schema


class ApiPagination(PageNumberPagination):
    """Page-number paging for every list endpoint: `?page=` (1 to MAX_PAGE) and optional `?page_size=`
    (1 to MAX_PAGE_SIZE). A page past the last one is an empty page (`count` tells how many there are)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，1 到 {MAX_PAGE}")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1 到 {MAX_PAGE_SIZE}"
        )

    def __init__(self, page_size: int = DEFAULT_PAGE_SIZE, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


# How a request parameter is named in an error, and what its valid values are, for the parameters whose
# rule is the same everywhere.
PARAMETER_RULES: dict[str, str] = {
    "page": f"页码 page 须为 1 到 {MAX_PAGE} 之间的整数",
    "page_size": f"每页条数 page_size 须为 1 到 {MAX_PAGE_SIZE} 之间的整数",
}


def _error_text(name: str, error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if name in PARAMETER_RULES:
        return PARAMETER_RULES[name]
    texts = {
        "missing": f"{name} 为必填项",
        "int_parsing": f"{name} 须为整数",
        "int_type": f"{name} 须为整数",
        "bool_parsing": f"{name} 须为 true 或 false",
        "greater_than_equal": f"{name} 不能小于 {ctx.get('ge')}",
        "less_than_equal": f"{name} 不能大于 {ctx.get('le')}",
        "string_type": f"{name} 须为文本",
        "string_too_short": f"{name} 至少 {ctx.get('min_length')} 个字符",
        "string_too_long": f"{name} 最多 {ctx.get('max_length')} 个字符",
        "uuid_parsing": f"{name} 须为 UUID",
        "uuid_type": f"{name} 须为 UUID",
        "json_invalid": "请求体不是有效的 JSON",
        "model_attributes_type": "请求体须为 JSON 对象",
        "dict_type": "请求体须为 JSON 对象",
    }
    return texts.get(kind, f"{name} 的值不正确")


def request_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """django-ninja's request validation errors as {parameter: [Chinese message]}, the same shape as a Django
    ValidationError's message_dict. A body field is named by its path inside the body."""
    result: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] == "body":
            parts = loc[2:]  # "body", the payload argument, then the path inside the body
            name = ".".join(parts) if parts else "body"
        else:
            name = loc[-1] if loc else "request"
        text = _error_text(name, error)
        if text not in result.setdefault(name, []):
            result[name].append(text)
    return result


NO_NUL_PATTERN = "^[^\\x00]*$"


def _declare_no_nul(node: Any) -> None:
    if isinstance(node, dict):
        is_free_text = node.get("type") == "string" and not {"format", "pattern", "enum", "const"} & set(node)
        if is_free_text:
            node["pattern"] = NO_NUL_PATTERN
        for value in node.values():
            _declare_no_nul(value)
    elif isinstance(node, list):
        for value in node:
            _declare_no_nul(value)


def declare_text_without_nul(schema: dict[str, Any]) -> dict[str, Any]:
    """Every free-text parameter and body field of the OpenAPI says what `reject_nul_characters` enforces: no
    NUL character (a pattern), so clients and schemathesis know such text is refused, not accepted."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            _declare_no_nul(operation.get("parameters", []))
    components = schema.get("components", {}).get("schemas", {})
    body_refs = {
        media["schema"]["$ref"].rsplit("/", 1)[-1]
        for path_item in schema.get("paths", {}).values()
        for operation in path_item.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
        if "$ref" in media.get("schema", {})
    }
    for name in body_refs:
        _declare_no_nul(components.get(name))
    return schema


def _nul_parameter(name: str, value: Any) -> str | None:
    """The name of the first text inside `value` that holds a NUL character, or None."""
    if isinstance(value, str):
        return name if "\x00" in value else None
    if isinstance(value, BaseModel):
        items: Any = (
            (f"{name}.{key}" if name else key, getattr(value, key)) for key in type(value).model_fields
        )
    elif isinstance(value, dict):
        items = ((f"{name}.{key}" if name else str(key), item) for key, item in value.items())
    elif isinstance(value, list | tuple):
        items = ((name, item) for item in value)
    else:
        return None
    return next((found for key, item in items if (found := _nul_parameter(key, item)) is not None), None)


def reject_nul_characters(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Registered on the API root for every operation (after authentication and validation): a parameter or
    body field holding a NUL character answers 422 naming it. Body and query models name their fields."""

    @wraps(view_func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        for name, value in kwargs.items():
            found = _nul_parameter("" if isinstance(value, BaseModel) else name, value)
            if found is not None:
                return problem_response(422, "请求参数不正确", {found: [f"{found} 不能包含空字符"]})
        return view_func(request, *args, **kwargs)

    return wrapper
