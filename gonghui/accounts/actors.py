"""Who acts. Services, selectors and permission checks take an `Actor`: the signed-in user a view hands on
(`request.user` behind `console_view`, `portal_view` or `login_required`, typed by `AuthedRequest`). Functions a
signed-out visitor can reach take a `Visitor` (a User or AnonymousUser)."""

from django.contrib.auth.models import AnonymousUser

from .models import User

type Actor = User
type Visitor = User | AnonymousUser

__all__ = ["Actor", "AnonymousUser", "Visitor"]
