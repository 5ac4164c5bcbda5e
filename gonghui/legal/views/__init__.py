"""Console pages of 法律服务: consultations, legal-aid applications, the 律师库, statistics and exports.
Thin: selectors read, services write."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action
from gonghui.accounts.workspace import current_org
from gonghui.attachments.selectors import attachments_of
from gonghui.core.audit import AuditContext
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.statistics import statistics_context
from gonghui.core.timeline import timeline_for
from gonghui.core.workflow import Workflow
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_ancestors

from ..charts import stats_charts
from ..choices import (
    AidAction,
    AidOutcome,
    AidStatus,
    ConsultationAction,
    ConsultationStatus,
    DisputeType,
    LegalCategory,
)
from ..forms import (
    AidRecordForm,
    AnswerForm,
    ConsultationRecordForm,
    LawyerChoiceForm,
    LawyerForm,
    OutcomeForm,
    PublishForm,
    ReasonForm,
)
from ..models import Consultation, Lawyer, LegalAidApplication
from ..permissions import HANDLE, MANAGE_LAWYERS, VIEW, Case, can_manage_lawyer
from ..selectors import (
    aid_get_for_user,
    aid_list_for_user,
    aid_review_state,
    consultation_get_for_user,
    consultation_list_for_user,
    handler_orgs,
    lawyer_get_for_user,
    lawyer_list_for_user,
    lawyer_registry_orgs,
    lawyers_available_for,
)
from ..services import (
    AID_WORKFLOW,
    CONSULTATION_WORKFLOW,
    aid_approve,
    aid_close,
    aid_reassign,
    aid_record,
    aid_reject,
    consultation_answer,
    consultation_assign,
    consultation_publish,
    consultation_record,
    consultation_unpublish,
    lawyer_create,
    lawyer_set_active,
    lawyer_update,
)
from ..spreadsheets import (
    PERIODS,
    STATISTICS,
    StatisticsParams,
    aid_filters,
    consultation_filters,
    statistics_for,
    statistics_params,
)

STATE_LABELS = {
    **{str(s.value): str(s.label) for s in ConsultationStatus},
    **{str(s.value): str(s.label) for s in AidStatus},
}
STATUS_BADGES = {
    ConsultationStatus.PENDING: "bg-yellow-lt",
    ConsultationStatus.ANSWERED: "bg-green-lt",
    ConsultationStatus.PUBLISHED: "bg-azure-lt",
    AidStatus.SUBMITTED: "bg-yellow-lt",
    AidStatus.APPROVED: "bg-azure-lt",
    AidStatus.REJECTED: "bg-red-lt",
    AidStatus.CLOSED: "bg-green-lt",
}


def _refusal(workflow: Workflow, case: Case, action: str, user: Actor) -> str:
    """Why the workflow table refuses the action on the case now, in the words the service would use ("当前状态
    “已解答”下不能执行“指派律师”"); empty when it is allowed. An actor the transition does not allow gets the
    table's PermissionDenied (403), as the POST would."""
    try:
        workflow.check(case, action=action, actor=user)
    except ValidationError as exc:
        return validation_error_text(exc)
    return ""


# --- 法律咨询 ---------------------------------------------------------------------------------------------


@console_view(VIEW)
def consultation_list(request: AuthedRequest) -> HttpResponse:
    filters = consultation_filters(request.GET)
    page = paginate(request, consultation_list_for_user(user=request.user, **filters))
    context = {
        "page": page,
        "querystring": query_without_page(request),
        **filters,
        "statuses": ConsultationStatus.choices,
        "categories": LegalCategory.choices,
        "badges": STATUS_BADGES,
        "can_record": handler_orgs(user=request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "legal/partials/consultation_table.html", context)
    return render(request, "legal/consultation_list.html", context)


@console_view(HANDLE)
def consultation_create(request: AuthedRequest) -> HttpResponse:
    orgs = handler_orgs(user=request.user)
    here = current_org(request)
    initial = {"org": here.pk} if here is not None and orgs.filter(pk=here.pk).exists() else {}
    form = ConsultationRecordForm(posted_data(request), orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: consultation_record(
            org=data["org"],
            asker_name=data["asker_name"],
            asker_phone=data["asker_phone"],
            channel=data["channel"],
            question=form.question_input(),
            actor=request.user,
        ),
        success=lambda consultation: f"已登记法律咨询 {consultation.number}",
        then=_consultation_url,
    )
    return done or render(
        request, "legal/form.html", {"form": form, "title": "登记法律咨询", "back": "legal:consultation_list"}
    )


def _consultation_url(consultation: Consultation) -> str:
    return reverse("legal:consultation_detail", args=[consultation.public_id])


@console_view(VIEW)
def consultation_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = consultation_get_for_user(user=request.user, public_id=public_id)
    context = {
        "consultation": consultation,
        "can_answer": CONSULTATION_WORKFLOW.can(consultation, "answer", request.user),
        "can_publish": CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.PUBLISH, request.user)
        and consultation.publish_consent,
        "can_unpublish": CONSULTATION_WORKFLOW.can(consultation, "unpublish", request.user),
        "can_assign": CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.ASSIGN, request.user),
        "timeline": timeline_for(consultation),
        "state_labels": STATE_LABELS,
        "badges": STATUS_BADGES,
    }
    return render(request, "legal/consultation_detail.html", context)


@console_view(HANDLE)
def consultation_answer_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = consultation_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    if not CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.ANSWER, request.user):
        messages.error(request, f"当前状态“{consultation.get_status_display()}”下不能解答")
        return htmx_redirect(request, _consultation_url(consultation))
    form = AnswerForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: consultation_answer(
            consultation=consultation, answer=data["answer"], actor=request.user
        ),
        success="已解答，咨询人已收到通知",
        then=_consultation_url(consultation),
    )
    if done is not None:
        return done
    return render(
        request,
        "legal/consultation_action.html",
        {"consultation": consultation, "form": form, "title": "解答", "submit": "提交解答"},
    )


@console_view(HANDLE)
def consultation_assign_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = consultation_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    refused = _refusal(CONSULTATION_WORKFLOW, consultation, ConsultationAction.ASSIGN, request.user)
    if refused:
        messages.error(request, refused)
        return htmx_redirect(request, _consultation_url(consultation))
    form = LawyerChoiceForm(posted_data(request), lawyers=lawyers_available_for(consultation.org))
    del form.fields["note"]
    done = form_perform(
        request,
        form,
        lambda data: consultation_assign(
            consultation=consultation, lawyer=data["lawyer"], actor=request.user
        ),
        success="已指派律师，律师已收到通知",
        then=_consultation_url(consultation),
    )
    if done is not None:
        return done
    return render(
        request,
        "legal/consultation_action.html",
        {"consultation": consultation, "form": form, "title": "指派律师", "submit": "指派"},
    )


@console_view(HANDLE)
def consultation_publish_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = consultation_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    if (
        not CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.PUBLISH, request.user)
        or not consultation.publish_consent
    ):
        messages.error(request, "只有咨询人同意公开的已解答咨询可以公开")
        return htmx_redirect(request, _consultation_url(consultation))
    initial = {
        "published_title": consultation.title,
        "published_question": consultation.question,
        "published_answer": consultation.answer,
    }
    form = PublishForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: consultation_publish(
            consultation=consultation,
            title=data["published_title"],
            question=data["published_question"],
            answer=data["published_answer"],
            actor=request.user,
        ),
        success="已匿名公开到常见问题",
        then=_consultation_url(consultation),
    )
    if done is not None:
        return done
    return render(
        request,
        "legal/consultation_action.html",
        {
            "consultation": consultation,
            "form": form,
            "title": "公开到常见问题",
            "submit": "公开",
        },
    )


@console_view(HANDLE)
def consultation_unpublish_view(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = consultation_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    if not CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.UNPUBLISH, request.user):
        messages.error(request, "该咨询未公开")
        return htmx_redirect(request, _consultation_url(consultation))
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: consultation_unpublish(
            consultation=consultation, reason=data["reason"], actor=request.user
        ),
        success="已从常见问题撤回",
        then=_consultation_url(consultation),
    )
    return done or render(
        request,
        "legal/consultation_action.html",
        {"consultation": consultation, "form": form, "title": "撤回公开", "submit": "撤回", "danger": True},
    )


# --- 法律援助申请 -----------------------------------------------------------------------------------------


@console_view(VIEW)
def application_list(request: AuthedRequest) -> HttpResponse:
    filters = aid_filters(request.GET)
    page = paginate(request, aid_list_for_user(user=request.user, **filters))
    today = timezone.localdate()
    context = {
        "page": page,
        "rows": [(a, aid_review_state(a, today)) for a in page],
        "querystring": query_without_page(request),
        **filters,
        "statuses": AidStatus.choices,
        "dispute_types": DisputeType.choices,
        "outcomes": AidOutcome.choices,
        "badges": STATUS_BADGES,
        "can_record": handler_orgs(user=request.user).exists(),
    }
    if htmx_partial(request):
        return render(request, "legal/partials/application_table.html", context)
    return render(request, "legal/application_list.html", context)


@console_view(HANDLE)
def application_create(request: AuthedRequest) -> HttpResponse:
    orgs = handler_orgs(user=request.user)
    here = current_org(request)
    initial = {"org": here.pk} if here is not None and orgs.filter(pk=here.pk).exists() else {}
    data = posted_data(request)
    form = AidRecordForm(data, request.FILES if data is not None else None, orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda cleaned: aid_record(
            org=cleaned["org"],
            applicant_name=cleaned["applicant_name"],
            applicant_phone=cleaned["applicant_phone"],
            channel=cleaned["channel"],
            request=form.aid_input(),
            files=cleaned["income_proofs"],
            actor=request.user,
        ),
        success=lambda application: (
            f"已登记法律援助申请 {application.number}，审查期限 {application.review_due_on:%Y年%-m月%-d日}"
        ),
        then=_application_url,
    )
    return done or render(
        request,
        "legal/form.html",
        {"form": form, "title": "登记法律援助申请", "back": "legal:application_list", "multipart": True},
    )


def _application_url(application: LegalAidApplication) -> str:
    return reverse("legal:application_detail", args=[application.public_id])


@console_view(VIEW)
def application_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = aid_get_for_user(user=request.user, public_id=public_id)
    context = {
        "application": application,
        "review_state": aid_review_state(application),
        "can_review": AID_WORKFLOW.can(application, "approve", request.user),
        "can_close": AID_WORKFLOW.can(application, "close", request.user),
        "can_reassign": AID_WORKFLOW.can(application, AidAction.REASSIGN, request.user),
        "attachments": attachments_of(application),
        "timeline": timeline_for(application),
        "state_labels": STATE_LABELS,
        "badges": STATUS_BADGES,
    }
    return render(request, "legal/application_detail.html", context)


def _application_action(
    request: AuthedRequest,
    application: LegalAidApplication,
    form: Any,
    *,
    title: str,
    submit: str,
    danger: bool = False,
) -> HttpResponse:
    return render(
        request,
        "legal/application_action.html",
        {"application": application, "form": form, "title": title, "submit": submit, "danger": danger},
    )


@console_view(HANDLE)
def application_approve(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = aid_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    if not AID_WORKFLOW.can(application, AidAction.APPROVE, request.user):
        messages.error(request, f"当前状态“{application.get_status_display()}”下不能审查")
        return htmx_redirect(request, _application_url(application))
    form = LawyerChoiceForm(posted_data(request), lawyers=lawyers_available_for(application.org))
    done = form_perform(
        request,
        form,
        lambda data: aid_approve(
            application=application,
            lawyer=data["lawyer"],
            note=data["note"],
            actor=request.user,
        ),
        success="已批准援助，申请人和律师已收到通知",
        then=_application_url(application),
    )
    if done is not None:
        return done
    return _application_action(request, application, form, title="批准援助并指派律师", submit="批准")


@console_view(HANDLE)
def application_reject(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = aid_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    if not AID_WORKFLOW.can(application, AidAction.REJECT, request.user):
        messages.error(request, f"当前状态“{application.get_status_display()}”下不能审查")
        return htmx_redirect(request, _application_url(application))
    form = ReasonForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: aid_reject(application=application, reason=data["reason"], actor=request.user),
        success="已决定不予援助，申请人已收到通知",
        then=_application_url(application),
    )
    if done is not None:
        return done
    return _application_action(
        request, application, form, title="不予援助", submit="确定不予援助", danger=True
    )


@console_view(HANDLE)
def application_reassign(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = aid_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    refused = _refusal(AID_WORKFLOW, application, AidAction.REASSIGN, request.user)
    if refused:
        messages.error(request, refused)
        return htmx_redirect(request, _application_url(application))
    lawyers = lawyers_available_for(application.org).exclude(id=application.assigned_lawyer_id or 0)
    form = LawyerChoiceForm(posted_data(request), lawyers=lawyers)
    done = form_perform(
        request,
        form,
        lambda data: aid_reassign(
            application=application,
            lawyer=data["lawyer"],
            note=data["note"],
            actor=request.user,
        ),
        success="已更换承办律师",
        then=_application_url(application),
    )
    if done is not None:
        return done
    return _application_action(request, application, form, title="更换承办律师", submit="更换")


@console_view(HANDLE)
def application_outcome(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = aid_get_for_user(user=request.user, public_id=public_id, action=HANDLE)
    if not AID_WORKFLOW.can(application, AidAction.CLOSE, request.user):
        messages.error(request, "只有援助中的案件可以登记结果")
        return htmx_redirect(request, _application_url(application))
    form = OutcomeForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: aid_close(application=application, actor=request.user, **data),
        success="已登记办理结果并结案",
        then=_application_url(application),
    )
    if done is not None:
        return done
    return _application_action(request, application, form, title="登记办理结果", submit="结案")


def _stats_params(request: AuthedRequest) -> StatisticsParams:
    here = current_org(request)
    return statistics_params(
        user=request.user, params=request.GET, current=here if isinstance(here, Org) else None
    )


@console_view(VIEW)
def statistics(request: AuthedRequest) -> HttpResponse:
    params = _stats_params(request)
    stats = statistics_for(user=request.user, params=params)
    root = params.root
    page = statistics_context(
        title="法律服务统计",
        url=reverse("legal:statistics"),
        export_url=reverse("spreadsheets:export_start", args=[STATISTICS]),
        query={"year": params.year, "period": params.period},
        root=root,
        ancestors=[a for a in org_ancestors(root) if has_action(request.user, VIEW, a)],
        children=stats.by_org,
    )
    today = timezone.localdate()
    context = {
        **page,
        "stats": stats,
        "params": params,
        "years": list(range(today.year, today.year - 5, -1)),
        "periods": [(code, label) for code, label, _, _ in PERIODS],
        "charts": stats_charts(stats, child_urls=page["child_urls"]),
        "consultation_rows": [
            (label, stats.consultations_by_status[v]) for v, label in ConsultationStatus.choices
        ],
        "application_rows": [(label, stats.applications_by_status[v]) for v, label in AidStatus.choices],
        "outcome_rows": [(label, stats.outcomes[v]) for v, label in AidOutcome.choices],
    }
    return render(request, "legal/statistics.html", context)


# --- 律师库 -----------------------------------------------------------------------------------------------


@console_view(VIEW)
def lawyer_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    state = request.GET.get("active", "")
    active = {"yes": True, "no": False}.get(state)
    page = paginate(request, lawyer_list_for_user(user=request.user, query=query, active=active))
    context = {
        "page": page,
        "querystring": query_without_page(request),
        "query": query,
        "active": state,
        "can_create": lawyer_registry_orgs(user=request.user).exists(),
    }
    return render(request, "legal/lawyer_list.html", context)


@console_view(MANAGE_LAWYERS)
def lawyer_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = lawyer_registry_orgs(user=request.user)
    here = current_org(request)
    initial = {"org": here.pk} if here is not None and orgs.filter(pk=here.pk).exists() else {}
    form = LawyerForm(posted_data(request), orgs=orgs, initial=initial)

    def registered(created: tuple[Lawyer, str]) -> str:
        lawyer, temporary = created
        text = f"已登记律师 {lawyer.name}"
        if temporary:
            text += f"，登录账号 {form.cleaned_data['username']}，临时密码 {temporary}（首次登录须修改，请转告律师）"
        return text

    done = form_perform(
        request,
        form,
        lambda data: lawyer_create(
            org=data["org"],
            data={k: v for k, v in data.items() if k not in ("org", "username")},
            username=data["username"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=registered,
        then=lambda created: reverse("legal:lawyer_detail", args=[created[0].public_id]),
    )
    return done or render(
        request, "legal/form.html", {"form": form, "title": "登记律师", "back": "legal:lawyer_list"}
    )


@console_view(VIEW)
def lawyer_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    lawyer = lawyer_get_for_user(user=request.user, public_id=public_id)
    context = {
        "lawyer": lawyer,
        "can_manage": can_manage_lawyer(request.user, lawyer),
        "consultations": Consultation.objects.visible_to(request.user, VIEW)
        .filter(assigned_lawyer=lawyer)
        .count(),
        "applications": LegalAidApplication.objects.visible_to(request.user, VIEW)
        .filter(assigned_lawyer=lawyer)
        .count(),
        "timeline": timeline_for(lawyer),
        "reason_form": ReasonForm(),
    }
    return render(request, "legal/lawyer_detail.html", context)


@console_view(MANAGE_LAWYERS)
def lawyer_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    lawyer = lawyer_get_for_user(user=request.user, public_id=public_id, action=MANAGE_LAWYERS)
    initial = {
        name: getattr(lawyer, name) for name in ("name", "firm", "licence_number", "phone", "specialties")
    }
    form = LawyerForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: lawyer_update(
            lawyer=lawyer,
            data=data,
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=reverse("legal:lawyer_detail", args=[lawyer.public_id]),
    )
    if done is not None:
        return done
    return render(
        request,
        "legal/form.html",
        {"form": form, "title": f"修改律师 · {lawyer.name}", "back": "legal:lawyer_list"},
    )


def _lawyer_set_active(request: AuthedRequest, public_id: Any, *, active: bool) -> HttpResponse:
    lawyer: Lawyer = lawyer_get_for_user(user=request.user, public_id=public_id, action=MANAGE_LAWYERS)
    try:
        lawyer_set_active(
            lawyer=lawyer,
            active=active,
            reason=request.POST.get("reason", ""),
            actor=request.user,
            context=AuditContext.of(request),
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "已恢复" if active else "已停用，该律师不再接受新的指派")
    return htmx_redirect(request, reverse("legal:lawyer_detail", args=[lawyer.public_id]))


@require_POST
@console_view(MANAGE_LAWYERS)
def lawyer_deactivate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return _lawyer_set_active(request, public_id, active=False)


@require_POST
@console_view(MANAGE_LAWYERS)
def lawyer_reactivate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return _lawyer_set_active(request, public_id, active=True)
