"""Console views of part design: the survey list (search; status, mode and year filters), the survey form (with
the member filter and the live attribute preview), the survey page (facts, who is asked, the question builder,
the actions of its state, the timeline), publish, close (a confirmation page), copy, remind, the phone preview
and the questions (add, edit, move, delete with a confirmation page). `surveys.view` reads; `surveys.manage` on
the survey's union writes, and action pages refuse others on GET too."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.members.forms.filters import MemberFilterForm
from gonghui.members.selectors.filters import MemberFilter, member_filter_count, member_filter_describe
from gonghui.members.selectors.registry import member_filter_orgs
from gonghui.orgs.models import Org
from gonghui.responses.choices import Attribute

from ..choices import SurveyMode, SurveyStatus, TargetKind
from ..forms.answering import SurveyAnswerForm
from ..forms.design import MoveForm, QuestionForm, SurveyFilterForm, SurveyForm, lines
from ..models import Survey, SurveyQuestion
from ..permissions import MANAGE, VIEW
from ..selectors import design as sel
from ..services import design as svc

SETTINGS_FIELDS = (
    "title",
    "intro",
    "topic",
    "mode",
    "opens_at",
    "closes_at",
    "target_kind",
    "target_list",
    "sample_per_union",
    "attributes",
    "unit_depth",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _int(value: Any) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() else 0


def _survey_url(survey: Survey) -> str:
    return reverse("surveys:survey_detail", args=[survey.public_id])


def _managed_survey(request: AuthedRequest, public_id: Any) -> Survey:
    survey = sel.survey_for_user(request.user, public_id)
    _require(sel.may_manage(request.user, survey))
    return survey


# --- list ---------------------------------------------------------------------------------------------------------
@console_view(VIEW)
def survey_list(request: AuthedRequest) -> HttpResponse:
    form = SurveyFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    surveys = sel.surveys_for_user(
        request.user,
        q=data.get("q", ""),
        status=data.get("status", ""),
        mode=data.get("mode", ""),
        year=data.get("year"),
    )
    context = {
        "form": form,
        "page": paginate(request, surveys),
        "querystring": query_without_page(request),
        "filtered": any(data.get(k) for k in ("q", "status", "mode", "year")),
        "may_create": sel.survey_orgs(request.user).exists(),
    }
    return render(request, "surveys/design/survey_list.html", context)


# --- the survey form ----------------------------------------------------------------------------------------------
def _settings(data: dict[str, Any], flt: MemberFilter) -> svc.SurveySettings:
    return svc.SurveySettings(
        title=data["title"],
        intro=data.get("intro") or "",
        topic=data.get("topic") or "",
        mode=data["mode"],
        opens_at=data.get("opens_at"),
        closes_at=data.get("closes_at"),
        target_kind=data["target_kind"],
        member_filter=flt.as_dict(),
        target_list=data.get("target_list"),
        sample_per_union=data.get("sample_per_union"),
        attributes=tuple(data.get("attributes") or ()),
        unit_depth=data["unit_depth"],
    )


def _filter_count(request: AuthedRequest, filter_form: MemberFilterForm, org: Org | None) -> int | None:
    """符合条件：N 人 under the member filter, within the survey's union (None: the filter has an error, which the
    members' count partial then names)."""
    if filter_form.is_bound and not filter_form.is_valid():
        return None
    return member_filter_count(request.user, filter_form.member_filter_or_default(), within=org)


def _form_page(
    request: AuthedRequest, form: SurveyForm, filter_form: MemberFilterForm, survey: Survey | None
) -> HttpResponse:
    org = survey.org if survey is not None else None
    if org is None:
        org = sel.survey_orgs(request.user).first()
    preview = _preview_for(request, survey, org, form.data if form.is_bound else None)
    context = {
        "form": form,
        "filter_form": filter_form,
        "survey": survey,
        "preview": preview,
        "count": _filter_count(request, filter_form, org),
    }
    return render(request, "surveys/design/survey_form.html", context, status=422 if form.errors else 200)


@console_view(MANAGE)
def survey_create(request: AuthedRequest) -> HttpResponse:
    orgs = sel.survey_orgs(request.user)
    _require(orgs.exists())
    form = SurveyForm(
        posted_data(request),
        orgs=orgs,
        target_lists=sel.target_list_choices(request.user),
        initial={"org": orgs.first(), "unit_depth": 2},
    )
    filter_form = MemberFilterForm(posted_data(request), orgs=member_filter_orgs(user=request.user))
    if request.method == "POST" and not filter_form.is_valid():
        form.is_valid()
        return _form_page(request, form, filter_form, None)
    done = form_perform(
        request,
        form,
        lambda data: svc.survey_save(
            actor=request.user,
            org=data["org"],
            settings=_settings(data, filter_form.member_filter()),
            context=AuditContext.of(request),
        ),
        success=lambda s: f"已创建问卷“{s.title}”（草稿），请添加题目",
        then=_survey_url,
    )
    return done or _form_page(request, form, filter_form, None)


@console_view(MANAGE)
def survey_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    _require(survey.status != SurveyStatus.CLOSED)
    initial = {name: getattr(survey, name) for name in SETTINGS_FIELDS}
    lists = sel.target_list_choices(request.user, survey)
    form = SurveyForm(posted_data(request), target_lists=lists, initial=initial)
    filter_form = MemberFilterForm(
        posted_data(request),
        orgs=member_filter_orgs(user=request.user),
        initial=MemberFilterForm.initial_for(MemberFilter.from_dict(survey.member_filter)),
    )
    if survey.status == SurveyStatus.OPEN:
        # answers were given under these: shown, not editable (the service refuses a change too)
        for name in ("opens_at", *svc.FROZEN_WHEN_OPEN):
            if name in form.fields:
                form.fields[name].disabled = True
        for field in filter_form.fields.values():
            field.disabled = True
    if request.method == "POST" and not filter_form.is_valid():
        form.is_valid()
        return _form_page(request, form, filter_form, survey)
    done = form_perform(
        request,
        form,
        lambda data: svc.survey_save(
            actor=request.user,
            org=survey.org,
            survey=survey,
            settings=_settings(data, filter_form.member_filter()),
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=_survey_url(survey),
    )
    return done or _form_page(request, form, filter_form, survey)


def _preview_for(
    request: AuthedRequest, survey: Survey | None, org: Any, data: Any
) -> sel.AttributePreview | None:
    """The attribute preview of the form's current values (or the stored survey's, unbound)."""
    if org is None:
        return None
    if data is None:
        return sel.attribute_preview(survey) if survey is not None else None
    if survey is not None and survey.sampled_at is not None:
        return sel.attribute_preview(survey)
    filter_form = MemberFilterForm(data, orgs=member_filter_orgs(user=request.user))
    flt = filter_form.member_filter() if filter_form.is_valid() else MemberFilter()
    kind = data.get("target_kind") or TargetKind.FILTER
    target_list = None
    if kind == TargetKind.TARGET_LIST:
        target_list = sel.target_list_choices(request.user).filter(pk=_int(data.get("target_list"))).first()
        if target_list is None:
            return None
    size = str(data.get("sample_per_union") or "")
    depth = str(data.get("unit_depth") or "2")
    probe = Survey(
        org=org,
        target_kind=kind if kind in TargetKind.values else TargetKind.FILTER,
        member_filter=flt.as_dict(),
        target_list=target_list,
        sample_per_union=int(size) if size.isdigit() and int(size) > 0 else 1,
        attributes=[a for a in data.getlist("attributes") if a],
        unit_depth=int(depth) if depth in {"1", "2", "3", "4"} else 2,
        mode=data.get("mode") or SurveyMode.ANONYMOUS,
    )
    return sel.attribute_preview(probe)


@console_view(MANAGE)
def survey_attribute_preview(request: AuthedRequest) -> HttpResponse:
    """按当前对象，N 人中 M 人的属性可保留 — the live line under the form (GET; reads only)."""
    survey = None
    org: Org | None
    if request.GET.get("survey"):
        try:
            public_id = uuid.UUID(request.GET["survey"])
        except ValueError:
            raise Http404 from None
        survey = _managed_survey(request, public_id)
        org = survey.org
    else:
        orgs = sel.survey_orgs(request.user)
        org = orgs.filter(pk=_int(request.GET.get("org"))).first() if request.GET.get("org") else orgs.first()
    preview = _preview_for(request, survey, org, request.GET if request.GET.get("target_kind") else None)
    return render(request, "surveys/design/_attribute_preview.html", {"preview": preview})


# --- the survey page ----------------------------------------------------------------------------------------------
def _target_summary(survey: Survey) -> str:
    flt = MemberFilter.from_dict(survey.member_filter)
    criteria = "；".join(f"{label}：{values}" for label, values in member_filter_describe(flt))
    base = f"{survey.org.name}及下级工会的会员"
    if survey.target_kind == TargetKind.TARGET_LIST:
        return f"目标名单“{survey.target_list.name if survey.target_list else '（未选择）'}”中{survey.org.name}及下级工会的会员"
    if survey.target_kind == TargetKind.SAMPLE:
        base = f"{base}，每个基层工会随机抽取 {survey.sample_per_union} 人"
    return f"{base}（{criteria}）" if criteria else base


@console_view(VIEW)
def survey_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = sel.survey_for_user(request.user, public_id)
    manage = sel.may_manage(request.user, survey)
    questions = sel.questions_of(survey)
    draft = survey.status == SurveyStatus.DRAFT
    context = {
        "survey": survey,
        "questions": questions,
        "texts": {q.key: q.text for q in questions},
        "orders": {q.key: q.order for q in questions},
        "may_manage": manage,
        "may_build": manage and draft,
        "counts": sel.population_counts(survey),
        "reminded_today": survey.last_reminded_at is not None
        and timezone.localdate(survey.last_reminded_at) == timezone.localdate(),
        "target_summary": _target_summary(survey),
        "preview": sel.attribute_preview(survey) if survey.is_anonymous and survey.attributes else None,
        "attribute_labels": [
            label for value, label in _attribute_choices() if value in set(survey.attributes or ())
        ],
        "timeline": timeline_for(survey),
    }
    return render(request, "surveys/design/survey_detail.html", context)


def _attribute_choices() -> list[tuple[str, str]]:
    return [(str(a.value), str(a.label)) for a in Attribute]


@console_view(VIEW)
def survey_preview(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The questionnaire as a member sees it on the phone (answering's own partial; skip logic live; nothing is
    sent)."""
    survey = sel.survey_for_user(request.user, public_id)
    questions = sel.questions_of(survey)
    context = {"survey": survey, "blocks": SurveyAnswerForm(questions=questions).blocks()}
    return render(request, "surveys/design/survey_preview.html", context)


# --- state changes ------------------------------------------------------------------------------------------------
@require_POST
@console_view(MANAGE)
def survey_publish(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    return button_perform(
        request,
        lambda: svc.survey_publish(actor=request.user, survey=survey, context=AuditContext.of(request)),
        success="问卷已发布，调查对象可在会员端“问卷”中填写",
        back=_survey_url(survey),
        error_prefix="不能发布：",
    )


@console_view(MANAGE)
def survey_close(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    _require(survey.status == SurveyStatus.OPEN)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.survey_close(actor=request.user, survey=survey, context=AuditContext.of(request)),
            success="已结束收集",
            back=_survey_url(survey),
        )
    context = {"survey": survey, "counts": sel.population_counts(survey)}
    return render(request, "surveys/design/survey_close.html", context)


@require_POST
@console_view(MANAGE)
def survey_copy(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    return button_perform(
        request,
        lambda: svc.survey_copy(actor=request.user, survey=survey, context=AuditContext.of(request)),
        success=lambda copy: f"已复制为新问卷“{copy.title}”（草稿），请设置截止时间",
        back=_survey_url(survey),
        then=_survey_url,
    )


@require_POST
@console_view(MANAGE)
def survey_remind(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    return button_perform(
        request,
        lambda: svc.survey_remind(actor=request.user, survey=survey, context=AuditContext.of(request)),
        success=lambda n: f"已提醒 {n} 位未填写的会员",
        back=_survey_url(survey),
    )


# --- questions ----------------------------------------------------------------------------------------------------
def _question(survey: Survey, key: str) -> SurveyQuestion:
    question = survey.questions.filter(key=key).first()
    if question is None:
        raise Http404
    return question


def _question_fields(data: dict[str, Any]) -> svc.QuestionFields:
    return svc.QuestionFields(
        kind=data["kind"],
        text=data["text"],
        help_text=data.get("help_text") or "",
        options=lines(data.get("options") or ""),
        rows=lines(data.get("rows") or ""),
        scale_min=data["scale_min"],
        scale_max=data["scale_max"],
        scale_labels=(data.get("scale_low") or "", data.get("scale_high") or ""),
        required=bool(data.get("required")),
        show_if=data.get("show_if") or {},
    )


def _question_page(
    request: AuthedRequest, form: QuestionForm, survey: Survey, question: SurveyQuestion | None
) -> HttpResponse:
    context = {"form": form, "survey": survey, "question": question}
    return render(request, "surveys/design/question_form.html", context, status=422 if form.errors else 200)


@console_view(MANAGE)
def question_create(request: AuthedRequest, public_id: Any) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    _require(survey.status == SurveyStatus.DRAFT)
    form = QuestionForm(posted_data(request), earlier=sel.questions_of(survey), initial={"required": True})
    done = form_perform(
        request,
        form,
        lambda data: svc.question_save(actor=request.user, survey=survey, fields=_question_fields(data)),
        success=lambda q: f"已添加第{q.order}题",
        then=_survey_url(survey),
    )
    return done or _question_page(request, form, survey, None)


@console_view(MANAGE)
def question_edit(request: AuthedRequest, public_id: Any, key: str) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    question = _question(survey, key)
    _require(survey.status == SurveyStatus.DRAFT)
    earlier = [q for q in sel.questions_of(survey) if q.order < question.order]
    form = QuestionForm(posted_data(request), earlier=earlier, initial=QuestionForm.initial_for(question))
    done = form_perform(
        request,
        form,
        lambda data: svc.question_save(
            actor=request.user, survey=survey, question=question, fields=_question_fields(data)
        ),
        success="已保存",
        then=_survey_url(survey),
    )
    return done or _question_page(request, form, survey, question)


@require_POST
@console_view(MANAGE)
def question_move(request: AuthedRequest, public_id: Any, key: str) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    question = _question(survey, key)
    form = MoveForm(request.POST)
    return button_perform(
        request,
        lambda: svc.question_move(
            actor=request.user, question=question, up=form.cleaned_data["direction"] == "up"
        ),
        success="已调整顺序",
        back=_survey_url(survey),
        form=form,
    )


@console_view(MANAGE)
def question_delete(request: AuthedRequest, public_id: Any, key: str) -> HttpResponse:
    survey = _managed_survey(request, public_id)
    question = _question(survey, key)
    _require(survey.status == SurveyStatus.DRAFT)
    if request.method == "POST":
        return button_perform(
            request,
            lambda: svc.question_delete(actor=request.user, question=question),
            success=f"已删除第{question.order}题",
            back=_survey_url(survey),
        )
    dependants = [q for q in sel.questions_of(survey) if (q.show_if or {}).get("question") == question.key]
    context = {"survey": survey, "question": question, "dependants": dependants}
    return render(request, "surveys/design/question_delete.html", context)
