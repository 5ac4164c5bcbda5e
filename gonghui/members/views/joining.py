"""Pages of online joining. Public (no account yet): the 网上入会 flow — privacy notice, union search (name, short
name, unit name, 别名, pinyin, initials), confirmation of the chosen union, form with SMS code, receipt — and the
resubmission and withdrawal pages reached by the signed link of the rejection SMS (or of the receipt page). A union's
join link (`/members/join/?org=<code>`, on its QR poster) preselects the union; the applicant still confirms it.
Console: the join applications of the user's scope, and each union's join link and printable QR poster."""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import current_org
from gonghui.core.audit import AuditContext
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org

from ..choices import JoinAction, JoinStatus
from ..forms.joining import JoinForm, PrivacyForm, UnlockForm, WithdrawForm
from ..forms.transfers import ReasonForm
from ..models import JoinApplication
from ..permissions import MANAGE, VIEW
from ..selectors.joining import (
    join_application_for_receipt,
    join_application_for_token,
    join_application_get_for_user,
    join_application_list_for_user,
    join_link_qr_svg,
    join_org_for_code,
    join_org_search,
    join_pool_orgs,
    join_poster_org_for_user,
    join_poster_orgs_for_user,
    join_reference,
    join_resubmit_token,
)
from ..services.joining import (
    JOIN_WORKFLOW,
    join_application_approve,
    join_application_reject,
    join_application_resubmit,
    join_application_submit,
    join_application_withdraw,
    join_resubmit_unlock,
    join_sms_code_request,
)

SESSION_PRIVACY = "join_privacy_accepted_at"
SESSION_RECEIPT = "join_receipt"
SESSION_UNLOCKED = "join_resubmit_unlocked"
# the code of the union the applicant confirmed ("您申请加入：…，是否确认？"): the form is shown only for it
SESSION_CONFIRMED = "join_org_confirmed"
JOIN_STATE_LABELS = dict(JoinStatus.choices)


def _privacy_accepted_at(request: HttpRequest) -> Any:
    raw = request.session.get(SESSION_PRIVACY)
    return parse_datetime(raw) if isinstance(raw, str) else None


def _privacy_page(request: HttpRequest, form: PrivacyForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "members/join/start.html", {"form": form or PrivacyForm()}, status=status)


def _apply_url(org: Org) -> str:
    return reverse("members:join_apply") + "?" + urlencode({"org": org.code})


def join_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the privacy notice, accepted before anything is typed. A union's join link (`?org=<code>`, the QR
    poster) carries its union on to the confirmation; a code that takes no applications falls back to the search."""
    preselected = join_org_for_code(request.GET.get("org", ""))
    then = _apply_url(preselected) if preselected is not None else reverse("members:join_unit")
    if request.method != "POST" and preselected is not None and _privacy_accepted_at(request) is not None:
        return redirect(then)
    form = PrivacyForm(posted_data(request))

    def accept(data: dict[str, Any]) -> None:
        request.session[SESSION_PRIVACY] = timezone.now().isoformat()

    done = form_perform(request, form, accept, success="", then=then)
    if done is not None:
        return done
    return render(request, "members/join/start.html", {"form": form, "preselected": preselected})


def join_unit(request: HttpRequest) -> HttpResponse:
    """Step 2: find the union of one's unit by name, short name, 别名, pinyin or initials; or pick a county
    union's 联合工会 / 周转库."""
    if _privacy_accepted_at(request) is None:
        return _privacy_page(request)
    query = request.GET.get("q", "").strip()[:50]
    pool = request.GET.get("pool") == "1"
    return render(
        request,
        "members/join/unit.html",
        {
            "query": query,
            "results": join_org_search(query=query),
            "pool": pool,
            "pool_orgs": list(join_pool_orgs()) if pool else [],
        },
    )


@require_GET
def join_unit_search(request: HttpRequest) -> JsonResponse:
    """Public JSON search of unions by unit name: only what is needed to choose (code, name, unit name)."""
    query = request.GET.get("q", "").strip()[:50]
    rows = [{"code": o.code, "name": o.name, "unit_name": o.unit_name} for o in join_org_search(query=query)]
    return JsonResponse(rows, safe=False)


def _send_code(request: HttpRequest, phone: str) -> tuple[str, bool]:
    try:
        join_sms_code_request(phone=phone, ip=AuditContext.of(request).ip)
    except ValidationError as exc:
        return validation_error_text(exc), False
    return "验证码已发送，5分钟内有效", True


def join_apply(request: HttpRequest) -> HttpResponse:
    """Step 3: confirm the union ("您申请加入：…，是否确认？"), then the form. "获取验证码" posts the form back
    (works without JavaScript)."""
    accepted_at = _privacy_accepted_at(request)
    if accepted_at is None:
        return _privacy_page(request)
    org = join_org_for_code(request.GET.get("org", "") or request.POST.get("org", ""))
    if org is None:
        return render(request, "members/join/unit.html", {"query": "", "results": [], "missing_org": True})
    context: dict[str, Any] = {"org": org, "is_pool": org.level == "county"}
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "confirm_org":
        request.session[SESSION_CONFIRMED] = org.code
        return redirect(_apply_url(org))
    if request.method != "POST" and request.session.get(SESSION_CONFIRMED) != org.code:
        return render(request, "members/join/confirm.html", context)
    if action == "send_code":
        context["code_message"], context["code_sent"] = _send_code(request, request.POST.get("phone", ""))
        context["form"] = JoinForm(initial=request.POST.dict())
        return render(request, "members/join/form.html", context)
    form = JoinForm(posted_data(request), initial={"unit_name": org.unit_name})

    def submit(data: dict[str, Any]) -> None:
        if not data["sms_code"]:
            raise ValidationError({"sms_code": "请填写短信验证码"})
        application = join_application_submit(
            org=org, applicant=form.applicant(), sms_code=data["sms_code"], privacy_accepted_at=accepted_at
        )
        request.session[SESSION_RECEIPT] = application.public_id.hex
        request.session.pop(SESSION_CONFIRMED, None)

    done = form_perform(request, form, submit, success="", then=reverse("members:join_done"))
    if done is not None:
        return done
    context["form"] = form
    return render(request, "members/join/form.html", context)


def join_done(request: HttpRequest) -> HttpResponse:
    """Step 4: the receipt of the application just submitted in this browser session."""
    application = join_application_for_receipt(request.session.get(SESSION_RECEIPT))
    return render(
        request,
        "members/join/done.html",
        {
            "application": application,
            "reference": join_reference(application) if application else "",
            # the same signed link as in a rejection SMS: it also leads to 撤回申请
            "token": join_resubmit_token(application) if application else "",
        },
    )


def _applicant_context(application: JoinApplication, token: str) -> dict[str, Any]:
    """What the applicant's signed-link pages offer, from the workflow table (the applicant acts without an
    account: the transitions have no actor guard)."""
    return {
        "application": application,
        "token": token,
        "can_resubmit": JOIN_WORKFLOW.can(application, JoinAction.RESUBMIT, None),
        "can_withdraw": JOIN_WORKFLOW.can(application, JoinAction.WITHDRAW, None),
    }


def join_resubmit(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the rejection SMS: prove the phone on file, then correct and resubmit."""
    application = join_application_for_token(token)
    if application is None:
        raise Http404
    context = _applicant_context(application, token)
    if not context["can_resubmit"]:
        return render(request, "members/join/resubmit.html", context)
    unlocked = request.session.get(SESSION_UNLOCKED) == application.public_id.hex
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "send_code":
        phone = request.POST.get("phone", "") if unlocked else application.phone
        context["code_message"], context["code_sent"] = _send_code(request, phone)
    if not unlocked:
        unlock_form = UnlockForm(request.POST if action == "unlock" else None)

        def unlock(data: dict[str, Any]) -> None:
            join_resubmit_unlock(application=application, sms_code=data["sms_code"])
            request.session[SESSION_UNLOCKED] = application.public_id.hex

        done = form_perform(
            request, unlock_form, unlock, success="", then=reverse("members:join_resubmit", args=[token])
        )
        if done is not None:
            return done
        context["unlock_form"] = unlock_form
        return render(request, "members/join/resubmit.html", context)
    initial = {
        field: getattr(application, field)
        for field in (
            "name",
            "gender",
            "birth_date",
            "id_type",
            "phone",
            "ethnicity",
            "education",
            "political_status",
            "employment",
            "position_title",
            "unit_name",
        )
    }
    if action == "send_code":
        context["form"] = JoinForm(initial=request.POST.dict(), resubmit=True)
        return render(request, "members/join/resubmit.html", context)
    form = JoinForm(request.POST if action == "submit" else None, initial=initial, resubmit=True)

    def resubmit(data: dict[str, Any]) -> None:
        join_application_resubmit(
            application=application, applicant=form.applicant(), sms_code=data["sms_code"], phone_proven=True
        )
        request.session.pop(SESSION_UNLOCKED, None)
        request.session[SESSION_RECEIPT] = application.public_id.hex

    done = form_perform(request, form, resubmit, success="", then=reverse("members:join_done"))
    if done is not None:
        return done
    context["form"] = form
    return render(request, "members/join/resubmit.html", context)


def join_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """撤回入会申请, reached by the signed link (receipt page or rejection SMS): a confirmation page where the
    applicant proves the phone on file with an SMS code (not again if this session unlocked the resubmission
    page) and may give a reason."""
    application = join_application_for_token(token)
    if application is None:
        raise Http404
    context = _applicant_context(application, token)
    if not context["can_withdraw"]:
        return render(request, "members/join/withdraw.html", context)
    unlocked = request.session.get(SESSION_UNLOCKED) == application.public_id.hex
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "send_code":
        context["code_message"], context["code_sent"] = _send_code(request, application.phone)
        form = WithdrawForm(initial=request.POST.dict(), phone_proven=unlocked)
    else:
        form = WithdrawForm(request.POST if action == "withdraw" else None, phone_proven=unlocked)

    def withdraw(data: dict[str, Any]) -> None:
        sms_code = data.get("sms_code", "")
        if not unlocked and not sms_code:
            raise ValidationError({"sms_code": "请填写短信验证码"})
        join_application_withdraw(
            application=application, sms_code=sms_code, phone_proven=unlocked, reason=data["reason"]
        )
        request.session.pop(SESSION_UNLOCKED, None)

    done = form_perform(
        request, form, withdraw, success="入会申请已撤回", then=reverse("members:join_withdraw", args=[token])
    )
    if done is not None:
        return done
    context["form"] = form
    return render(request, "members/join/withdraw.html", context)


@console_view(VIEW)
def join_application_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in JoinStatus.values:
        status = ""
    page = paginate(request, join_application_list_for_user(user=request.user, status=status))
    context = {
        "page": page,
        "status": status,
        "statuses": JoinStatus.choices,
        "querystring": query_without_page(request),
    }
    if htmx_partial(request):
        return render(request, "members/join/partials/application_table.html", context)
    return render(request, "members/join/application_list.html", context)


@console_view(VIEW)
def join_application_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    application = join_application_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/join/application_detail.html",
        {
            "application": application,
            "timeline": timeline_for(application),
            "state_labels": JOIN_STATE_LABELS,
            # the buttons follow the workflow table (state and permission)
            "can_approve": JOIN_WORKFLOW.can(application, JoinAction.APPROVE, request.user),
            "can_reject": JOIN_WORKFLOW.can(application, JoinAction.REJECT, request.user),
            "reject_form": ReasonForm(),
        },
    )


@require_POST
@console_view(MANAGE)
def join_application_approve_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    application = join_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: join_application_approve(application=application, actor=request.user),
        success=lambda member: f"已批准 {member.name} 入会，会员编号 {member.member_number}",
        back=reverse("members:join_application_detail", args=[application.public_id]),
    )


@console_view(MANAGE)
def join_application_reject_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    application = join_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: join_application_reject(
            application=application,
            actor=request.user,
            reason=data["reason"],
            link_base=request.build_absolute_uri("/"),
        ),
        success="已驳回，申请人将收到短信通知",
        then=reverse("members:join_application_detail", args=[application.public_id]),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/join/application_reject.html",
        {"application": application, "form": form},
    )


# ---- console: each union's join link and QR poster -------------------------------------------------------


def _join_link(request: HttpRequest, org: Org) -> str:
    return request.build_absolute_uri(reverse("members:join_start") + "?" + urlencode({"org": org.code}))


@console_view(VIEW)
def join_poster_index(request: AuthedRequest) -> HttpResponse:
    """入会二维码: the unions in scope that take applications, the current workspace union's (when it takes them)
    offered first."""
    query = request.GET.get("q", "").strip()[:50]
    orgs = join_poster_orgs_for_user(user=request.user, query=query)
    current = current_org(request)
    own = orgs.filter(pk=current.pk).first() if current is not None and not query else None
    page = paginate(request, orgs)
    return render(
        request,
        "members/join/poster_index.html",
        {"page": page, "query": query, "querystring": query_without_page(request), "own": own},
    )


@console_view(VIEW)
def join_poster(request: AuthedRequest, code: str) -> HttpResponse:
    """One union's join link and a preview of its poster (the link preselects the union in 网上入会)."""
    org = join_poster_org_for_user(user=request.user, code=code)
    link = _join_link(request, org)
    return render(
        request,
        "members/join/poster.html",
        {"org": org, "link": link, "qr": join_link_qr_svg(link, scale=4), "is_pool": org.level == "county"},
    )


@console_view(VIEW)
def join_poster_print(request: AuthedRequest, code: str) -> HttpResponse:
    """The printable A4 poster: the union's name, the QR code of its join link and the link itself."""
    org = join_poster_org_for_user(user=request.user, code=code)
    link = _join_link(request, org)
    return render(
        request,
        "members/join/poster_print.html",
        {"org": org, "link": link, "qr": join_link_qr_svg(link, scale=10), "is_pool": org.level == "county"},
    )
