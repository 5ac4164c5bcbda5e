"""JSON API for members: identity verification for 豫工惠-style apps and the calling member's own card.

`POST /members/verify` takes the ID number in the body only (never in the URL), answers nothing beyond
{is_member, union}, is rate-limited per token (or per user for a browser session) and audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.security import SessionAuth
from pydantic import Field

from gonghui.accounts.api_tokens import TokenAuth, require_scope
from gonghui.accounts.decorators import AuthedRequest
from gonghui.accounts.models import ApiToken
from gonghui.accounts.scoping import is_cadre
from gonghui.core.api import RATE_LIMITED, problem_response
from gonghui.core.audit import AuditContext
from gonghui.core.http import mark_sensitive
from gonghui.core.rate_limits import window_hit, window_retry_after

from .selectors.cards import card_applications_of_member
from .selectors.registry import member_for_user
from .services.registry import member_verify

router = Router(tags=["会员"])

VERIFY_SCOPE = "members:verify"
VERIFY_RATE = 60  # calls per window, per token (or per user for a session)
VERIFY_WINDOW = 60  # seconds


class _CadreTokenAuth(TokenAuth):
    """A bearer token with the route's scope whose user holds a console role; checked before the body is read,
    so a member's token gets 403 whatever it sends."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = super().authenticate(request, token)
        if found is not None:
            require_scope(request, self.scope)
            if not is_cadre(found.user):
                raise PermissionDenied
        return found


class _CadreSessionAuth(SessionAuth):
    """The console's own session (CSRF-checked), for a user holding a console role."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not is_cadre(user):
            raise PermissionDenied
        return user


class VerifyIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    id_number: str = Field(min_length=1, max_length=40)


class UnionOut(Schema):
    code: str
    name: str


class VerifyOut(Schema):
    is_member: bool
    union: UnionOut | None


class CardOut(Schema):
    member_number: str | None
    card_number: str
    status: str | None
    status_label: str | None
    kind: str | None
    kind_label: str | None
    applied_at: str | None
    batch_number: str | None


def _rate_limited(request: HttpRequest) -> bool:
    """Fixed one-minute windows in the cache, counted per token (or per session user)."""
    auth = getattr(request, "auth", None)
    ident = f"t{auth.pk}" if isinstance(auth, ApiToken) else f"u{request.user.pk}"
    return window_hit("members-verify", ident, window=VERIFY_WINDOW) > VERIFY_RATE


def _too_many_requests() -> HttpResponse:
    response = problem_response(429, "请求过于频繁", f"每个令牌每分钟最多核验 {VERIFY_RATE} 次，请稍后再试")
    response["Retry-After"] = str(window_retry_after(VERIFY_WINDOW))
    return response


@router.post(
    "/verify",
    response={200: VerifyOut, **RATE_LIMITED},
    operation_id="members_verify",
    url_name="members_verify",
    auth=[_CadreTokenAuth(VERIFY_SCOPE), _CadreSessionAuth()],
    summary="核验会员身份",
)
def members_verify(request: AuthedRequest, payload: VerifyIn, response: HttpResponse) -> Any:
    if _rate_limited(request):
        return _too_many_requests()
    mark_sensitive(response)  # an audited identity check: its answer is never cached
    result = member_verify(
        name=payload.name, id_number=payload.id_number, actor=request.user, context=AuditContext.of(request)
    )
    union = {"code": result.org.code, "name": result.org.name} if result.org is not None else None
    return {"is_member": result.is_member, "union": union}


@router.get(
    "/me/card",
    response=CardOut,
    operation_id="members_me_card",
    url_name="members_me_card",
    summary="本人会员卡办理情况",
)
def members_me_card(request: AuthedRequest) -> Any:
    require_scope(request, "me:read")
    member = member_for_user(request.user)
    if member is None:
        raise Http404
    applications = card_applications_of_member(member=member)
    latest = applications[0] if applications else None
    return {
        "member_number": member.member_number,
        "card_number": member.card_number,
        "status": latest.status if latest else None,
        "status_label": latest.get_status_display() if latest else None,
        "kind": latest.kind if latest else None,
        "kind_label": latest.get_kind_display() if latest else None,
        "applied_at": latest.created_at.isoformat() if latest else None,
        "batch_number": latest.batch.number if latest and latest.batch else None,
    }
