"""Session rules: cadres are logged out after an idle period; reset accounts must change their password; a
member-only account that ticked 记住我 stays signed in for REMEMBER_ME_DAYS (never for a cadre)."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from gonghui.core.audit import AuditContext

from .scoping import is_cadre
from .services import logout_recorded

SESSION_LAST_SEEN = "last_seen"
SESSION_IS_CADRE = "is_cadre"
SESSION_REMEMBERED = "remembered"
REMEMBER_ME_DAYS = 30
_TOUCH_EVERY_SECONDS = 30


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(SESSION_REMEMBERED)
            and is_cadre(user)
        ):
            # granted a cadre role since logging in: the remembered session ends and the idle clock applies
            request.session.pop(SESSION_REMEMBERED)
            request.session.set_expiry(None)
            request.session[SESSION_IS_CADRE] = True
        if user is not None and user.is_authenticated and request.session.get(SESSION_IS_CADRE):
            now = int(time.time())
            last_seen = int(request.session.get(SESSION_LAST_SEEN, now))
            if now - last_seen > settings.CADRE_IDLE_TIMEOUT_MINUTES * 60:
                logout_recorded(user=user, context=AuditContext.of(request), reason="长时间未操作，自动退出")
                logout(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录")
                return redirect_to_login(request.get_full_path(), "accounts:login")
            if now - last_seen >= _TOUCH_EVERY_SECONDS or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """Accounts whose password was reset by an admin may only change it (or log out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:password_change")
        return self.get_response(request)
