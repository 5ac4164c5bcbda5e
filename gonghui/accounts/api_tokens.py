"""API tokens: creation (the secret shown once), bearer authentication and scope checks.

A request authenticated by a token may use only the token's scopes, on top of its user's role grants and
visible_q; a browser session (the console's own HTMX/JS calls) is not narrowed by scopes."""

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

from .actors import Actor
from .models import ApiToken, User

# Scope → what it opens. Apps add theirs by extending this mapping in their AppConfig.ready().
API_SCOPES: dict[str, str] = {
    "me:read": "读取当前账号信息",
    "orgs:read": "读取可见范围内的组织",
    "checkins:scan": "核验会员码并签到",
}
TOKEN_PREFIX = "gh_"  # noqa: S105 - a public marker, not a secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scopes: list[str], actor: Actor | None = None, expires_at: Any = None
) -> tuple[ApiToken, str]:
    unknown = sorted(set(scopes) - set(API_SCOPES))
    if unknown:
        raise ValidationError({"scopes": _("未知的权限范围：%(s)s") % {"s": "、".join(unknown)}})
    if not scopes:
        raise ValidationError({"scopes": _("请至少选择一个权限范围")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 8],
        key_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        actor_label="" if actor else "manage.py",
        subject=user,
        summary=f"为 {user.get_username()} 创建 API 令牌 {name}（{'、'.join(token.scopes)}）",
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_log(
            action=AuditAction.ADMIN_EDIT,
            actor=actor,
            actor_label="" if actor else "manage.py",
            subject=token.user,
            summary=f"吊销 API 令牌 {token.name}（{token.prefix}…）",
        )
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class TokenAuth(HttpBearer):
    """Authorization: Bearer gh_… → request.user is the token's user, request.api_scopes its scopes."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        request.api_scopes = frozenset(found.scopes)  # type: ignore[attr-defined]
        return found


def require_scope(request: HttpRequest, scope: str) -> None:
    """403 when a token-authenticated request lacks the scope (sessions are not narrowed)."""
    scopes = getattr(request, "api_scopes", None)
    if scopes is not None and scope not in scopes:
        raise PermissionDenied
