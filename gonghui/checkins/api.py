"""JSON API of 签到: validate a scanned 会员码 against a target and check the member in.

`POST /api/v1/checkins/scan` with `{"kind": "checkins.session", "target": "<public id>", "payload": "GH1:…"}`
answers the check-in (the member's masked name and union) or a problem whose `detail` is the reason in Chinese
(422; 409 when the member has already checked in). The target is found through its kind's `find` (404 when the
user does not see it, or the kind is unknown) and the kind's `can_scan` decides (403)."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import SessionAuth

from gonghui.accounts.api_tokens import TokenAuth, require_scope
from gonghui.accounts.decorators import AuthedRequest
from gonghui.accounts.identity import mask_name
from gonghui.accounts.models import ApiToken
from gonghui.accounts.scoping import has_action_anywhere, is_cadre
from gonghui.core.api import Problem, problem_response
from gonghui.core.errors import validation_error_text

from .permissions import MANAGE
from .services import checkin_validate
from .targets import checkin_targets

router = Router(tags=["签到"])
SCOPE = "checkins:scan"


class _ScannerTokenAuth(TokenAuth):
    """A bearer token with the scope whose user may check people in somewhere (`checkins.manage`); checked before
    the body is read, so a member's token gets 403 whatever it sends."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = super().authenticate(request, token)
        if found is not None:
            require_scope(request, SCOPE)
            if not is_cadre(found.user) or not has_action_anywhere(found.user, MANAGE):
                raise PermissionDenied
        return found


class _ScannerSessionAuth(SessionAuth):
    """The console's own session (CSRF-checked), for a cadre who may check people in somewhere."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and (not is_cadre(user) or not has_action_anywhere(user, MANAGE)):
            raise PermissionDenied
        return user


class ScanIn(Schema):
    kind: str = Field(description="签到类别，如 checkins.session（签到场次）", max_length=64)
    target: UUID = Field(description="签到对象的 public_id")
    payload: str = Field(description="扫描到的会员码文本 GH1:<会员ID>:<8位动态码>", max_length=200)


class CheckinOut(Schema):
    member_name: str = Field(description="会员姓名（脱敏）")
    union: str = Field(description="会员所属工会")
    method: str = Field(description="签到方式：scan 扫码 / manual 手工")
    at: dt.datetime = Field(description="签到时间")


@router.post(
    "/scan",
    response={200: CheckinOut, 409: Problem},
    operation_id="checkins_scan",
    url_name="checkins_scan",
    summary="核验会员码并签到",
    auth=[_ScannerTokenAuth(), _ScannerSessionAuth()],
)
def checkins_scan(request: AuthedRequest, payload: ScanIn) -> Any:
    if payload.kind not in checkin_targets:  # no such target, as for a target the user does not see
        return problem_response(404, "签到对象不存在", f"未知的签到类别：{payload.kind}")
    kind = checkin_targets.get(payload.kind)
    target = kind.find(request.user, payload.target)
    if not kind.can_scan(request.user, target):
        raise PermissionDenied
    try:
        check_in = checkin_validate(target=target, payload=payload.payload, actor=request.user)
    except ValidationError as exc:
        status = 409 if exc.code == "already" else 422
        return problem_response(status, "签到未通过", validation_error_text(exc))
    return {
        "member_name": mask_name(check_in.member.name),
        "union": check_in.member.org.name,
        "method": check_in.method,
        "at": check_in.at,
    }
