"""Writing the append-only audit log."""

import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from .choices import AuditAction
from .models import AuditLog


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies (nginx in production) it is the
    entry those proxies appended to X-Forwarded-For, not REMOTE_ADDR (which is the proxy itself);
    entries further left are written by the client and never trusted. django-axes uses this too."""
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = _valid_ip(forwarded[-proxies])
            if address is not None:
                return address
    return _valid_ip(request.META.get("REMOTE_ADDR") or "")


@dataclass(frozen=True)
class AuditContext:
    """Where an audited action came from (the visitor's address and browser), built in the view with
    `AuditContext.of(request)` and passed to a service instead of the HttpRequest."""

    ip: str | None = None
    user_agent: str = ""

    @classmethod
    def of(cls, request: HttpRequest | None) -> "AuditContext":
        if request is None:
            return cls()
        return cls(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])


def audit_log(
    *,
    action: AuditAction,
    summary: str,
    actor: Any = None,
    actor_label: str = "",
    context: AuditContext | None = None,
    subject: models.Model | None = None,
    org_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    user = actor if getattr(actor, "is_authenticated", False) else None
    context = context or AuditContext()
    return AuditLog.objects.create(
        actor=user,
        actor_label=actor_label or (user.get_username() if user is not None else ""),
        action=action,
        summary=summary[:300],
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=str(subject.pk) if subject is not None else "",
        org_id=org_id,
        ip_address=context.ip,
        user_agent=context.user_agent[:300],
        detail=detail or {},
    )
