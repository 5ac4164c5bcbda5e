"""JSON API of the case desk: the scoped list and one case, through the same selectors as the pages. The
requester of an anonymous case is "匿名"; no phone number or member record travels."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest, api_console_check
from gonghui.core.api import ApiPagination

from .permissions import is_desk_user
from .selectors import appeal_get_for_user, appeal_list_for_user
from .sla import sla_marker

router = Router(tags=["网上维权"])
SCOPE = "appeals:read"


class AppealOut(Schema):
    public_id: UUID
    number: str
    title: str
    category: str
    channel: str
    status: str
    org_code: str
    org_name: str
    requester: str
    is_anonymous: bool
    submitted_on: dt.date
    accept_due: dt.date
    reply_due: dt.date
    sla: str
    rating: str

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category.name)

    @staticmethod
    def resolve_org_code(obj: Any) -> str:
        return str(obj.org.code)

    @staticmethod
    def resolve_org_name(obj: Any) -> str:
        return str(obj.org.name)

    @staticmethod
    def resolve_requester(obj: Any) -> str:
        return str(obj.requester_label)

    @staticmethod
    def resolve_sla(obj: Any) -> str:
        return sla_marker(obj, timezone.localdate())


class AppealDetailOut(AppealOut):
    description: str
    desired_outcome: str
    handling_workdays: int | None
    reopen_count: int


def _check(request: AuthedRequest) -> None:
    require_scope(request, SCOPE)
    api_console_check(request)
    if not is_desk_user(request.user):
        raise PermissionDenied


@router.get("/", response=list[AppealOut], operation_id="appeals_list", url_name="appeals_list")
@paginate(ApiPagination)
def appeals_list(
    request: AuthedRequest, status: str = "", category: str = "", sla: str = "", q: str = ""
) -> Any:
    _check(request)
    return appeal_list_for_user(user=request.user, status=status, category=category, sla=sla, query=q)


@router.get("/{public_id}", response=AppealDetailOut, operation_id="appeals_get", url_name="appeals_get")
def appeals_get(request: AuthedRequest, public_id: UUID) -> Any:
    _check(request)
    return appeal_get_for_user(user=request.user, public_id=public_id)
