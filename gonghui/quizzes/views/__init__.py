"""Console pages of 网上答题: banks and questions (with file import and preview), activities and their rules,
ranking, unit boards, non-participants and reminders, per-question correct rates, attempts."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action, has_action_anywhere, require_action
from gonghui.core.audit import AuditContext
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial, htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_list_for_user

from .. import selectors, services
from ..choices import ActivityAction, ActivityPhase, ActivityStatus, QuestionType
from ..forms import ActivityForm, BankForm, CancelForm, ImportForm, QuestionForm
from ..models import MANAGE, VIEW
from ..parsing import ParsedQuestion, ParseResult, QuestionsReadError
from ..permissions import can_manage_bank
from ..question_files import questions_parse_bytes
from ..questions import LETTERS, stem_key
from ..workflows import ACTIVITY_WORKFLOW, activity_available_actions

IMPORT_SALT = "quizzes.import"
IMPORT_MAX_AGE = 3600
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _manage_orgs(request: AuthedRequest) -> Any:
    return org_list_for_user(user=request.user, action=MANAGE, status="active")


# ---- banks ------------------------------------------------------------------------------------------------


@console_view(VIEW)
def bank_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.bank_list_for_user(user=request.user, q=q))
    context = {
        "page": page,
        "q": q,
        "querystring": query_without_page(request),
        "can_create": has_action_anywhere(request.user, MANAGE),
    }
    if htmx_partial(request):
        return render(request, "quizzes/partials/bank_table.html", context)
    return render(request, "quizzes/bank_list.html", context)


@console_view(MANAGE)
def bank_create(request: AuthedRequest) -> HttpResponse:
    form = BankForm(posted_data(request), orgs=_manage_orgs(request))
    done = form_perform(
        request,
        form,
        lambda data: services.bank_create(
            org=data["org"],
            name=data["name"],
            description=data["description"],
            shared_with_subtree=data["shared_with_subtree"],
            actor=request.user,
        ),
        success=lambda bank: f"已新建题库“{bank.name}”",
        then=lambda bank: bank.get_absolute_url(),
    )
    return done or render(
        request, "quizzes/form.html", {"form": form, "title": "新建题库", "back": "quizzes:bank_list"}
    )


@console_view(VIEW)
def bank_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    bank = selectors.bank_get_for_user(user=request.user, pk=pk)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "type", "category")}
    page = paginate(request, selectors.question_list(bank=bank, **filters))
    context = {
        "bank": bank,
        "page": page,
        "filters": filters,
        "types": QuestionType.choices,
        "categories": selectors.bank_categories(bank),
        "querystring": query_without_page(request),
        "can_manage": can_manage_bank(request.user, bank),
        "timeline": timeline_for(bank).order_by("-created_at")[:20],
    }
    if htmx_partial(request):
        return render(request, "quizzes/partials/question_table.html", context)
    return render(request, "quizzes/bank_detail.html", context)


@console_view(MANAGE)
def bank_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    bank = selectors.bank_get_for_user(user=request.user, pk=pk, action=MANAGE)
    initial = {
        "name": bank.name,
        "description": bank.description,
        "shared_with_subtree": bank.shared_with_subtree,
    }
    form = BankForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: services.bank_update(
            bank=bank, actor=request.user, context=AuditContext.of(request), **data
        ),
        success="题库已保存",
        then=bank.get_absolute_url(),
    )
    return done or render(
        request,
        "quizzes/form.html",
        {"form": form, "title": f"修改题库：{bank.name}", "back_url": bank.get_absolute_url()},
    )


def _question_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The question form's fields but the option lines (`QuestionForm.options()` gathers those)."""
    return {k: v for k, v in data.items() if not k.startswith("option_")}


@console_view(MANAGE)
def question_create(request: AuthedRequest, pk: int) -> HttpResponse:
    bank = selectors.bank_get_for_user(user=request.user, pk=pk, action=MANAGE)
    form = QuestionForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.question_create(
            bank=bank, actor=request.user, options=form.options(), **_question_fields(data)
        ),
        success="已新增试题",
        then=bank.get_absolute_url(),
    )
    return done or render(
        request,
        "quizzes/form.html",
        {"form": form, "title": f"新增试题：{bank.name}", "back_url": bank.get_absolute_url()},
    )


@console_view(MANAGE)
def question_edit(request: AuthedRequest, pk: int, question_id: int) -> HttpResponse:
    bank = selectors.bank_get_for_user(user=request.user, pk=pk, action=MANAGE)
    question = selectors.question_get(bank=bank, pk=question_id)
    form = QuestionForm(posted_data(request), initial=QuestionForm.initial_for(question))
    done = form_perform(
        request,
        form,
        lambda data: services.question_update(
            question=question,
            actor=request.user,
            context=AuditContext.of(request),
            options=form.options(),
            **_question_fields(data),
        ),
        success="试题已保存",
        then=bank.get_absolute_url(),
    )
    return done or render(
        request, "quizzes/form.html", {"form": form, "title": "修改试题", "back_url": bank.get_absolute_url()}
    )


@require_POST
@console_view(MANAGE)
def question_toggle(request: AuthedRequest, pk: int, question_id: int) -> HttpResponse:
    bank = selectors.bank_get_for_user(user=request.user, pk=pk, action=MANAGE)
    question = selectors.question_get(bank=bank, pk=question_id)
    services.question_set_active(question=question, active=not question.is_active, actor=request.user)
    messages.success(request, "已启用试题" if question.is_active else "已停用试题")
    return htmx_redirect(request, bank.get_absolute_url())


def _preview_rows(bank: Any, result: ParseResult) -> list[dict[str, Any]]:
    existing = selectors.bank_stem_keys(bank)
    rows = []
    for index, parsed in enumerate(result.questions, start=1):
        rows.append(
            {
                "index": index,
                "q": parsed,
                "type_label": QuestionType(parsed.type).label,
                "duplicate": stem_key(parsed.stem) in existing,
                "options": list(zip(LETTERS, parsed.options, strict=False)),
            }
        )
    return rows


@console_view(MANAGE)
def bank_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload a file or paste text (the same parser entry point reads both) → preview (each parsed question and each
    problem, nothing saved) → confirm (saves; duplicates skipped and reported)."""
    bank = selectors.bank_get_for_user(user=request.user, pk=pk, action=MANAGE)
    form = ImportForm(posted_data(request), request.FILES or None)
    context: dict[str, Any] = {"bank": bank, "form": form}
    if request.method == "POST" and request.POST.get("payload"):
        try:
            data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, "预览已过期，请重新上传文件")
            return redirect("quizzes:bank_import", pk=bank.pk)
        result = ParseResult(questions=[ParsedQuestion(**q) for q in data])
        outcome = services.questions_import(bank=bank, result=result, actor=request.user)
        messages.success(
            request, f"已导入 {outcome.created} 题；跳过 {outcome.skipped} 题（题库中已有相同题干或不合格）"
        )
        return htmx_redirect(request, bank.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pasted = not upload
        if upload and upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "文件不能超过 10MB")
        else:
            data, filename = form.upload()
            try:
                result = questions_parse_bytes(data, filename)
            except QuestionsReadError as exc:
                form.add_error("text" if pasted else "file", str(exc))
            else:
                payload = signing.dumps(
                    [
                        {
                            "type": q.type,
                            "stem": q.stem,
                            "options": q.options,
                            "answer": q.answer,
                            "explanation": q.explanation,
                            "category": q.category,
                            "difficulty": q.difficulty,
                            "source": q.source,
                        }
                        for q in result.questions
                    ],
                    salt=IMPORT_SALT,
                    compress=True,
                )
                rows = _preview_rows(bank, result)
                context.update(
                    {
                        "result": result,
                        "rows": rows,
                        "payload": payload,
                        "filename": "" if pasted else filename,
                        "new_count": sum(1 for r in rows if not r["duplicate"]),
                        "duplicate_count": sum(1 for r in rows if r["duplicate"]),
                    }
                )
    return render(request, "quizzes/bank_import.html", context)


# ---- activities -------------------------------------------------------------------------------------------


@console_view(VIEW)
def activity_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    page = paginate(request, selectors.activity_list_for_user(user=request.user, q=q, status=status))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "statuses": ActivityStatus.choices,
        "querystring": query_without_page(request),
        "can_create": has_action_anywhere(request.user, MANAGE),
    }
    if htmx_partial(request):
        return render(request, "quizzes/partials/activity_table.html", context)
    return render(request, "quizzes/activity_list.html", context)


def _activity_form(
    request: AuthedRequest, *, initial: dict[str, Any] | None = None, with_org: bool = True
) -> ActivityForm:
    return ActivityForm(
        posted_data(request),
        initial=initial,
        orgs=_manage_orgs(request) if with_org else None,
        banks=selectors.activity_banks_choosable(user=request.user),
    )


@console_view(MANAGE)
def activity_create(request: AuthedRequest) -> HttpResponse:
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial: dict[str, Any] = {
        "starts_at": now,
        "ends_at": now + dt.timedelta(days=7),
        "draw_rules": "不限 10",
    }
    banks = list(selectors.activity_banks_choosable(user=request.user)[:2])
    if len(banks) == 1:  # a new union with one bank (often the one its upper union shares): already ticked
        initial["banks"] = banks
    form = _activity_form(request, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: services.activity_create(
            org=data["org"], spec=form.spec(data["org"]), actor=request.user
        ),
        success="已保存为草稿；检查无误后请发布",
        then=lambda activity: activity.get_absolute_url(),
    )
    return done or render(
        request, "quizzes/form.html", {"form": form, "title": "新建答题活动", "back": "quizzes:activity_list"}
    )


@console_view(MANAGE)
def activity_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = _activity_form(request, initial=ActivityForm.initial_for(activity), with_org=False)
    if not ACTIVITY_WORKFLOW.can(activity, ActivityAction.EDIT, request.user):
        messages.error(request, "只有草稿状态的活动可以修改")
        return redirect(activity.get_absolute_url())
    done = form_perform(
        request,
        form,
        lambda _data: services.activity_update(
            activity=activity, spec=form.spec(activity.org), actor=request.user
        ),
        success="活动已保存",
        then=activity.get_absolute_url(),
    )
    return done or render(
        request,
        "quizzes/form.html",
        {"form": form, "title": f"修改活动：{activity.title}", "back_url": activity.get_absolute_url()},
    )


@console_view(VIEW)
def activity_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The organiser side sees the whole activity and its timeline; a participating union sees its own subtree's
    figures, read-only."""
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    activity, within = access.activity, access.default_within
    context = {
        "activity": activity,
        "access": access,
        "within": within,
        "summary": selectors.activity_summary(activity, within=within),
        "banks": selectors.activity_banks(activity),
        "units_count": selectors.activity_unit_count(activity),
        "top": selectors.ranked(list(selectors.ranking(activity, within=within)[:10])),
        "actions": activity_available_actions(activity, request.user) if access.organiser else [],
        "timeline": timeline_for(activity).order_by("-created_at")[:30] if access.organiser else [],
        "certificates_issued": (
            selectors.activity_certificate_count(activity)
            if access.organiser and activity.certificate_enabled
            else None
        ),
        "cancel_form": CancelForm(),
        "is_open": activity.phase == ActivityPhase.OPEN,
    }
    return render(request, "quizzes/activity_detail.html", context)


@require_POST
@console_view(MANAGE)
def activity_publish(request: AuthedRequest, public_id: Any) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    try:
        services.activity_publish(activity=activity, actor=request.user, context=AuditContext.of(request))
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, "活动已发布；活动开始时会通知参与范围内的会员")
    return htmx_redirect(request, activity.get_absolute_url())


@console_view(MANAGE)
def activity_cancel(request: AuthedRequest, public_id: Any) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    form = CancelForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.activity_cancel(
            activity=activity, actor=request.user, reason=data["reason"], context=AuditContext.of(request)
        ),
        success="活动已撤销",
        then=activity.get_absolute_url(),
    )
    return done or render(
        request,
        "quizzes/form.html",
        {
            "form": form,
            "title": f"撤销活动：{activity.title}",
            "back_url": activity.get_absolute_url(),
            "danger": True,
        },
    )


def _scope_org(request: AuthedRequest, access: selectors.ActivityAccess) -> Org | None:
    """The ?org= subtree filter of the boards (`selectors.activity_within`: 404 outside the viewer's subtrees)."""
    return selectors.activity_within(access, request.GET.get("org", ""))


def _scope_context(request: AuthedRequest, access: selectors.ActivityAccess) -> dict[str, Any]:
    within = _scope_org(request, access)
    return {
        "activity": access.activity,
        "access": access,
        "within": within,
        "scope_root": access.root,
        "scope_choices": selectors.activity_scope_choices(access),
    }


@console_view(VIEW)
def activity_ranking(request: AuthedRequest, public_id: Any) -> HttpResponse:
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    context = _scope_context(request, access)
    page = paginate(request, selectors.ranking(access.activity, within=context["within"]), per_page=50)
    start = (page.number - 1) * page.paginator.per_page
    context.update(
        {
            "page": page,
            "rows": selectors.ranked(list(page.object_list), start=start),
            "querystring": query_without_page(request),
        }
    )
    return render(request, "quizzes/activity_ranking.html", context)


@console_view(VIEW)
def activity_board(request: AuthedRequest, public_id: Any) -> HttpResponse:
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    activity = access.activity
    context = _scope_context(request, access)
    context.update(
        {
            "rows": selectors.unit_board(activity, within=context["within"]),
            "is_open": activity.phase == ActivityPhase.OPEN,
        }
    )
    return render(request, "quizzes/activity_board.html", context)


@console_view(VIEW)
def activity_absent(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """Eligible members of one unit (and below) who have not taken part yet; a participating union sees its own
    subtree's and may remind them when it holds `quizzes.manage` there."""
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    activity = access.activity
    unit = _scope_org(request, access) or access.root
    page = paginate(request, selectors.activity_absent_members(activity, unit=unit), per_page=50)
    context = {
        "activity": activity,
        "access": access,
        "unit": unit,
        "page": page,
        "querystring": query_without_page(request),
        "can_remind": has_action(request.user, MANAGE, unit) and activity.phase == ActivityPhase.OPEN,
    }
    return render(request, "quizzes/activity_absent.html", context)


@require_POST
@console_view(MANAGE)
def activity_remind(request: AuthedRequest, public_id: Any, org_id: int) -> HttpResponse:
    """Remind a unit's non-participants: the organiser for any unit, a participating union for its own (the
    `quizzes.manage` action on the unit decides, 403 without it)."""
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    activity = access.activity
    unit = selectors.activity_scope_org(access, org_id)
    if unit is None:
        raise Http404
    require_action(request.user, MANAGE, unit)
    try:
        count = services.activity_remind(activity=activity, unit=unit, actor=request.user)
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
    else:
        messages.success(request, f"已提醒{unit.name}未参与的会员 {count} 人")
    return htmx_redirect(request, f"{activity.get_absolute_url()}absent/?org={unit.pk}")


@console_view(VIEW)
def activity_questions(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """Per-question correct rates. A participating union sees them only once the activity has ended (the stems
    of a running quiz stay with the organiser) and only over its own members' answers."""
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    activity = access.activity
    if not access.organiser and activity.phase != ActivityPhase.ENDED:
        raise PermissionDenied
    return render(
        request,
        "quizzes/activity_questions.html",
        {
            "activity": activity,
            "access": access,
            "rows": selectors.question_correct_rates(activity, within=access.default_within),
        },
    )


@console_view(VIEW)
def activity_attempts(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """Every attempt with its focus log: the organiser side only."""
    access = selectors.activity_access_for_user(user=request.user, public_id=public_id)
    if not access.organiser:
        raise PermissionDenied
    activity = access.activity
    within = _scope_org(request, access)
    page = paginate(request, selectors.attempt_list(activity, within=within), per_page=50)
    return render(
        request,
        "quizzes/activity_attempts.html",
        {"activity": activity, "access": access, "page": page, "querystring": query_without_page(request)},
    )


@console_view(VIEW)
def attempt_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    attempt = selectors.attempt_get_for_user(user=request.user, public_id=public_id)
    context = {
        "attempt": attempt,
        "paper": selectors.attempt_paper(attempt),
        "events": selectors.attempt_events(attempt),
        "timeline": timeline_for(attempt),
    }
    return render(request, "quizzes/attempt_detail.html", context)
