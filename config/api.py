"""The JSON API root: one router per app, mounted from the registry; one error shape (problem+json)."""

from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from gonghui.accounts.api_tokens import TokenAuth
from gonghui.core.registry import api_routers

api = NinjaAPI(
    title="智慧工会工作平台 API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url=None,
)


def problem(request: HttpRequest, status: int, title: str, detail: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 404, "未找到")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 403, "没有权限")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 401, "请先登录")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return problem(request, 422, "数据校验未通过", detail)


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem(request, 422, "请求参数不正确", exc.errors)


for entry in api_routers:
    module_name, attribute = entry.router.split(":")
    api.add_router(entry.prefix, getattr(import_module(module_name), attribute))
