"""Pages of online joining, transfers and corrections.

Public (no account yet): the 网上入会 flow — privacy notice, union search, form with SMS code, receipt — and the
resubmission and withdrawal pages reached by the signed link of the rejection SMS (or of the receipt page). Console: join applications, transfers and
correction requests of the user's scope. Portal: the member's own transfers and correction requests."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.choices import Gender, IdType
from gonghui.accounts.decorators import console_view
from gonghui.accounts.scoping import has_action
from gonghui.codelists.lists import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.codelists.models import CodeItem
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import apply_validation_error, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.pdf import pdf_response
from gonghui.core.timeline import timeline_for

from .choices import (
    CorrectionStatus,
    Employment,
    HouseholdType,
    JoinStatus,
    MemberStatus,
    SkillLevel,
    TransferAction,
    TransferStatus,
)
from .decorators import portal_view
from .joining import (
    JoinApplicant,
    join_application_approve,
    join_application_for_token,
    join_application_get_for_user,
    join_application_list_for_user,
    join_application_reject,
    join_application_resubmit,
    join_application_submit,
    join_application_withdraw,
    join_org_for_code,
    join_org_search,
    join_pool_orgs,
    join_reference,
    join_resubmit_token,
    join_resubmit_unlock,
    join_sms_code_request,
)
from .models import JoinApplication, Member
from .selectors import member_get_for_user, member_list_for_user
from .transfers import (
    CORRECTABLE_FIELDS,
    OPEN_TRANSFER,
    correction_changes_display,
    correction_get_for_user,
    correction_list_for_member,
    correction_list_for_user,
    correction_request_approve,
    correction_request_reject,
    correction_request_submit,
    transfer_action_permitted,
    transfer_approve_in,
    transfer_approve_out,
    transfer_available_actions,
    transfer_cancel,
    transfer_get_for_member,
    transfer_get_for_user,
    transfer_letter_pdf,
    transfer_list_for_member,
    transfer_list_for_user,
    transfer_reject,
    transfer_request,
    transfer_target_orgs,
)

MANAGE = "members.manage"
VIEW = "members.view"
SESSION_PRIVACY = "join_privacy_accepted_at"
SESSION_RECEIPT = "join_receipt"
SESSION_UNLOCKED = "join_resubmit_unlocked"
JOIN_STATE_LABELS = dict(JoinStatus.choices)
TRANSFER_STATE_LABELS = dict(TransferStatus.choices)
CORRECTION_STATE_LABELS = dict(CorrectionStatus.choices)
MEMBER_STATE_LABELS = dict(MemberStatus.choices)


def _member(request: HttpRequest) -> Member:
    member: Member = request.member  # type: ignore[attr-defined]
    return member


def _code_choices(list_key: str) -> list[tuple[str, str]]:
    items = CodeItem.objects.filter(list_key=list_key, is_active=True).values_list("code", "name")
    return [("", "请选择"), *items]


# --- forms ------------------------------------------------------------------------------------------------


class PrivacyForm(forms.Form):
    accept = forms.BooleanField(
        label="我已阅读并同意上述个人信息保护说明",
        error_messages={"required": "请先阅读并同意个人信息保护说明"},
    )


class JoinForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=[("", "请选择"), *Gender.choices])
    birth_date = forms.DateField(label="出生日期", widget=forms.DateInput(attrs={"type": "date"}))
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label="证件号码", max_length=32)
    phone = forms.CharField(label="手机号", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    sms_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    ethnicity = forms.ChoiceField(label="民族", required=False)
    education = forms.ChoiceField(label="学历", required=False)
    political_status = forms.ChoiceField(label="政治面貌", required=False)
    employment = forms.ChoiceField(
        label="用工性质", choices=Employment.choices, initial=Employment.ESTABLISHED
    )
    position_title = forms.CharField(label="岗位/职称", max_length=50, required=False)
    unit_name = forms.CharField(label="工作单位", max_length=100, required=False)

    def __init__(self, *args: Any, resubmit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_fields: dict[str, Any] = {
            "ethnicity": self.fields["ethnicity"],
            "education": self.fields["education"],
            "political_status": self.fields["political_status"],
        }
        choice_fields["ethnicity"].choices = _code_choices(ETHNICITY)
        choice_fields["education"].choices = _code_choices(EDUCATION)
        choice_fields["political_status"].choices = _code_choices(POLITICAL_STATUS)
        if resubmit:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = "留空则沿用原证件号码"

    def applicant(self) -> JoinApplicant:
        data = self.cleaned_data
        return JoinApplicant(
            name=data["name"],
            gender=data["gender"],
            birth_date=data["birth_date"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            ethnicity=data["ethnicity"],
            education=data["education"],
            political_status=data["political_status"],
            employment=data["employment"],
            position_title=data["position_title"],
            unit_name=data["unit_name"],
        )


class UnlockForm(forms.Form):
    sms_code = forms.CharField(
        label="短信验证码", max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class WithdrawForm(forms.Form):
    sms_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label="撤回原因（选填）", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, phone_proven: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if phone_proven:
            del self.fields["sms_code"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(forms.Form):
    to_org = forms.ModelChoiceField(
        label="转入工会（平台内）", queryset=transfer_target_orgs(), required=False, empty_label="请选择"
    )
    to_org_outside = forms.CharField(
        label="或：平台外的转入单位",
        max_length=100,
        required=False,
        help_text="转入单位不在本平台时填写，批准后开具组织关系介绍信",
    )
    reason = forms.CharField(label="转会原因", max_length=200, required=False)

    def __init__(self, *args: Any, exclude_org: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if exclude_org is not None:
            field: Any = self.fields["to_org"]
            field.queryset = transfer_target_orgs().exclude(pk=exclude_org.pk)


class CorrectionForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    ethnicity = forms.ChoiceField(label="民族", required=False)
    education = forms.ChoiceField(label="学历", required=False)
    political_status = forms.ChoiceField(label="政治面貌", required=False)
    employment = forms.ChoiceField(
        label="用工性质", choices=[("", "不更正"), *Employment.choices], required=False
    )
    position_title = forms.CharField(label="岗位/职称", max_length=50, required=False)
    skill_level = forms.ChoiceField(
        label="技能等级", choices=[("", "不更正"), *SkillLevel.choices], required=False
    )
    household_type = forms.ChoiceField(
        label="户籍类型", choices=[("", "不更正"), *HouseholdType.choices], required=False
    )
    note = forms.CharField(
        label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, list_key in (
            ("ethnicity", ETHNICITY),
            ("education", EDUCATION),
            ("political_status", POLITICAL_STATUS),
        ):
            choice: Any = self.fields[field]
            choice.choices = [("", "不更正"), *_code_choices(list_key)[1:]]


# --- public: 网上入会 ---------------------------------------------------------------------------------------


def _privacy_accepted_at(request: HttpRequest) -> Any:
    raw = request.session.get(SESSION_PRIVACY)
    return parse_datetime(raw) if isinstance(raw, str) else None


def _privacy_page(request: HttpRequest, form: PrivacyForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "members/join/start.html", {"form": form or PrivacyForm()}, status=status)


def join_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the privacy notice, accepted before anything is typed."""
    form = PrivacyForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_PRIVACY] = timezone.now().isoformat()
        return redirect("members:join_unit")
    return _privacy_page(request, form)


def join_unit(request: HttpRequest) -> HttpResponse:
    """Step 2: find the union of one's unit by name; or pick a county union's 联合工会 / 周转库."""
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
        join_sms_code_request(phone=phone)
    except ValidationError as exc:
        return validation_error_text(exc), False
    return "验证码已发送，5分钟内有效", True


def join_apply(request: HttpRequest) -> HttpResponse:
    """Step 3: the form. "获取验证码" posts the form back (works without JavaScript)."""
    accepted_at = _privacy_accepted_at(request)
    if accepted_at is None:
        return _privacy_page(request)
    org = join_org_for_code(request.GET.get("org", "") or request.POST.get("org", ""))
    if org is None:
        return render(request, "members/join/unit.html", {"query": "", "results": [], "missing_org": True})
    context: dict[str, Any] = {"org": org, "is_pool": org.level == "county"}
    if request.method == "POST" and request.POST.get("action") == "send_code":
        context["code_message"], context["code_sent"] = _send_code(request, request.POST.get("phone", ""))
        context["form"] = JoinForm(initial=request.POST.dict())
        return render(request, "members/join/form.html", context)
    form = JoinForm(posted_data(request), initial={"unit_name": org.unit_name})
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["sms_code"]:
            form.add_error("sms_code", "请填写短信验证码")
        else:
            try:
                application = join_application_submit(
                    org=org,
                    applicant=form.applicant(),
                    sms_code=form.cleaned_data["sms_code"],
                    privacy_accepted_at=accepted_at,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                request.session[SESSION_RECEIPT] = application.public_id.hex
                return redirect("members:join_done")
    context["form"] = form
    return render(request, "members/join/form.html", context)


def join_done(request: HttpRequest) -> HttpResponse:
    """Step 4: the receipt of the application just submitted in this browser session."""
    public_hex = request.session.get(SESSION_RECEIPT)
    application = (
        JoinApplication.objects.select_related("org").filter(public_id=public_hex).first()
        if public_hex
        else None
    )
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


def join_resubmit(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the rejection SMS: prove the phone on file, then correct and resubmit."""
    application = join_application_for_token(token)
    if application is None:
        raise Http404
    context: dict[str, Any] = {"application": application, "token": token}
    if application.status != JoinStatus.REJECTED:
        return render(request, "members/join/resubmit.html", context)
    unlocked = request.session.get(SESSION_UNLOCKED) == application.public_id.hex
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "send_code":
        phone = request.POST.get("phone", "") if unlocked else application.phone
        context["code_message"], context["code_sent"] = _send_code(request, phone)
    if not unlocked:
        unlock_form = UnlockForm(request.POST if action == "unlock" else None)
        if action == "unlock" and unlock_form.is_valid():
            try:
                join_resubmit_unlock(application=application, sms_code=unlock_form.cleaned_data["sms_code"])
            except ValidationError as exc:
                apply_validation_error(unlock_form, exc)
            else:
                request.session[SESSION_UNLOCKED] = application.public_id.hex
                return redirect("members:join_resubmit", token=token)
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
    if action == "submit" and form.is_valid():
        try:
            join_application_resubmit(
                application=application,
                applicant=form.applicant(),
                sms_code=form.cleaned_data["sms_code"],
                phone_proven=True,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            request.session.pop(SESSION_UNLOCKED, None)
            request.session[SESSION_RECEIPT] = application.public_id.hex
            return redirect("members:join_done")
    context["form"] = form
    return render(request, "members/join/resubmit.html", context)


def join_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """撤回入会申请, reached by the signed link (receipt page or rejection SMS): a confirmation page where the
    applicant proves the phone on file with an SMS code (not again if this session unlocked the resubmission
    page) and may give a reason."""
    application = join_application_for_token(token)
    if application is None:
        raise Http404
    context: dict[str, Any] = {"application": application, "token": token}
    if application.status not in (JoinStatus.SUBMITTED, JoinStatus.REJECTED):
        return render(request, "members/join/withdraw.html", context)
    unlocked = request.session.get(SESSION_UNLOCKED) == application.public_id.hex
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "send_code":
        context["code_message"], context["code_sent"] = _send_code(request, application.phone)
        form = WithdrawForm(initial=request.POST.dict(), phone_proven=unlocked)
    else:
        form = WithdrawForm(request.POST if action == "withdraw" else None, phone_proven=unlocked)
    if action == "withdraw" and form.is_valid():
        sms_code = form.cleaned_data.get("sms_code", "")
        if not unlocked and not sms_code:
            form.add_error("sms_code", "请填写短信验证码")
        else:
            try:
                join_application_withdraw(
                    application=application,
                    sms_code=sms_code,
                    phone_proven=unlocked,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                request.session.pop(SESSION_UNLOCKED, None)
                messages.success(request, "入会申请已撤回")
                return redirect("members:join_withdraw", token=token)
    context["form"] = form
    return render(request, "members/join/withdraw.html", context)


# --- console: join applications ---------------------------------------------------------------------------


@console_view(VIEW)
def join_application_list(request: HttpRequest) -> HttpResponse:
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
def join_application_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    application = join_application_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/join/application_detail.html",
        {
            "application": application,
            "timeline": timeline_for(application),
            "state_labels": JOIN_STATE_LABELS,
            "can_manage": has_action(request.user, MANAGE, application.org),
            "reject_form": ReasonForm(),
        },
    )


@require_POST
@console_view(MANAGE)
def join_application_approve_view(request: HttpRequest, public_id: str) -> HttpResponse:
    application = join_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    try:
        member = join_application_approve(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, f"已批准 {member.name} 入会，会员编号 {member.member_number}")
    return htmx_redirect(request, reverse("members:join_application_detail", args=[application.public_id]))


@console_view(MANAGE)
def join_application_reject_view(request: HttpRequest, public_id: str) -> HttpResponse:
    application = join_application_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = ReasonForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            join_application_reject(
                application=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                link_base=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已驳回，申请人将收到短信通知")
            return htmx_redirect(
                request, reverse("members:join_application_detail", args=[application.public_id])
            )
    return render(
        request,
        "members/join/application_reject.html",
        {"application": application, "form": form},
    )


# --- console: transfers ------------------------------------------------------------------------------------


@console_view(VIEW)
def transfer_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in TransferStatus.values:
        status = ""
    direction = request.GET.get("direction", "")
    if direction not in ("in", "out"):
        direction = ""
    page = paginate(request, transfer_list_for_user(user=request.user, status=status, direction=direction))
    # 办理转会: find an active member of one's own unions by name, phone or ID suffix
    member_query = request.GET.get("member_q", "").strip()[:50]
    candidates = (
        list(
            member_list_for_user(
                user=request.user, query=member_query, status=MemberStatus.ACTIVE, action=MANAGE
            )[:10]
        )
        if member_query
        else []
    )
    return render(
        request,
        "members/transfers/transfer_list.html",
        {
            "page": page,
            "status": status,
            "direction": direction,
            "statuses": TransferStatus.choices,
            "querystring": query_without_page(request),
            "member_query": member_query,
            "candidates": candidates,
        },
    )


@console_view(MANAGE)
def transfer_create(request: HttpRequest, member_public_id: str) -> HttpResponse:
    """The old union starts a transfer for one of its members."""
    member = member_get_for_user(user=request.user, public_id=member_public_id, action=MANAGE)
    form = TransferForm(posted_data(request), exclude_org=member.org)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfer_request(
                member=member,
                actor=request.user,
                to_org=form.cleaned_data["to_org"],
                to_org_outside=form.cleaned_data["to_org_outside"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已提交转会申请")
            return htmx_redirect(request, reverse("members:transfer_detail", args=[transfer.public_id]))
    return render(request, "members/transfers/transfer_form.html", {"member": member, "form": form})


@console_view(VIEW)
def transfer_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/transfers/transfer_detail.html",
        {
            "transfer": transfer,
            "timeline": timeline_for(transfer),
            "state_labels": TRANSFER_STATE_LABELS,
            "actions": transfer_available_actions(transfer, request.user),
        },
    )


def _transfer_done(request: HttpRequest, transfer: Any) -> HttpResponse:
    return htmx_redirect(request, reverse("members:transfer_detail", args=[transfer.public_id]))


@require_POST
@console_view(MANAGE)
def transfer_approve_out_view(request: HttpRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id, action=MANAGE, side="from")
    try:
        done = transfer_approve_out(transfer=transfer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        if done.status == TransferStatus.COMPLETED:
            messages.success(request, f"已同意转出，介绍信编号 {done.letter_number}")
        else:
            messages.success(request, "已同意转出，等待转入方审批")
    return _transfer_done(request, transfer)


@console_view(VIEW)
def transfer_approve_in_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """GET: the confirmation page (for whoever may approve it on the receiving side); POST: 转入方同意."""
    transfer = transfer_get_for_user(user=request.user, public_id=public_id)
    if not transfer_action_permitted(transfer, request.user, TransferAction.APPROVE_IN):
        raise PermissionDenied
    if request.method == "POST":
        try:
            transfer_approve_in(transfer=transfer, actor=request.user)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, f"已同意转入，{transfer.member.name} 的会籍已转至 {transfer.to_org}")
        return _transfer_done(request, transfer)
    return render(
        request,
        "members/transfers/transfer_confirm.html",
        {
            "transfer": transfer,
            "allowed": TransferAction.APPROVE_IN in transfer_available_actions(transfer, request.user),
        },
    )


@console_view(VIEW)
def transfer_reject_view(request: HttpRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id)
    if not transfer_action_permitted(transfer, request.user, TransferAction.REJECT):
        raise PermissionDenied
    form = ReasonForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            transfer_reject(transfer=transfer, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已填写不同意意见")
            return _transfer_done(request, transfer)
    return render(
        request,
        "members/transfers/transfer_reject.html",
        {
            "transfer": transfer,
            "form": form,
            "allowed": TransferAction.REJECT in transfer_available_actions(transfer, request.user),
        },
    )


@require_POST
@console_view(MANAGE)
def transfer_cancel_view(request: HttpRequest, public_id: str) -> HttpResponse:
    transfer = transfer_get_for_user(user=request.user, public_id=public_id, action=MANAGE, side="from")
    try:
        transfer_cancel(transfer=transfer, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已撤销转会")
    return _transfer_done(request, transfer)


@console_view(VIEW)
def transfer_letter(request: HttpRequest, public_id: str) -> HttpResponse:
    """组织关系介绍信 (PDF) of a completed transfer to a union outside the platform; printed by the old union."""
    transfer = transfer_get_for_user(user=request.user, public_id=public_id, side="from")
    if not transfer.letter_number:
        messages.error(request, "该转会没有组织关系介绍信")
        return redirect("members:transfer_detail", public_id=transfer.public_id)
    pdf = transfer_letter_pdf(transfer=transfer)
    return pdf_response(pdf, f"组织关系介绍信-{transfer.member.name}.pdf")


# --- portal: the member's own transfers and corrections ----------------------------------------------------


@portal_view
def transfer_mine(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = TransferForm(posted_data(request), exclude_org=member.org)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_request(
                member=member,
                actor=request.user,
                to_org=form.cleaned_data["to_org"],
                to_org_outside=form.cleaned_data["to_org_outside"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "转会申请已提交，请等待工会审批")
            return redirect("members:transfer_mine")
    transfers = list(transfer_list_for_member(member=member))
    return render(
        request,
        "members/transfers/mine.html",
        {
            "member": member,
            "form": form,
            "transfers": transfers,
            "has_open": any(t.status in OPEN_TRANSFER for t in transfers),
            "tab": "services",
        },
    )


@portal_view
def transfer_mine_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    transfer = transfer_get_for_member(member=member, public_id=public_id)
    if request.method == "POST":
        try:
            transfer_cancel(transfer=transfer, actor=request.user)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, "已撤销转会申请")
    return redirect("members:transfer_mine")


@portal_view
def correction_mine(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    # the form starts from the record (unchanged values are dropped by the service); the phone stays blank
    current = {field: getattr(member, field) for field in CORRECTABLE_FIELDS if field != "phone"}
    form = CorrectionForm(posted_data(request), initial=current)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            correction_request_submit(member=member, actor=request.user, changes=data, note=note)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "更正申请已提交，请等待工会审核")
            return redirect("members:correction_mine")
    corrections = [(c, correction_changes_display(c)) for c in correction_list_for_member(member=member)[:20]]
    return render(
        request,
        "members/corrections/mine.html",
        {
            "member": member,
            "form": form,
            "corrections": corrections,
            "has_open": any(c.status == CorrectionStatus.SUBMITTED for c, _ in corrections),
            "tab": "services",
        },
    )


# --- console: corrections ----------------------------------------------------------------------------------


@console_view(VIEW)
def correction_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in CorrectionStatus.values:
        status = ""
    page = paginate(request, correction_list_for_user(user=request.user, status=status))
    return render(
        request,
        "members/corrections/correction_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "querystring": query_without_page(request),
            "labels": CORRECTABLE_FIELDS,
        },
    )


@console_view(VIEW)
def correction_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    correction = correction_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/corrections/correction_detail.html",
        {
            "correction": correction,
            "changes": correction_changes_display(correction),
            "timeline": timeline_for(correction),
            "state_labels": CORRECTION_STATE_LABELS,
            "can_manage": has_action(request.user, MANAGE, correction.member.org),
        },
    )


@require_POST
@console_view(MANAGE)
def correction_approve_view(request: HttpRequest, public_id: str) -> HttpResponse:
    correction = correction_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    try:
        correction_request_approve(correction=correction, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已同意更正，会员信息已更新")
    return htmx_redirect(request, reverse("members:correction_detail", args=[correction.public_id]))


@console_view(MANAGE)
def correction_reject_view(request: HttpRequest, public_id: str) -> HttpResponse:
    correction = correction_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = ReasonForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            correction_request_reject(
                correction=correction, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已填写不同意意见")
            return htmx_redirect(request, reverse("members:correction_detail", args=[correction.public_id]))
    return render(
        request,
        "members/corrections/correction_reject.html",
        {"correction": correction, "form": form, "changes": correction_changes_display(correction)},
    )


urlpatterns: list[URLPattern] = [
    # public: 网上入会
    path("join/", join_start, name="join_start"),
    path("join/unit/", join_unit, name="join_unit"),
    path("join/unit/search/", join_unit_search, name="join_unit_search"),
    path("join/apply/", join_apply, name="join_apply"),
    path("join/done/", join_done, name="join_done"),
    path("join/resubmit/<str:token>/", join_resubmit, name="join_resubmit"),
    path("join/withdraw/<str:token>/", join_withdraw, name="join_withdraw"),
    # console: join applications
    path("join-applications/", join_application_list, name="join_application_list"),
    path("join-applications/<uuid:public_id>/", join_application_detail, name="join_application_detail"),
    path(
        "join-applications/<uuid:public_id>/approve/",
        join_application_approve_view,
        name="join_application_approve",
    ),
    path(
        "join-applications/<uuid:public_id>/reject/",
        join_application_reject_view,
        name="join_application_reject",
    ),
    # console and portal: transfers
    path("transfers/", transfer_list, name="transfer_list"),
    path("transfers/mine/", transfer_mine, name="transfer_mine"),
    path("transfers/mine/<uuid:public_id>/cancel/", transfer_mine_cancel, name="transfer_mine_cancel"),
    path("transfers/new/<uuid:member_public_id>/", transfer_create, name="transfer_create"),
    path("transfers/<uuid:public_id>/", transfer_detail, name="transfer_detail"),
    path("transfers/<uuid:public_id>/approve-out/", transfer_approve_out_view, name="transfer_approve_out"),
    path("transfers/<uuid:public_id>/approve-in/", transfer_approve_in_view, name="transfer_approve_in"),
    path("transfers/<uuid:public_id>/reject/", transfer_reject_view, name="transfer_reject"),
    path("transfers/<uuid:public_id>/cancel/", transfer_cancel_view, name="transfer_cancel"),
    path("transfers/<uuid:public_id>/letter/", transfer_letter, name="transfer_letter"),
    # portal and console: corrections
    path("corrections/", correction_list, name="correction_list"),
    path("corrections/mine/", correction_mine, name="correction_mine"),
    path("corrections/<uuid:public_id>/", correction_detail, name="correction_detail"),
    path("corrections/<uuid:public_id>/approve/", correction_approve_view, name="correction_approve"),
    path("corrections/<uuid:public_id>/reject/", correction_reject_view, name="correction_reject"),
]
