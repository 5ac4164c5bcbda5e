"""JSON API for the current account (no personal identifiers: no ID number, phone masked)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from .api_tokens import require_scope
from .identity import mask_phone
from .scoping import is_cadre, user_grants

router = Router(tags=["账号"])


class GrantOut(Schema):
    role: str
    role_label: str
    org_code: str
    org_name: str


class MeOut(Schema):
    username: str
    name: str
    phone_masked: str
    is_cadre: bool
    grants: list[GrantOut]


@router.get("/", response=MeOut, operation_id="me_get", url_name="me_get")
def me_get(request: HttpRequest) -> Any:
    require_scope(request, "me:read")
    user = request.user
    return {
        "username": user.get_username(),
        "name": getattr(user, "name", ""),
        "phone_masked": mask_phone(getattr(user, "phone", "") or ""),
        "is_cadre": is_cadre(user),
        "grants": [
            {"role": g.role, "role_label": g.role_label, "org_code": g.org.code, "org_name": g.org.name}
            for g in user_grants(user)
        ],
    }
