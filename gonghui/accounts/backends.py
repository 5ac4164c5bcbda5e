"""Authentication: cadres by username, members by their mobile number."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from .identity import normalize_identifier
from .models import ObjectGrant, User

# Set on the signed-in user by `get_user`: whether it holds a live object grant, so that scoping reads object grants
# only for the accounts that have one (no extra query per request for everyone else).
HAS_OBJECT_GRANTS = "has_live_object_grants"


def user_for_login(identifier: str) -> User | None:
    """The account a login identifier names: an 11-digit mobile number (members) or a username."""
    normalized = normalize_identifier(identifier)
    if len(normalized) == 11 and normalized.isdigit():
        return User.objects.filter(phone=normalized).first()
    return User.objects.filter(username=identifier.strip()).first()


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        user = user_for_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The session's user, in the same single query with whether it holds a live object grant."""
        live = ObjectGrant.objects.filter(
            user=OuterRef("pk"), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        user = User._default_manager.annotate(**{HAS_OBJECT_GRANTS: Exists(live)}).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
