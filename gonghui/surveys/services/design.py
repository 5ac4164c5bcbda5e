"""Services of part design: a survey's settings (title, window, mode, who is asked, the coarse attributes of an
anonymous survey), its questions (five kinds, skip logic, keys q1, q2 … never reused), publishing (draws the sample
from a fresh recorded seed, opens the anonymous store's collection; questions are frozen from then on), closing
(by a cadre, or by the job `surveys.close_due` once `closes_at` has passed), copying, and reminders to those who
have not answered (at most once a day). Every change writes a timeline row; cadres' changes are audited."""

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.members.models import TargetList
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.responses.choices import Attribute
from gonghui.responses.services import responses_close, responses_open

from ..choices import SurveyAction, SurveyMode, SurveyQuestionKind, SurveyStatus, TargetKind
from ..events import surveys_event
from ..models import Survey, SurveyQuestion, SurveySample
from ..permissions import MANAGE
from ..population import survey_population
from ..selectors.design import CONDITION_KINDS, reminder_recipients, sample_plan, surveys_due_to_close

KEY_PATTERN = re.compile(r"^q(\d+)$")
OPTIONS_MAX = 30
ROWS_MAX = 20
OPTION_MAX_LENGTH = 60
QUESTIONS_MAX = 100
CLOSE_JOB = "surveys.close_due"


def _require_manage(actor: Any, org: Any) -> None:
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied


def _audit(actor: Any, survey: Survey, summary: str, context: AuditContext | None) -> None:
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=summary,
        actor=actor,
        context=context,
        subject=survey,
        org_id=survey.org_id,
    )


# --- settings -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SurveySettings:
    """What the survey form edits (every field but the union)."""

    title: str
    intro: str = ""
    topic: str = ""
    mode: str = SurveyMode.ANONYMOUS
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    target_kind: str = TargetKind.FILTER
    member_filter: dict[str, Any] = field(default_factory=dict)
    target_list: TargetList | None = None
    sample_per_union: int | None = None
    attributes: tuple[str, ...] = ()
    unit_depth: int = 2


# Once published, these stay: answers were given under them.
FROZEN_WHEN_OPEN = (
    "mode",
    "target_kind",
    "member_filter",
    "target_list",
    "sample_per_union",
    "attributes",
    "unit_depth",
)


def _clean_settings(org: Org, s: SurveySettings) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not s.title.strip():
        errors["title"] = "请填写问卷标题"
    if s.mode not in SurveyMode.values:
        errors["mode"] = "请选择填写方式"
    if s.opens_at and s.closes_at and s.closes_at <= s.opens_at:
        errors["closes_at"] = "截止时间应晚于开始时间"
    if s.target_kind not in TargetKind.values:
        errors["target_kind"] = "请选择调查对象"
    if s.target_kind == TargetKind.TARGET_LIST:
        if s.target_list is None:
            errors["target_list"] = "请选择目标名单"
        elif not (org.path.startswith(s.target_list.org.path) or s.target_list.org.path.startswith(org.path)):
            errors["target_list"] = "只能选用本级、上级或下级工会的名单"
    if s.target_kind == TargetKind.SAMPLE and not (s.sample_per_union and s.sample_per_union >= 1):
        errors["sample_per_union"] = "按工会随机抽样时请填写每个基层工会抽取人数（至少 1 人）"
    unknown = set(s.attributes) - set(Attribute.values)
    if unknown:
        errors["attributes"] = "交叉分析属性无效"
    if not 1 <= s.unit_depth <= 4:
        errors["unit_depth"] = "所在单位的级别应为 1 到 4"
    if errors:
        raise ValidationError(errors)
    anonymous = s.mode == SurveyMode.ANONYMOUS
    return {
        "title": s.title.strip(),
        "intro": s.intro.strip(),
        "topic": s.topic.strip(),
        "mode": s.mode,
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "target_kind": s.target_kind,
        "member_filter": dict(s.member_filter) if s.target_kind != TargetKind.TARGET_LIST else {},
        "target_list": s.target_list if s.target_kind == TargetKind.TARGET_LIST else None,
        "sample_per_union": s.sample_per_union if s.target_kind == TargetKind.SAMPLE else None,
        # a named survey reads attributes from the members themselves: nothing is kept on its answers
        "attributes": [a for a in Attribute.values if a in set(s.attributes)] if anonymous else [],
        "unit_depth": s.unit_depth,
    }


@transaction.atomic
def survey_save(
    *,
    actor: Any,
    org: Org,
    settings: SurveySettings,
    survey: Survey | None = None,
    context: AuditContext | None = None,
) -> Survey:
    """Create a draft survey of `org`, or save `survey`'s settings (its union never changes). A draft changes
    freely; an open survey only its title, intro, topic and closing time (a later one; its start stays); a closed one
    not at all."""
    if survey is not None:
        org = survey.org
    _require_manage(actor, org)
    fields = _clean_settings(org, settings)
    if survey is None:
        survey = Survey.objects.create(org=org, created_by=actor, **fields)
        surveys_event(subject=survey, actor=actor, action=SurveyAction.CREATED, to_state=survey.status)
        _audit(actor, survey, f"新建问卷「{survey.title}」", context)
        return survey
    survey = lock(Survey, pk=survey.pk)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError("问卷已结束收集，不能再修改")
    if survey.status == SurveyStatus.OPEN:
        fields["opens_at"] = survey.opens_at  # collection has started: the start stays
        changed = [
            str(getattr(Survey._meta.get_field(name), "verbose_name", name))
            for name in FROZEN_WHEN_OPEN
            if getattr(survey, name) != fields[name]
        ]
        if changed:
            raise ValidationError(f"问卷已发布，不能再修改：{'、'.join(changed)}")
        if fields["closes_at"] is None or fields["closes_at"] <= timezone.now():
            raise ValidationError({"closes_at": "收集中的问卷，截止时间应晚于现在"})
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    surveys_event(subject=survey, actor=actor, action=SurveyAction.EDITED, note="修改问卷设置")
    _audit(actor, survey, f"修改问卷「{survey.title}」", context)
    return survey


# --- questions ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionFields:
    """What the question form edits. `show_if` is {"question": key, "options": [...]} or {}."""

    kind: str
    text: str
    help_text: str = ""
    options: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    scale_min: int = 1
    scale_max: int = 5
    scale_labels: tuple[str, ...] = ()
    required: bool = True
    show_if: dict[str, Any] = field(default_factory=dict)


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError("问卷已发布，题目不能再修改；如需调整，请复制为新问卷")


def _lines(values: tuple[str, ...], label: str, limit: int, errors: dict[str, str], key: str) -> list[str]:
    cleaned = [v.strip() for v in values if v.strip()]
    if len(set(cleaned)) != len(cleaned):
        errors[key] = f"{label}不能重复"
    elif len(cleaned) > limit:
        errors[key] = f"{label}最多 {limit} 个"
    elif any(len(v) > OPTION_MAX_LENGTH for v in cleaned):
        errors[key] = f"每个{label}最多 {OPTION_MAX_LENGTH} 字"
    return cleaned


def _condition_values(question: SurveyQuestion) -> list[str]:
    if question.kind == SurveyQuestionKind.SCALE:
        return [str(point) for point in range(question.scale_min, question.scale_max + 1)]
    return list(question.options)


def _clean_show_if(
    survey: Survey, order: int, show_if: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    target_key = str(show_if.get("question") or "")
    if not target_key:
        return {}
    target = survey.questions.filter(key=target_key).first()
    wanted = [str(option) for option in show_if.get("options") or ()]
    if target is None or target.order >= order:
        errors["show_if"] = "显示条件只能引用排在本题之前的题目"
    elif target.kind not in CONDITION_KINDS:
        errors["show_if"] = "显示条件只能引用单选、多选或量表题"
    elif not wanted:
        errors["show_if"] = "请选择显示条件的选项"
    elif not set(wanted) <= set(_condition_values(target)):
        errors["show_if"] = f"显示条件的选项不在第{target.order}题的选项中"
    else:
        values = _condition_values(target)
        return {"question": target.key, "options": [v for v in values if v in set(wanted)]}
    return {}


def _clean_question(survey: Survey, order: int, f: QuestionFields) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if f.kind not in SurveyQuestionKind.values:
        errors["kind"] = "请选择题型"
    text = f.text.strip()
    if not text:
        errors["text"] = "请填写题目"
    elif len(text) > 200:
        errors["text"] = "题目最多 200 字"
    options: list[str] = []
    rows: list[str] = []
    labels: list[str] = []
    if f.kind in (SurveyQuestionKind.SINGLE, SurveyQuestionKind.MULTIPLE, SurveyQuestionKind.MATRIX):
        label = "矩阵的列（选项）" if f.kind == SurveyQuestionKind.MATRIX else "选项"
        options = _lines(f.options, label, OPTIONS_MAX, errors, "options")
        if "options" not in errors and len(options) < 2:
            errors["options"] = f"请至少填写两个{label}，每行一个"
    if f.kind == SurveyQuestionKind.MATRIX:
        rows = _lines(f.rows, "矩阵行", ROWS_MAX, errors, "rows")
        if "rows" not in errors and not rows:
            errors["rows"] = "请填写矩阵的行，每行一个"
    if f.kind == SurveyQuestionKind.SCALE:
        if not (0 <= f.scale_min < f.scale_max <= 10):
            errors["scale_max"] = "量表应从 0～9 中的一个数到比它大、不超过 10 的数"
        labels = [label.strip()[:20] for label in f.scale_labels]
        labels = labels if any(labels) else []
    show_if = _clean_show_if(survey, order, f.show_if, errors)
    if errors:
        raise ValidationError(errors)
    return {
        "kind": f.kind,
        "text": text,
        "help_text": f.help_text.strip()[:200],
        "options": options,
        "rows": rows,
        "scale_min": f.scale_min if f.kind == SurveyQuestionKind.SCALE else 1,
        "scale_max": f.scale_max if f.kind == SurveyQuestionKind.SCALE else 5,
        "scale_labels": labels,
        "required": f.required,
        "show_if": show_if,
    }


def _key_number(key: str) -> int:
    found = KEY_PATTERN.match(key)
    return int(found.group(1)) if found else 0


def _next_key(survey: Survey) -> tuple[str, int]:
    used = max((_key_number(k) for k in survey.questions.values_list("key", flat=True)), default=0)
    number = max(used, survey.question_seq) + 1
    return f"q{number}", number


def _record_key(survey: Survey, number: int) -> None:
    """Remember the highest key number given out, so a deleted last question's key is not given again."""
    Survey.objects.filter(pk=survey.pk).update(question_seq=number)


def _dependants(question: SurveyQuestion) -> list[SurveyQuestion]:
    return [
        q
        for q in question.survey.questions.exclude(pk=question.pk)
        if (q.show_if or {}).get("question") == question.key
    ]


@transaction.atomic
def question_save(
    *, actor: Any, survey: Survey, fields: QuestionFields, question: SurveyQuestion | None = None
) -> SurveyQuestion:
    """Add a question at the end of a draft survey (its key the next of q1, q2 …, never one used before), or save
    `question`. Questions whose skip logic depends on this one keep working: its options they name must stay."""
    _require_manage(actor, survey.org)
    survey = lock(Survey, pk=survey.pk)
    _require_draft(survey)
    if question is None:
        if survey.questions.count() >= QUESTIONS_MAX:
            raise ValidationError(f"一份问卷最多 {QUESTIONS_MAX} 道题")
        order = survey.questions.count() + 1
    else:
        order = question.order
    cleaned = _clean_question(survey, order, fields)
    if question is not None:
        probe = SurveyQuestion(**{**cleaned, "key": question.key})
        still = set(_condition_values(probe)) if probe.kind in CONDITION_KINDS else set()
        for dependant in _dependants(question):
            if not set(dependant.show_if.get("options") or ()) <= still:
                raise ValidationError(
                    f"第{dependant.order}题的显示条件用到了本题的选项，请先修改第{dependant.order}题"
                )
    if question is None:
        key, number = _next_key(survey)
        question = SurveyQuestion.objects.create(survey=survey, order=order, key=key, **cleaned)
        _record_key(survey, number)
        note = f"添加第{order}题“{question.text}”"
    else:
        for name, value in cleaned.items():
            setattr(question, name, value)
        question.save()
        note = f"修改第{order}题“{question.text}”"
    surveys_event(subject=survey, actor=actor, action=SurveyAction.EDITED, note=note)
    return question


@transaction.atomic
def question_move(*, actor: Any, question: SurveyQuestion, up: bool) -> SurveyQuestion:
    """Swap the question with its neighbour; refused when a skip-logic condition would then point at a later
    question."""
    _require_manage(actor, question.survey.org)
    survey = lock(Survey, pk=question.survey_id)
    _require_draft(survey)
    questions = list(survey.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(questions):
        raise ValidationError("已经是第一题" if up else "已经是最后一题")
    first, second = sorted((questions[index], questions[other_index]), key=lambda q: q.order)
    if (second.show_if or {}).get("question") == first.key:
        raise ValidationError(f"第{second.order}题的显示条件引用第{first.order}题，不能排到它前面")
    questions[index], questions[other_index] = questions[other_index], questions[index]
    for number, item in enumerate(questions, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order", "updated_at"])
    moved = next(q for q in questions if q.pk == question.pk)
    surveys_event(
        subject=survey,
        actor=actor,
        action=SurveyAction.EDITED,
        note=f"调整题目顺序：“{moved.text}”为第{moved.order}题",
    )
    return moved


@transaction.atomic
def question_delete(*, actor: Any, question: SurveyQuestion) -> None:
    """Delete a draft survey's question (refused while another question's skip logic names it); the rest are
    numbered again, their keys stay."""
    _require_manage(actor, question.survey.org)
    survey = lock(Survey, pk=question.survey_id)
    _require_draft(survey)
    dependants = _dependants(question)
    if dependants:
        orders = "、".join(f"第{q.order}题" for q in dependants)
        raise ValidationError(f"{orders}的显示条件引用了本题，请先修改或删除{orders}")
    _, number = _next_key(survey)
    _record_key(survey, number - 1)
    text, order = question.text, question.order
    question.delete()
    for position, item in enumerate(survey.questions.order_by("order", "pk"), start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order", "updated_at"])
    surveys_event(subject=survey, actor=actor, action=SurveyAction.EDITED, note=f"删除第{order}题“{text}”")


# --- publish, sample, close ---------------------------------------------------------------------------------------
def sample_draw(*, survey: Survey, seed: str, actor: Any) -> int:
    """Write the sample of `sample_plan(survey, seed)` as `SurveySample` rows (replacing any earlier draw), record
    the seed and the time; returns how many were drawn. Called by `survey_publish` inside its transaction."""
    with transaction.atomic():
        survey.sample.all().delete()
        plan = sample_plan(survey, seed)
        SurveySample.objects.bulk_create(
            [
                SurveySample(survey=survey, member_id=pk, union=union)
                for union, ids in plan.items()
                for pk in ids
            ]
        )
        survey.sample_seed = seed
        survey.sampled_at = timezone.now()
        survey.save(update_fields=["sample_seed", "sampled_at", "updated_at"])
        drawn = sum(len(ids) for ids in plan.values())
        surveys_event(
            subject=survey,
            actor=actor,
            action=SurveyAction.SAMPLED,
            note=f"从 {len(plan)} 个基层工会各抽取至多 {survey.sample_per_union} 人，共 {drawn} 人；抽样种子 {seed}",
        )
    return drawn


@transaction.atomic
def survey_publish(*, actor: Any, survey: Survey, context: AuditContext | None = None) -> Survey:
    """草稿 → 收集中: needs a question, a window whose end is in the future and someone to ask. A sampled survey
    draws its sample now from a fresh seed (recorded); an anonymous survey opens its collection in the store."""
    _require_manage(actor, survey.org)
    survey = lock(Survey, pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError("只有草稿状态的问卷可以发布")
    now = timezone.now()
    problems = []
    if not survey.questions.exists():
        problems.append("请至少添加一道题")
    if survey.closes_at is None:
        problems.append("请设置截止时间")
    elif survey.closes_at <= now:
        problems.append("截止时间已过，请修改为以后的时间")
    if problems:
        raise ValidationError("；".join(problems))
    if survey.opens_at is None:
        survey.opens_at = now
    if survey.target_kind == TargetKind.SAMPLE:
        sample_draw(survey=survey, seed=secrets.token_hex(8), actor=actor)
    if not survey_population(survey).exists():
        raise ValidationError("调查对象中没有会员，请修改调查对象后再发布")
    survey.status = SurveyStatus.OPEN
    survey.published_at = now
    survey.save(update_fields=["status", "published_at", "opens_at", "updated_at"])
    if survey.is_anonymous:
        responses_open(owner=survey)
    asked = survey_population(survey).count()
    surveys_event(
        subject=survey,
        actor=actor,
        action=SurveyAction.PUBLISHED,
        from_state=SurveyStatus.DRAFT,
        to_state=SurveyStatus.OPEN,
        note=f"调查对象 {asked} 人",
    )
    _audit(actor, survey, f"发布问卷「{survey.title}」，调查对象 {asked} 人", context)
    return survey


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey, context: AuditContext | None = None) -> Survey:
    """收集中 → 已结束, by a cadre or (actor None) by the job once the window ended; an anonymous survey's
    collection in the store is closed too (its last answers written out)."""
    if actor is not None:
        _require_manage(actor, survey.org)
    survey = lock(Survey, pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("只有收集中的问卷可以结束收集")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at", "updated_at"])
    if survey.is_anonymous:
        responses_close(owner=survey, actor=actor, context=context)
    surveys_event(
        subject=survey,
        actor=actor,
        action=SurveyAction.CLOSED,
        from_state=SurveyStatus.OPEN,
        to_state=SurveyStatus.CLOSED,
        note="" if actor is not None else "截止时间已到，自动结束收集",
    )
    if actor is not None and not survey.is_anonymous:
        _audit(actor, survey, f"结束问卷「{survey.title}」的收集", context)
    return survey


def close_due_job() -> str:
    """The job `surveys.close_due`: close every open survey whose closing time has passed."""
    closed = 0
    for survey in surveys_due_to_close(timezone.now()):
        try:
            survey_close(actor=None, survey=survey)
        except ValidationError:
            continue  # closed meanwhile
        closed += 1
    return f"问卷：自动结束 {closed} 份"


# --- copy and remind ----------------------------------------------------------------------------------------------
QUESTION_COPY_FIELDS = (
    "order",
    "key",
    "kind",
    "text",
    "help_text",
    "options",
    "rows",
    "scale_min",
    "scale_max",
    "scale_labels",
    "required",
    "show_if",
)
SURVEY_COPY_FIELDS = (
    "intro",
    "topic",
    "mode",
    "target_kind",
    "member_filter",
    "target_list",
    "sample_per_union",
    "attributes",
    "unit_depth",
)


@transaction.atomic
def survey_copy(*, actor: Any, survey: Survey, context: AuditContext | None = None) -> Survey:
    """A new draft of the same union with the same settings and questions (keys and skip logic kept); the window
    is left empty and the sample is drawn again when the copy is published."""
    _require_manage(actor, survey.org)
    title = f"{survey.title}（副本）"[:80]
    copy = Survey.objects.create(
        org=survey.org,
        title=title,
        created_by=actor,
        **{name: getattr(survey, name) for name in SURVEY_COPY_FIELDS},
    )
    SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(survey=copy, **{name: getattr(q, name) for name in QUESTION_COPY_FIELDS})
            for q in survey.questions.order_by("order", "pk")
        ]
    )
    _record_key(copy, survey.question_seq)
    surveys_event(
        subject=copy,
        actor=actor,
        action=SurveyAction.COPIED,
        to_state=copy.status,
        note=f"复制自「{survey.title}」",
    )
    surveys_event(
        subject=survey, actor=actor, action=SurveyAction.COPIED, note=f"复制为新问卷「{copy.title}」"
    )
    _audit(actor, copy, f"复制问卷「{survey.title}」为新草稿", context)
    return copy


@transaction.atomic
def survey_remind(*, actor: Any, survey: Survey, context: AuditContext | None = None) -> int:
    """Notify the population's members with an account who have not answered; at most once a (local) day.
    Returns how many were reminded."""
    _require_manage(actor, survey.org)
    survey = lock(Survey, pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError("只有收集中的问卷可以提醒")
    now = timezone.now()
    if survey.last_reminded_at and timezone.localdate(survey.last_reminded_at) == timezone.localdate(now):
        raise ValidationError("今天已经提醒过，每天最多提醒一次")
    recipients = list(reminder_recipients(survey))
    if not recipients:
        raise ValidationError("调查对象都已填写，或未填写的会员没有开通会员端账号，无需提醒")
    deadline = timezone.localtime(survey.closes_at).strftime("%Y年%m月%d日 %H:%M") if survey.closes_at else ""
    notify(
        recipients=recipients,
        title=f"请填写问卷：{survey.title}",
        body=f"{survey.org.name}邀请您填写问卷，截止时间 {deadline}。"
        if deadline
        else f"{survey.org.name}邀请您填写问卷。",
        url=reverse("surveys_portal:answer", args=[survey.public_id]),
        category="surveys",
    )
    survey.last_reminded_at = now
    survey.save(update_fields=["last_reminded_at", "updated_at"])
    surveys_event(
        subject=survey, actor=actor, action=SurveyAction.REMINDED, note=f"提醒未填写的 {len(recipients)} 人"
    )
    _audit(actor, survey, f"提醒问卷「{survey.title}」未填写的 {len(recipients)} 人", context)
    return len(recipients)
