"""The JSON API root: one router per app, mounted from the registry; one error shape (problem+json), declared
in the OpenAPI for every operation (`gonghui.core.api.declare_problem_responses`)."""

from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from gonghui.accounts.api_tokens import TokenAuth
from gonghui.core.api import (
    declare_problem_responses,
    declare_text_without_nul,
    problem_response,
    reject_nul_characters,
    request_errors,
)
from gonghui.core.registry import api_routers


class GonghuiApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_problem_responses(schema)
        declare_text_without_nul(schema)
        return schema


api = GonghuiApi(
    title="智慧工会工作平台 API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url=None,
)
api.add_decorator(reject_nul_characters)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(404, "未找到")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(403, "没有权限")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(401, "请先登录")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals: an unparseable body (400), a failed CSRF check of a session (403)."""
    titles = {400: "请求体无法解析", 403: "没有权限"}
    return problem_response(exc.status_code, titles.get(exc.status_code, "请求被拒绝"))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return problem_response(422, "数据校验未通过", detail)


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem_response(422, "请求参数不正确", request_errors(exc.errors))


for entry in api_routers:
    module_name, attribute = entry.router.split(":")
    api.add_router(entry.prefix, getattr(import_module(module_name), attribute))
