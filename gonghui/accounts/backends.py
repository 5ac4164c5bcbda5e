"""Authentication: cadres by username, members by their mobile number."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .identity import normalize_identifier
from .models import User
from .session_user import HAS_OBJECT_GRANTS, session_user_get

__all__ = ["HAS_OBJECT_GRANTS", "UsernameOrPhoneBackend", "user_for_login"]


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
        """The session's user, in one statement with whether it holds a live object grant and with its role
        grants (`session_user`): scoping then reads neither."""
        user = session_user_get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
