"""Login, logout, password, org switcher, console home, accounts, the audit log and 外部账号授权 (outside accounts
granted a role on one object)."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.audit import AuditContext
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import (
    apply_validation_error,
    button_perform,
    form_error_text,
    form_perform,
    posted_data,
)
from gonghui.core.htmx import htmx_redirect
from gonghui.core.http import mark_sensitive
from gonghui.core.models import AuditAction
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.registry import home_counters, roles
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_list_for_user

from .actors import Actor, Visitor
from .choices import SmsCodePurpose
from .decorators import AuthedRequest, console_view
from .forms import (
    CadreCreateForm,
    ExpiryForm,
    GrantForm,
    LoginForm,
    ObjectGrantForm,
    PasswordChangeForm,
    PortalLoginForm,
    SmsCodeRequestForm,
    SmsLoginForm,
    SmsPasswordForm,
)
from .middleware import REMEMBER_ME_DAYS, SESSION_IS_CADRE, SESSION_LAST_SEEN, SESSION_REMEMBERED
from .models import RoleGrant, User
from .object_grants import GrantableKind, grant_page_url, object_grants_url
from .permissions import can_manage_user
from .roles import role_choices
from .scoping import has_action, has_action_anywhere, is_cadre, is_member_user
from .selectors import (
    audit_list_for_user,
    first_steps_for_user,
    grant_get_for_user,
    grantable_object_get_for_user,
    granted_objects_for_user,
    object_grant_get_for_user,
    object_grants_for_object,
    user_get_for_user,
    user_list_for_user,
)
from .services import (
    cadre_account_create,
    login_failed_recorded,
    login_recorded,
    logout_recorded,
    object_grant_extend,
    object_grant_revoke,
    outside_account_grant,
    role_grant_create,
    role_grant_revoke,
    user_password_change,
    user_password_reset,
)
from .sms_codes import sms_code_request, sms_login, sms_login_allowed, sms_password_set
from .workspace import current_org, set_current_org


def _landing(user: Visitor) -> str:
    return "home" if is_cadre(user) else "portal:home"


def _session_start(
    request: HttpRequest, user: User, *, remember: bool = False, backend: str | None = None
) -> None:
    """Log in and set the session rules: cadres get the idle clock; a member-only account that ticked 记住我
    stays signed in for REMEMBER_ME_DAYS (the flag is ignored for cadres)."""
    login(request, user, backend=backend)
    cadre = is_cadre(user)
    request.session[SESSION_IS_CADRE] = cadre
    request.session.pop(SESSION_LAST_SEEN, None)
    if remember and not cadre and sms_login_allowed(user):
        request.session[SESSION_REMEMBERED] = True
        request.session.set_expiry(dt.timedelta(days=REMEMBER_ME_DAYS))


def _after_login(request: HttpRequest, user: User) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(_landing(user))


def login_view(
    request: HttpRequest, template: str = "accounts/login.html", form_class: type[LoginForm] = LoginForm
) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    form = form_class(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            _session_start(request, user, remember=bool(form.cleaned_data.get("remember")))
            login_recorded(user=user, context=AuditContext.of(request))
            return _after_login(request, user)
        login_failed_recorded(username=request.POST.get("username", ""), context=AuditContext.of(request))
    return render(request, template, {"form": form, "next": request.GET.get("next", ""), "mode": "password"})


def portal_login_view(request: HttpRequest) -> HttpResponse:
    return login_view(request, template="portal/login.html", form_class=PortalLoginForm)


SMS_LOGIN_SENT = "如果该手机号已开通会员端，验证码已发送，5分钟内有效"


def sms_login_view(request: HttpRequest) -> HttpResponse:
    """短信验证码登录 on the portal (member-only accounts; a cadre account or an unknown phone is refused with the
    same "验证码不正确" as a wrong code). Audited like the password login."""
    if request.user.is_authenticated:
        return redirect(_landing(request.user))
    form = SmsLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        context = AuditContext.of(request)
        try:
            user = sms_login(phone=data["phone"], code=data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
            login_failed_recorded(username=data["phone"], context=context, method="短信验证码")
        else:
            _session_start(
                request,
                user,
                remember=data["remember"],
                backend="gonghui.accounts.backends.UsernameOrPhoneBackend",
            )
            login_recorded(user=user, context=context, method="短信验证码")
            return _after_login(request, user)
    return render(
        request, "portal/login.html", {"form": form, "next": request.GET.get("next", ""), "mode": "sms"}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    portal = request.POST.get("portal") == "1"
    if request.user.is_authenticated:
        logout_recorded(user=request.user, context=AuditContext.of(request))
    logout(request)
    response = htmx_redirect(request, reverse("portal:login" if portal else "accounts:login"))
    # The browser drops what it cached of this site (the portal's service worker clears its own caches too).
    response["Clear-Site-Data"] = '"cache"'
    return response


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, posted_data(request))

    def change(data: dict[str, Any]) -> None:
        user_password_change(user=request.user, new_password=data["new_password1"])
        # Keep the session (cadre flag, idle clock, chosen org): only its auth hash changes.
        update_session_auth_hash(request, request.user)

    done = form_perform(request, form, change, success="密码已修改", then=reverse(_landing(request.user)))
    if done is not None:
        return done
    template = "accounts/password_change.html" if is_cadre(request.user) else "portal/password_change.html"
    return render(request, template, {"form": form})


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Console home: live counts for the current org's subtree, and a new union's first steps. Members go to the
    portal."""
    if not is_cadre(request.user):
        if is_member_user(request.user):
            return redirect("portal:home")
        raise PermissionDenied
    org = current_org(request)
    counters = [
        {"label": c.label, "value": c.count(request.user, org), "url_name": c.url_name}
        for c in home_counters
        if (org is not None and has_action(request.user, c.action, org))
        or (org is None and c.personal and has_action_anywhere(request.user, c.action))
    ]
    steps = first_steps_for_user(user=request.user, org=org)
    granted = granted_objects_for_user(request.user) if org is None else []
    return render(
        request,
        "accounts/home.html",
        {
            "counters": counters,
            "org": org,
            "granted": granted,
            "first_steps": steps,
            "first_steps_done": sum(step.done for step in steps),
        },
    )


@require_POST
@console_view()
def org_switch(request: AuthedRequest) -> HttpResponse:
    org = set_current_org(request, request.POST.get("org", ""))
    if org is None:
        messages.error(request, "不能切换到该组织")
    else:
        messages.success(request, f"当前工作组织：{org.name}")
    return htmx_redirect(request, reverse("home"))


ROLE_REFUSED = "您不能在该组织授予此角色"


def _role_grant_create(*, user: User, role: str, org: Org, actor: User) -> RoleGrant:
    """`role_grant_create`, its refusal (a role the actor may not grant on that org) put as a rule error on `role`."""
    try:
        return role_grant_create(user=user, role=role, org=org, actor=actor)
    except PermissionDenied:
        raise ValidationError({"role": ROLE_REFUSED}) from None


def _manageable_orgs(user: Actor) -> QuerySet[Org]:
    return org_list_for_user(user=user, action="accounts.manage", status="active")


@console_view("accounts.view")
def user_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    page = paginate(request, user_list_for_user(actor=request.user, query=query, role=role))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "roles": role_choices(),
            "querystring": query_without_page(request),
            "can_create": has_action_anywhere(request.user, "accounts.manage"),
        },
    )


@console_view("accounts.manage")
def user_create(request: AuthedRequest) -> HttpResponse:
    form = CadreCreateForm(request.POST or None, orgs=_manageable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, temporary = cadre_account_create(
                username=data["username"],
                name=data["name"],
                phone=data["phone"],
                role=data["role"],
                org=data["org"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied:
            form.add_error("role", ROLE_REFUSED)
        else:
            return render(
                request, "accounts/temporary_password.html", {"target": user, "temporary": temporary}
            )
    return render(request, "accounts/user_create.html", {"form": form})


@console_view("accounts.view")
def user_detail(request: AuthedRequest, username: str) -> HttpResponse:
    target = user_get_for_user(actor=request.user, username=username)
    can_manage = can_manage_user(request.user, target)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "grants": target.grants.all(),
            "can_manage": can_manage,
            "grant_form": GrantForm(orgs=_manageable_orgs(request.user)) if can_manage else None,
        },
    )


@require_POST
@console_view("accounts.manage")
def user_password_reset_view(request: AuthedRequest, username: str) -> HttpResponse:
    target = user_get_for_user(actor=request.user, username=username)
    if not can_manage_user(request.user, target):
        raise PermissionDenied
    temporary = user_password_reset(target=target, actor=request.user, context=AuditContext.of(request))
    return render(request, "accounts/temporary_password.html", {"target": target, "temporary": temporary})


@require_POST
@console_view("accounts.manage")
def grant_create_view(request: AuthedRequest, username: str) -> HttpResponse:
    target = user_get_for_user(actor=request.user, username=username)
    if not can_manage_user(request.user, target):
        raise PermissionDenied
    form = GrantForm(request.POST, orgs=_manageable_orgs(request.user))
    detail = reverse("accounts:user_detail", args=[target.username])
    done = form_perform(
        request,
        form,
        lambda data: _role_grant_create(user=target, role=data["role"], org=data["org"], actor=request.user),
        success="已授权",
        then=detail,
    )
    if done is not None:
        return done
    # the form sits on the account's page: its errors are flashed there
    messages.error(request, form_error_text(form))
    return htmx_redirect(request, detail)


@require_POST
@console_view("accounts.manage")
def grant_revoke_view(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = grant_get_for_user(actor=request.user, pk=pk)
    username = grant.user.username
    try:
        role_grant_revoke(grant=grant, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已撤销授权")
    return htmx_redirect(request, reverse("accounts:user_detail", args=[username]))


@console_view("audit.view")
def audit_log_list(request: AuthedRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    query = request.GET.get("q", "").strip()
    date_from = request.GET.get("from") or None
    date_to = request.GET.get("to") or None
    try:
        logs = audit_list_for_user(
            actor=request.user, action=action, query=query, date_from=date_from, date_to=date_to
        )
        page = paginate(request, logs, per_page=50)
    except ValidationError:
        messages.error(request, "日期格式不正确，请使用 年-月-日")
        page = paginate(
            request, audit_list_for_user(actor=request.user, action=action, query=query), per_page=50
        )
    return render(
        request,
        "accounts/audit_log_list.html",
        {
            "page": page,
            "actions": AuditAction.choices,
            "action": action,
            "query": query,
            "date_from": date_from or "",
            "date_to": date_to or "",
            "querystring": query_without_page(request),
            "role_labels": {r.code: r.label for r in roles},
        },
    )


# --- members: activate an account / reset a password with an SMS code --------------------------------

SMS_PAGES = {
    SmsCodePurpose.ACTIVATE: ("激活账号", "请输入入会时登记的手机号，获取短信验证码后设置登录密码。"),
    SmsCodePurpose.RESET: ("找回密码", "请输入账号绑定的手机号，获取短信验证码后设置新密码。"),
}


def _sms_password_page(request: HttpRequest, purpose: SmsCodePurpose) -> HttpResponse:
    form = SmsPasswordForm(posted_data(request))

    def set_password_and_log_in(data: dict[str, Any]) -> User:
        user = sms_password_set(
            phone=data["phone"],
            purpose=purpose,
            code=data["code"],
            new_password=data["new_password1"],
            context=AuditContext.of(request),
        )
        _session_start(request, user, backend="gonghui.accounts.backends.UsernameOrPhoneBackend")
        login_recorded(user=user, context=AuditContext.of(request))
        return user

    done = form_perform(
        request,
        form,
        set_password_and_log_in,
        success="密码已设置，已为您登录",
        then=lambda user: reverse(_landing(user)),
    )
    if done is not None:
        return done
    title, hint = SMS_PAGES[purpose]
    return render(
        request,
        "accounts/sms_password.html",
        {"form": form, "title": title, "hint": hint, "purpose": purpose.value},
    )


def account_activate(request: HttpRequest) -> HttpResponse:
    return _sms_password_page(request, SmsCodePurpose.ACTIVATE)


def password_reset_by_sms(request: HttpRequest) -> HttpResponse:
    return _sms_password_page(request, SmsCodePurpose.RESET)


@require_POST
def sms_code_send(request: HttpRequest, purpose: str) -> HttpResponse:
    """HTMX: send a code; the answer is the same whether or not the phone has an account (for 会员登录: a member
    account without a cadre grant)."""
    if purpose not in (SmsCodePurpose.ACTIVATE, SmsCodePurpose.RESET, SmsCodePurpose.LOGIN):
        raise Http404
    form = SmsCodeRequestForm(request.POST)
    message, ok = "请填写手机号", False
    if form.is_valid():
        try:
            sms_code_request(
                phone=form.cleaned_data["phone"], purpose=purpose, ip=AuditContext.of(request).ip
            )
        except ValidationError as exc:
            message = validation_error_text(exc)
        else:
            ok = True
            message = (
                SMS_LOGIN_SENT
                if purpose == SmsCodePurpose.LOGIN
                else "如该手机号已登记，验证码已发送，5分钟内有效"
            )
    return render(request, "accounts/partials/sms_code_sent.html", {"message": message, "ok": ok})


# --- 外部账号授权: outside accounts granted a role on one object ------------------------------------------------


def _object_grants_page(
    request: AuthedRequest, kind: GrantableKind, obj: Any, form: ObjectGrantForm, status: int = 200
) -> HttpResponse:
    grants = object_grants_for_object(obj)
    response = render(
        request,
        "accounts/object_grants.html",
        {
            "kind": kind,
            "obj": obj,
            "object_url": kind.object_url(obj),
            "page": paginate(request, grants),
            "form": form,
            "extend_form": ExpiryForm(),
            "kind_key": kind.model,
        },
        status=status,
    )
    return mark_sensitive(response)  # type: ignore[return-value]  # the outside accounts' phone numbers


@console_view("accounts.manage")
def object_grant_list(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    """The 外部账号授权 page of one object: its grants (到期时间, status, extend, revoke) and the form for a new
    one. Reached from the object's own page (the owner app links to `object_grants_url(obj)`)."""
    grantable, obj = grantable_object_get_for_user(actor=request.user, kind_key=kind, pk=pk)
    return _object_grants_page(request, grantable, obj, ObjectGrantForm(role_codes=grantable.roles))


@require_POST
@console_view("accounts.manage")
def object_grant_create_view(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    grantable, obj = grantable_object_get_for_user(actor=request.user, kind_key=kind, pk=pk)
    form = ObjectGrantForm(request.POST, role_codes=grantable.roles)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant, temporary = outside_account_grant(
                kind=grantable,
                obj=obj,
                name=data["name"],
                phone=data["phone"],
                role=data["role"],
                expires_at=form.expires_at,
                actor=request.user,
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            back = object_grants_url(obj)
            if temporary is None:
                messages.success(request, f"已授权：{grant.user.get_full_name()}（已有账号，沿用原密码）")
                return htmx_redirect(request, back)
            response = render(
                request,
                "accounts/object_grant_password.html",
                {"target": grant.user, "temporary": temporary, "back": back, "obj": obj, "kind": grantable},
            )
            return mark_sensitive(response)  # type: ignore[return-value]
    return _object_grants_page(request, grantable, obj, form, status=422)


@require_POST
@console_view("accounts.manage")
def object_grant_extend_view(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = object_grant_get_for_user(actor=request.user, pk=pk)
    back = grant_page_url(grant)
    form = ExpiryForm(request.POST)
    return button_perform(
        request,
        lambda: object_grant_extend(grant=grant, expires_at=form.expires_at, actor=request.user),
        success="已延长授权",
        back=back,
        form=form,
    )


@require_POST
@console_view("accounts.manage")
def object_grant_revoke_view(request: AuthedRequest, pk: int) -> HttpResponse:
    grant = object_grant_get_for_user(actor=request.user, pk=pk)
    back = grant_page_url(grant)
    return button_perform(
        request, lambda: object_grant_revoke(grant=grant, actor=request.user), success="已撤销授权", back=back
    )
