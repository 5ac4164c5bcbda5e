"""Writes of 网上答题 / 网上练兵: banks and questions (manual and imported), activities (publish, cancel, notify,
remind), attempts (start, save an answer, submit once, time-out), the per-member result row, certificates, and
practice with its wrong-answer book. Keyword-only, actor explicit, one transaction each."""

import hashlib
import ipaddress
import random
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from gonghui.core.audit import audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, targets_expand

from .choices import (
    ActivityAction,
    ActivityPhase,
    ActivityStatus,
    AttemptStatus,
    BankAction,
    Difficulty,
    QuestionType,
    ScoreRule,
    SubmitReason,
)
from .events import activity_event, attempt_submitted_event, bank_event
from .models import (
    ActivityResult,
    ActivityUnit,
    Answer,
    Attempt,
    AttemptEvent,
    Certificate,
    PracticeStat,
    Question,
    QuestionBank,
    QuizActivity,
    WrongAnswer,
)
from .parsing import ParseResult
from .selectors import bank_stem_keys

LETTERS = "ABCDEFGH"
MIN_OPTIONS, MAX_OPTIONS = 2, 8
WRONG_CLEAR_STREAK = 2  # a wrong-book question leaves the book after this many right answers in a row
CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NOTIFY_CHUNK = 500


class AttemptClosed(Exception):  # noqa: N818 - a state, not an error of the caller
    """The attempt is no longer open (submitted, or its time ran out): the answer was not saved."""


def _audit(actor: Any, summary: str, *, subject: Any, org_id: int) -> None:
    """Admin edits that change what members are asked or what counts are audited (cadres only)."""
    if getattr(actor, "is_authenticated", False):
        audit_log(action=AuditAction.ADMIN_EDIT, summary=summary, actor=actor, subject=subject, org_id=org_id)


# ---- question banks ---------------------------------------------------------------------------------------


def stem_key(stem: str) -> str:
    """The normalised stem (width, case, spaces, punctuation ignored) as a fixed-length key."""
    text = unicodedata.normalize("NFKC", stem).lower()
    kept = "".join(c for c in text if unicodedata.category(c)[0] not in "PZSC")
    return hashlib.sha256(kept.encode()).hexdigest()


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    skipped: int
    skipped_stems: list[str] = field(default_factory=list)


@transaction.atomic
def bank_create(
    *, org: Org, name: str, actor: Any, description: str = "", shared_with_subtree: bool = False
) -> QuestionBank:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写题库名称"})
    if QuestionBank.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": f"{org.name}已有名为“{name}”的题库"})
    bank = QuestionBank.objects.create(
        org=org,
        name=name,
        description=description.strip(),
        shared_with_subtree=shared_with_subtree,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    bank_event(bank=bank, actor=actor, action=BankAction.CREATE, note=name)
    return bank


@transaction.atomic
def bank_update(
    *, bank: QuestionBank, name: str, description: str, shared_with_subtree: bool, actor: Any
) -> QuestionBank:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写题库名称"})
    if QuestionBank.objects.filter(org_id=bank.org_id, name=name).exclude(pk=bank.pk).exists():
        raise ValidationError({"name": f"本组织已有名为“{name}”的题库"})
    bank.name, bank.description, bank.shared_with_subtree = name, description.strip(), shared_with_subtree
    bank.save(update_fields=["name", "description", "shared_with_subtree", "updated_at"])
    note = "共享给下级工会" if shared_with_subtree else "不共享"
    bank_event(bank=bank, actor=actor, action=BankAction.EDIT, note=note)
    _audit(actor, f"修改题库“{bank.name}”（{note}）", subject=bank, org_id=bank.org_id)
    return bank


def bank_get_or_create(*, org: Org, name: str, actor: Any = None) -> QuestionBank:
    """The bank `name` of `org`, created when missing (used by `manage.py import_questions`)."""
    existing = QuestionBank.objects.filter(org=org, name=name.strip()).first()
    return existing or bank_create(org=org, name=name, actor=actor)


def difficulty_code(value: str) -> str:
    value = (value or "").strip()
    for choice in Difficulty:
        if value in (choice.value, str(choice.label)):
            return str(choice.value)
    return {
        "易": "easy",
        "简单": "easy",
        "较易": "easy",
        "中": "medium",
        "一般": "medium",
        "难": "hard",
        "较难": "hard",
    }.get(value, "")


def question_clean(
    *, type: str, stem: str, options: Sequence[str], answer: str
) -> tuple[str, list[str], str]:  # noqa: A002
    """Check one question's shape; returns (stem, options, answer) tidied, or raises with Chinese messages
    keyed by field."""
    stem = stem.strip()
    if type not in QuestionType.values:
        raise ValidationError({"type": "请选择题型（单选题、多选题或判断题）"})
    if not stem:
        raise ValidationError({"stem": "请填写题干"})
    answer = answer.strip()
    if type == QuestionType.JUDGE:
        if answer not in ("true", "false"):
            raise ValidationError({"answer": "判断题的答案须为“正确”或“错误”"})
        return stem, [], answer
    cleaned = [o.strip() for o in options]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if len(cleaned) < MIN_OPTIONS or len(cleaned) > MAX_OPTIONS or not all(cleaned):
        raise ValidationError({"options": f"选择题须有 {MIN_OPTIONS}–{MAX_OPTIONS} 个选项，且选项不能为空"})
    letters = "".join(sorted(set(answer.upper().replace(",", "").replace("，", "").replace(" ", ""))))
    valid = LETTERS[: len(cleaned)]
    if not letters or any(ch not in valid for ch in letters):
        raise ValidationError({"answer": f"答案须是选项字母 {valid[0]}–{valid[-1]} 中的字母"})
    if type == QuestionType.SINGLE and len(letters) != 1:
        raise ValidationError({"answer": "单选题只能有一个正确答案"})
    if type == QuestionType.MULTIPLE and len(letters) < 2:  # noqa: PLR2004
        raise ValidationError({"answer": "多选题至少有两个正确答案"})
    return stem, cleaned, letters


@transaction.atomic
def question_create(  # noqa: PLR0913 - the question's fields
    *,
    bank: QuestionBank,
    actor: Any,
    type: str,  # noqa: A002
    stem: str,
    options: Sequence[str],
    answer: str,
    explanation: str = "",
    category: str = "",
    difficulty: str = "",
    source: str = "",
) -> Question:
    stem, cleaned, answer = question_clean(type=type, stem=stem, options=options, answer=answer)
    key = stem_key(stem)
    if Question.objects.filter(bank=bank, stem_key=key).exists():
        raise ValidationError({"stem": "题库中已有相同题干的题目"})
    question = Question.objects.create(
        bank=bank,
        type=type,
        stem=stem,
        stem_key=key,
        options=cleaned,
        answer=answer,
        explanation=explanation.strip(),
        category=category.strip()[:50],
        difficulty=difficulty_code(difficulty),
        source=source.strip()[:200],
    )
    bank_event(bank=bank, actor=actor, action=BankAction.QUESTION_ADD, note=stem[:60])
    return question


@transaction.atomic
def question_update(  # noqa: PLR0913 - the question's fields
    *,
    question: Question,
    actor: Any,
    type: str,  # noqa: A002
    stem: str,
    options: Sequence[str],
    answer: str,
    explanation: str = "",
    category: str = "",
    difficulty: str = "",
    source: str = "",
) -> Question:
    stem, cleaned, answer = question_clean(type=type, stem=stem, options=options, answer=answer)
    key = stem_key(stem)
    if Question.objects.filter(bank_id=question.bank_id, stem_key=key).exclude(pk=question.pk).exists():
        raise ValidationError({"stem": "题库中已有相同题干的题目"})
    question.type, question.stem, question.stem_key = type, stem, key
    question.options, question.answer = cleaned, answer
    question.explanation, question.category = explanation.strip(), category.strip()[:50]
    question.difficulty, question.source = difficulty_code(difficulty), source.strip()[:200]
    question.save()
    bank_event(bank=question.bank, actor=actor, action=BankAction.QUESTION_EDIT, note=stem[:60])
    _audit(actor, f"修改试题：{stem[:60]}", subject=question, org_id=question.bank.org_id)
    return question


@transaction.atomic
def question_set_active(*, question: Question, active: bool, actor: Any) -> Question:
    question.is_active = active
    question.save(update_fields=["is_active", "updated_at"])
    label = "启用" if active else "停用"
    bank_event(
        bank=question.bank,
        actor=actor,
        action=BankAction.QUESTION_DISABLE,
        note=f"{label}：{question.stem[:50]}",
    )
    return question


@transaction.atomic
def questions_import(*, bank: QuestionBank, result: ParseResult, actor: Any = None) -> ImportOutcome:
    """Add a parsed file's questions to the bank. A question whose normalised stem the bank (or the file, earlier)
    already holds is skipped and reported; a question that fails the bank's checks is skipped too."""
    seen = bank_stem_keys(bank)
    rows: list[Question] = []
    skipped: list[str] = []
    for parsed in result.questions:
        try:
            stem, options, answer = question_clean(
                type=parsed.type, stem=parsed.stem, options=parsed.options, answer=parsed.answer
            )
        except ValidationError:
            skipped.append(parsed.stem)
            continue
        key = stem_key(stem)
        if key in seen:
            skipped.append(parsed.stem)
            continue
        seen.add(key)
        rows.append(
            Question(
                bank=bank,
                type=parsed.type,
                stem=stem,
                stem_key=key,
                options=options,
                answer=answer,
                explanation=(parsed.explanation or "").strip(),
                category=(parsed.category or "").strip()[:50],
                difficulty=difficulty_code(parsed.difficulty),
                source=(parsed.source or "").strip()[:200],
            )
        )
    Question.objects.bulk_create(rows, batch_size=500)
    bank_event(
        bank=bank,
        actor=actor,
        action=BankAction.IMPORT,
        note=f"新增 {len(rows)} 题，跳过重复或不合格 {len(skipped)} 题",
    )
    return ImportOutcome(created=len(rows), skipped=len(skipped), skipped_stems=skipped)


# ---- activities -------------------------------------------------------------------------------------------


@dataclass
class ActivitySpec:
    """What an organiser sets on an activity (the form's cleaned data)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    banks: list[QuestionBank]
    draw_rules: list[dict[str, Any]]
    targets: list[OrgTarget]
    description: str = ""
    member_filter: dict[str, Any] = field(default_factory=dict)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    time_limit_minutes: int = 10
    attempts_per_day: int = 3
    attempts_total: int = 0
    score_rule: str = ScoreRule.BEST
    points_per_question: int = 10
    pass_mark: int = 60
    excellent_mark: int = 90
    levels: int = 0
    certificate_enabled: bool = False
    focus_budget: int = 0
    ip_ranges: str = ""


SPEC_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "member_filter",
    "draw_rules",
    "shuffle_questions",
    "shuffle_options",
    "time_limit_minutes",
    "attempts_per_day",
    "attempts_total",
    "score_rule",
    "points_per_question",
    "pass_mark",
    "excellent_mark",
    "levels",
    "certificate_enabled",
    "focus_budget",
    "ip_ranges",
)


def ip_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            networks.append(ipaddress.ip_network(line, strict=False))
        except ValueError:
            raise ValidationError(
                {"ip_ranges": f"第 {number} 行“{line}”不是有效的 IP 段（如 10.1.0.0/16）"}
            ) from None
    return networks


def _pool_check(banks: Iterable[QuestionBank], draw_rules: list[dict[str, Any]]) -> None:
    if not draw_rules or not any(int(r.get("count", 0)) > 0 for r in draw_rules):
        raise ValidationError({"draw_rules": "请至少设置一条抽题规则（分类和题数）"})
    pool = Question.objects.filter(bank__in=list(banks), is_active=True)
    needed: dict[str, int] = {}
    for rule in draw_rules:
        needed[str(rule.get("category", ""))] = needed.get(str(rule.get("category", "")), 0) + int(
            rule["count"]
        )
    for category, count in needed.items():
        have = (pool.filter(category=category) if category else pool).count()
        if have < count:
            label = category or "不限分类"
            raise ValidationError({"draw_rules": f"“{label}”需要抽 {count} 题，所选题库中只有 {have} 题"})
    if sum(needed.values()) > pool.count():
        raise ValidationError(
            {"draw_rules": f"共需抽 {sum(needed.values())} 题，所选题库中只有 {pool.count()} 题"}
        )


def _spec_check(spec: ActivitySpec, *, org: Org) -> None:
    if not spec.title.strip():
        raise ValidationError({"title": "请填写活动名称"})
    if spec.ends_at <= spec.starts_at:
        raise ValidationError({"ends_at": "结束时间须晚于开始时间"})
    if not spec.banks:
        raise ValidationError({"banks": "请至少选择一个题库"})
    if not spec.targets:
        raise ValidationError({"targets": "请选择参与范围"})
    if spec.pass_mark > spec.excellent_mark:
        raise ValidationError({"pass_mark": "及格分不能高于高分线"})
    targets_expand(spec.targets, within=org, include_within=True)
    ip_networks(spec.ip_ranges)
    _pool_check(spec.banks, spec.draw_rules)


def _spec_apply(activity: QuizActivity, spec: ActivitySpec) -> None:
    for name in SPEC_FIELDS:
        setattr(activity, name, getattr(spec, name))
    activity.title = spec.title.strip()
    activity.targets = [t.as_dict() for t in spec.targets]


@transaction.atomic
def activity_create(*, org: Org, spec: ActivitySpec, actor: Any) -> QuizActivity:
    _spec_check(spec, org=org)
    activity = QuizActivity(org=org, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _spec_apply(activity, spec)
    activity.save()
    activity.banks.set(spec.banks)
    activity_event(activity=activity, actor=actor, action=ActivityAction.CREATE, to_state=activity.status)
    return activity


@transaction.atomic
def activity_update(*, activity: QuizActivity, spec: ActivitySpec, actor: Any) -> QuizActivity:
    if activity.status != ActivityStatus.DRAFT:
        raise ValidationError("只有草稿状态的活动可以修改")
    _spec_check(spec, org=activity.org)
    _spec_apply(activity, spec)
    activity.save()
    activity.banks.set(spec.banks)
    activity_event(activity=activity, actor=actor, action=ActivityAction.EDIT)
    return activity


@transaction.atomic
def activity_publish(*, activity: QuizActivity, actor: Any) -> QuizActivity:
    """草稿 → 已发布: the targets become `ActivityUnit` rows; members are notified when the window opens."""
    activity = lock(QuizActivity, pk=activity.pk)
    if activity.status != ActivityStatus.DRAFT:
        raise ValidationError(f"当前状态“{activity.get_status_display()}”下不能发布")
    if activity.ends_at <= timezone.now():
        raise ValidationError("活动结束时间已过，请先修改时间")
    targets = [OrgTarget.from_dict(t) for t in activity.targets]
    orgs = list(targets_expand(targets, within=activity.org, include_within=True))
    if not orgs:
        raise ValidationError("参与范围内没有正常状态的组织")
    _pool_check(activity.banks.all(), activity.draw_rules)
    ActivityUnit.objects.bulk_create(
        [ActivityUnit(activity=activity, org=o) for o in orgs], ignore_conflicts=True
    )
    activity.status = ActivityStatus.PUBLISHED
    activity.save(update_fields=["status", "updated_at"])
    _audit(actor, f"发布答题活动“{activity.title}”", subject=activity, org_id=activity.org_id)
    activity_event(
        activity=activity,
        actor=actor,
        action=ActivityAction.PUBLISH,
        from_state=ActivityStatus.DRAFT,
        to_state=ActivityStatus.PUBLISHED,
        note=f"参与单位 {len(orgs)} 个",
    )
    if activity.phase == ActivityPhase.OPEN:
        activity_open_notify(activity=activity)
    return activity


@transaction.atomic
def activity_cancel(*, activity: QuizActivity, actor: Any, reason: str) -> QuizActivity:
    activity = lock(QuizActivity, pk=activity.pk)
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError("活动已撤销")
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销原因"})
    old = activity.status
    _audit(actor, f"撤销答题活动“{activity.title}”：{reason}", subject=activity, org_id=activity.org_id)
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    activity_event(
        activity=activity,
        actor=actor,
        action=ActivityAction.CANCEL,
        from_state=old,
        to_state=activity.status,
        note=reason,
    )
    return activity


def _member_users(members: Iterable[Member]) -> list[Any]:
    return [m.user for m in members if m.user_id]


def activity_open_notify(*, activity: QuizActivity) -> int:
    """Tell the eligible members that the activity is open; the claim (a conditional update) makes it once only."""
    from .selectors import activity_eligible_members

    with transaction.atomic():
        claimed = QuizActivity.objects.filter(pk=activity.pk, opened_notified_at__isnull=True).update(
            opened_notified_at=timezone.now()
        )
        if not claimed:
            return 0
        members = activity_eligible_members(activity).filter(user__isnull=False).select_related("user")
        url = reverse("quizzes:portal_activity", args=[activity.public_id])
        count = 0
        batch: list[Member] = []
        for member in members.iterator(chunk_size=NOTIFY_CHUNK):
            batch.append(member)
            if len(batch) >= NOTIFY_CHUNK:
                count += len(
                    notify(
                        recipients=_member_users(batch),
                        title=f"答题活动开始：{activity.title}",
                        url=url,
                        category="quizzes",
                    )
                )
                batch = []
        if batch:
            count += len(
                notify(
                    recipients=_member_users(batch),
                    title=f"答题活动开始：{activity.title}",
                    url=url,
                    category="quizzes",
                )
            )
        activity_event(
            activity=activity, actor=None, action=ActivityAction.NOTIFY, note=f"通知会员 {count} 人"
        )
    return count


def activities_open_notify_due() -> str:
    """Scheduled job: notify members of every published activity whose window has opened (once each)."""
    now = timezone.now()
    due = QuizActivity.objects.filter(
        status=ActivityStatus.PUBLISHED, opened_notified_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    )
    sent = 0
    activities = list(due)
    for activity in activities:
        sent += activity_open_notify(activity=activity)
    return f"答题活动开始通知：{len(activities)} 个活动，{sent} 人"


@transaction.atomic
def activity_remind(*, activity: QuizActivity, unit: Org, actor: Any) -> int:
    """Remind the eligible members of `unit` (and below) who have not taken part yet."""
    from .selectors import activity_absent_members

    if activity.phase != ActivityPhase.OPEN:
        raise ValidationError("只有进行中的活动可以发送催答提醒")
    members = list(
        activity_absent_members(activity, unit=unit).filter(user__isnull=False).select_related("user")
    )
    url = reverse("quizzes:portal_activity", args=[activity.public_id])
    notify(
        recipients=_member_users(members),
        title=f"请参加答题活动：{activity.title}",
        body=f"活动将于 {timezone.localtime(activity.ends_at):%Y-%m-%d %H:%M} 结束",
        url=url,
        category="quizzes",
    )
    activity_event(
        activity=activity,
        actor=actor,
        action=ActivityAction.REMIND,
        note=f"{unit.name}：提醒 {len(members)} 人",
    )
    return len(members)


# ---- attempts ---------------------------------------------------------------------------------------------


def attempt_draw(
    activity: QuizActivity, *, rng: random.Random | None = None
) -> tuple[list[int], dict[str, Any]]:
    """Draw the paper: per rule `count` questions of its category (no question twice), optionally shuffled;
    each choice question gets its option order. Returns (question ids, {id: {"type", "order"}})."""
    rng = rng or random.Random()  # noqa: S311 - not security-relevant
    pool = Question.objects.filter(bank__in=activity.banks.all(), is_active=True)
    picked: list[int] = []
    for rule in activity.draw_rules:
        count = int(rule.get("count", 0))
        if count <= 0:
            continue
        category = str(rule.get("category", ""))
        candidates = pool.filter(category=category) if category else pool
        ids = sorted(set(candidates.values_list("id", flat=True)) - set(picked))
        if len(ids) < count:
            raise ValidationError(f"题库中“{category or '不限分类'}”的题目不足 {count} 题，请联系活动组织者")
        chosen = rng.sample(ids, count)
        picked.extend(chosen if activity.shuffle_questions else sorted(chosen))
    if activity.shuffle_questions:
        rng.shuffle(picked)
    orders: dict[str, Any] = {}
    for qid, qtype, options in Question.objects.filter(id__in=picked).values_list("id", "type", "options"):
        order = list(range(len(options)))
        if activity.shuffle_options and qtype != QuestionType.JUDGE:
            rng.shuffle(order)
        orders[str(qid)] = {"type": qtype, "order": order}
    return picked, orders


def _ip_allowed(activity: QuizActivity, ip: str | None) -> bool:
    networks = ip_networks(activity.ip_ranges)
    if not networks:
        return True
    if not ip:
        return False
    address = ipaddress.ip_address(ip)
    return any(address in network for network in networks)


def activity_level_today(activity: QuizActivity, *, now: datetime | None = None) -> int:
    """In levels mode the level open today (one more per day from the start), else 0."""
    if not activity.levels:
        return 0
    now = now or timezone.now()
    days = (timezone.localdate(now) - timezone.localdate(activity.starts_at)).days
    return max(1, min(activity.levels, days + 1))


def attempt_limits_check(activity: QuizActivity, member: Member, *, now: datetime) -> None:
    attempts = Attempt.objects.filter(activity=activity, member=member)
    if activity.attempts_total and attempts.count() >= activity.attempts_total:
        raise ValidationError(f"本活动每人最多答 {activity.attempts_total} 次，您的次数已用完")
    if (
        activity.attempts_per_day
        and attempts.filter(started_on=timezone.localdate(now)).count() >= activity.attempts_per_day
    ):
        raise ValidationError(
            f"本活动每人每天最多答 {activity.attempts_per_day} 次，今天的次数已用完，请明天再来"
        )


def attempt_start(
    *, activity: QuizActivity, member: Member, ip: str | None = None, now: datetime | None = None
) -> Attempt:
    """Start (or resume) the member's attempt. The start time and deadline come from the server clock."""
    from .selectors import activity_member_eligible

    now = now or timezone.now()
    if activity.phase != ActivityPhase.OPEN:
        raise ValidationError("活动不在进行中")
    if not activity_member_eligible(activity, member):
        raise PermissionDenied("您不在本活动的参与范围内")
    if not _ip_allowed(activity, ip):
        raise ValidationError("本活动只允许在指定网络（IP 段）内答题")
    open_attempt = Attempt.objects.filter(activity=activity, member=member, status=AttemptStatus.OPEN).first()
    if open_attempt is not None:
        if now < open_attempt.deadline_at:
            return open_attempt
        attempt_submit(attempt=open_attempt, reason=SubmitReason.TIMEOUT, now=now)
    attempt_limits_check(activity, member, now=now)
    question_ids, orders = attempt_draw(activity)
    deadline = min(now + timedelta(minutes=activity.time_limit_minutes), activity.ends_at)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                activity=activity,
                member=member,
                org_id=member.org_id,
                level=activity_level_today(activity, now=now),
                started_at=now,
                started_on=timezone.localdate(now),
                deadline_at=deadline,
                question_ids=question_ids,
                option_orders=orders,
                ip_address=ip,
            )
    except IntegrityError:  # a second tab started at the same moment: one open attempt per member
        existing = Attempt.objects.filter(activity=activity, member=member, status=AttemptStatus.OPEN).first()
        if existing is None:
            raise
        return existing


def answer_values(attempt: Attempt, question_id: int, chosen: Sequence[str]) -> str:
    """Check the posted choice against the stored paper and return it in canonical form ("" clears it)."""
    spec = attempt.option_orders.get(str(question_id))
    if spec is None:
        raise ValidationError("该题不在本次答卷中")
    values = [c.strip() for c in chosen if c and c.strip()]
    if spec["type"] == QuestionType.JUDGE:
        if len(values) > 1 or any(v not in ("true", "false") for v in values):
            raise ValidationError("判断题请选择“正确”或“错误”")
        return values[0] if values else ""
    letters = "".join(sorted({v.upper() for v in values}))
    valid = LETTERS[: len(spec["order"])]
    if any(ch not in valid for ch in letters):
        raise ValidationError("所选选项不存在")
    if spec["type"] == QuestionType.SINGLE and len(letters) > 1:
        raise ValidationError("单选题只能选一个选项")
    return letters


def attempt_answer_save(
    *, attempt: Attempt, question_id: int, chosen: Sequence[str], now: datetime | None = None
) -> str:
    """Save (upsert) one answer as it is chosen: one INSERT … ON CONFLICT statement. Raises `AttemptClosed` when the
    attempt was submitted or its time is up (the caller then submits it)."""
    now = now or timezone.now()
    if attempt.status != AttemptStatus.OPEN or now >= attempt.deadline_at:
        raise AttemptClosed
    value = answer_values(attempt, question_id, chosen)
    if not value:
        Answer.objects.filter(attempt=attempt, question_id=question_id).delete()
        return value
    _answer_upsert(attempt_id=attempt.pk, question_id=question_id, chosen=value, now=now)
    return value


def _answer_upsert(*, attempt_id: int, question_id: int, chosen: str, now: datetime) -> None:
    """One `INSERT … ON CONFLICT DO UPDATE` (PostgreSQL and SQLite ≥ 3.24), written out because the ORM's
    `bulk_create(update_conflicts=True)` costs more Python than the statement itself on the busiest endpoint."""
    quote = connection.ops.quote_name
    table = quote(Answer._meta.db_table)
    cursor: Any
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (attempt_id, question_id, chosen, is_correct, answered_at) "  # noqa: S608
            "VALUES (%s, %s, %s, NULL, %s) ON CONFLICT (attempt_id, question_id) "
            "DO UPDATE SET chosen = excluded.chosen, answered_at = excluded.answered_at",
            [attempt_id, question_id, chosen, connection.ops.adapt_datetimefield_value(now)],
        )


def wrong_answers_record(*, member_id: int, question_ids: Sequence[int], now: datetime) -> None:
    """Feed the member's 错题本 from a graded attempt: each wrongly answered question is added, or its wrong count
    raised (and its streak of right answers reset). One `INSERT … ON CONFLICT DO UPDATE` for the whole paper, run
    inside the grading transaction; unanswered questions are not wrong answers. Written out because the ORM's
    `bulk_create(update_conflicts=True)` can only overwrite a column, not add to it."""
    ids = sorted(set(question_ids))
    if not ids:
        return
    quote = connection.ops.quote_name
    table = quote(WrongAnswer._meta.db_table)
    at = connection.ops.adapt_datetimefield_value(now)
    rows = ", ".join(["(%s, %s, 1, 0, %s)"] * len(ids))
    params: list[Any] = []
    for question_id in ids:
        params.extend([member_id, question_id, at])
    cursor: Any
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, question_id, wrong_count, right_streak, last_at) "  # noqa: S608
            f"VALUES {rows} ON CONFLICT (member_id, question_id) DO UPDATE SET "
            f"wrong_count = {table}.wrong_count + 1, right_streak = 0, last_at = excluded.last_at",
            params,
        )


def _counted(rows: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    if rule == ScoreRule.FIRST:
        return rows[0]
    if rule == ScoreRule.LATEST:
        return rows[-1]
    return min(rows, key=lambda r: (-r["score"], r["seconds_used"], r["submitted_at"]))


def result_refresh(*, activity: QuizActivity, member_id: int, org_id: int) -> ActivityResult:
    """Rewrite the member's counted result from their submitted attempts (best / latest / first; in levels mode the
    sum over levels of each level's counted attempt)."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Attempt.objects.filter(
            activity=activity, member_id=member_id, status=AttemptStatus.SUBMITTED
        )
        .order_by("submitted_at", "id")
        .values("id", "score", "seconds_used", "level", "submitted_at")
    ]
    by_level: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_level.setdefault(row["level"], []).append(row)
    counted = [_counted(level_rows, activity.score_rule) for level_rows in by_level.values()]
    score = sum(r["score"] or 0 for r in counted)
    seconds = sum(r["seconds_used"] or 0 for r in counted)
    pass_mark = activity.pass_mark * (len(by_level) if activity.levels else 1)
    result, _created = ActivityResult.objects.update_or_create(
        activity=activity,
        member_id=member_id,
        defaults={
            "org_id": org_id,
            "score": score,
            "seconds_used": seconds,
            "attempts": len(rows),
            "passed": bool(rows) and score >= pass_mark,
            "counted_attempt_id": counted[-1]["id"] if counted else None,
        },
    )
    return result


def _certificate_code() -> str:
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(10))


def certificate_issue(*, activity: QuizActivity, member_id: int, score: int) -> Certificate:
    existing = Certificate.objects.filter(activity=activity, member_id=member_id).first()
    if existing is not None:
        if existing.score != score:
            existing.score = score
            existing.save(update_fields=["score", "updated_at"])
        return existing
    return Certificate.objects.create(
        activity=activity, member_id=member_id, score=score, code=_certificate_code()
    )


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, reason: SubmitReason, actor: Any = None, now: datetime | None = None
) -> Attempt:
    """Submit and grade. A conditional UPDATE (status open → submitted) decides who grades: a second submit —
    a double click, the time-out job, 20 concurrent requests — finds the row no longer open and changes nothing.
    A time-out counts the time up to the deadline and grades the answers saved so far."""
    now = now or timezone.now()
    submitted_at = min(now, attempt.deadline_at)
    claimed = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.OPEN).update(
        status=AttemptStatus.SUBMITTED, submitted_at=submitted_at, submit_reason=reason
    )
    if not claimed:
        return Attempt.objects.select_related("activity").get(pk=attempt.pk)
    activity = QuizActivity.objects.get(pk=attempt.activity_id)
    answers = list(Answer.objects.filter(attempt_id=attempt.pk))
    keys = dict(Question.objects.filter(id__in=attempt.question_ids).values_list("id", "answer"))
    for answer in answers:
        answer.is_correct = answer.chosen == keys.get(answer.question_id)
    Answer.objects.bulk_update(answers, ["is_correct"])
    wrong_answers_record(
        member_id=attempt.member_id,
        question_ids=[a.question_id for a in answers if not a.is_correct],
        now=submitted_at,
    )
    correct = sum(1 for a in answers if a.is_correct)
    seconds = max(0, round((submitted_at - attempt.started_at).total_seconds()))
    score = correct * activity.points_per_question
    Attempt.objects.filter(pk=attempt.pk).update(score=score, correct_count=correct, seconds_used=seconds)
    result = result_refresh(activity=activity, member_id=attempt.member_id, org_id=attempt.org_id)
    if activity.certificate_enabled and result.passed:
        certificate_issue(activity=activity, member_id=attempt.member_id, score=result.score)
    attempt.status, attempt.submitted_at, attempt.submit_reason = (
        AttemptStatus.SUBMITTED,
        submitted_at,
        reason,
    )
    attempt.score, attempt.correct_count, attempt.seconds_used = score, correct, seconds
    attempt_submitted_event(
        attempt=attempt,
        actor=actor,
        reason=reason,
        note=f"{correct}/{len(attempt.question_ids)} 题正确，{score} 分",
    )
    return attempt


def attempts_expire_due(*, now: datetime | None = None) -> str:
    """Scheduled job: submit every open attempt whose time ran out, with the answers saved so far."""
    now = now or timezone.now()
    due = list(
        Attempt.objects.filter(status=AttemptStatus.OPEN, deadline_at__lte=now).order_by("deadline_at")[:2000]
    )
    graded = 0
    for attempt in due:
        if (
            attempt_submit(attempt=attempt, reason=SubmitReason.TIMEOUT, now=now).submit_reason
            == SubmitReason.TIMEOUT
        ):
            graded += 1
    return f"超时自动交卷 {graded} 份"


@transaction.atomic
def attempt_focus_lost(*, attempt: Attempt, kind: str = "blur") -> Attempt:
    """Log a focus loss / tab switch; past the activity's budget the attempt is submitted."""
    if attempt.status != AttemptStatus.OPEN:
        return attempt
    AttemptEvent.objects.create(attempt=attempt, kind=kind[:20] or "blur")
    Attempt.objects.filter(pk=attempt.pk).update(focus_losses=F("focus_losses") + 1)
    attempt.refresh_from_db(fields=["focus_losses"])
    budget = attempt.activity.focus_budget
    if budget and attempt.focus_losses >= budget:
        return attempt_submit(attempt=attempt, reason=SubmitReason.FOCUS)
    return attempt


# ---- practice (练兵) ---------------------------------------------------------------------------------------


@transaction.atomic
def practice_answer(*, member: Member, question: Question, chosen: Sequence[str]) -> bool:
    """Grade one practice answer; update mastery for the category and the wrong-answer book."""
    if question.type == QuestionType.JUDGE:
        value = chosen[0] if chosen else ""
    else:
        value = "".join(sorted({c.upper() for c in chosen if c}))
    if not value:
        raise ValidationError("请选择答案")
    correct = value == question.answer
    now = timezone.now()
    stat, _ = PracticeStat.objects.get_or_create(member=member, category=question.category or "未分类")
    PracticeStat.objects.filter(pk=stat.pk).update(
        answered=F("answered") + 1, correct=F("correct") + int(correct)
    )
    wrong = WrongAnswer.objects.select_for_update().filter(member=member, question=question).first()
    if not correct:
        if wrong is None:
            WrongAnswer.objects.create(member=member, question=question, wrong_count=1, last_at=now)
        else:
            wrong.wrong_count, wrong.right_streak, wrong.last_at = wrong.wrong_count + 1, 0, now
            wrong.save(update_fields=["wrong_count", "right_streak", "last_at"])
    elif wrong is not None:
        if wrong.right_streak + 1 >= WRONG_CLEAR_STREAK:
            wrong.delete()
        else:
            wrong.right_streak, wrong.last_at = wrong.right_streak + 1, now
            wrong.save(update_fields=["right_streak", "last_at"])
    return correct
