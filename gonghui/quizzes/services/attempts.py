"""Writes of attempts: draw the paper, start (limits, IP ranges, one open attempt), save an answer while open,
submit once (score, result row, wrong-answer book, certificate), time-out and focus-loss events."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.certificates.models import Certificate
from gonghui.certificates.services import certificate_issue
from gonghui.members.models import Member

from ..certificates import QUIZ_KIND
from ..choices import (
    AttemptStatus,
    ScoreRule,
    SubmitReason,
)
from ..events import attempt_submitted_event
from ..models import (
    ActivityResult,
    Answer,
    Attempt,
    AttemptEvent,
    Question,
    QuizActivity,
    WrongAnswer,
)
from ..questions import answer_values, attempt_draw
from ..rules import activity_level_today
from ..workflows import attempt_limits_refusal, attempt_open_check, attempts_left

WRONG_CLEAR_STREAK = 2  # a wrong-book question leaves the book after this many right answers in a row


class AttemptClosed(Exception):  # a state, not an error of the caller
    """The attempt is no longer open (submitted, or its time ran out): the answer was not saved."""


def attempt_limits_check(activity: QuizActivity, member: Member, *, now: datetime) -> None:
    """Only the attempts-left part of the 开始答题 rule (`workflows.attempt_entry` holds the whole rule)."""
    attempts = Attempt.objects.filter(activity=activity, member=member)
    refusal = attempt_limits_refusal(
        activity,
        left_today=attempts_left(
            activity.attempts_per_day, attempts.filter(started_on=timezone.localdate(now)).count()
        ),
        left_total=attempts_left(activity.attempts_total, attempts.count()),
    )
    if refusal is not None:
        raise refusal


def attempt_start(
    *, activity: QuizActivity, member: Member, ip: str | None = None, now: datetime | None = None
) -> Attempt:
    """Start (or continue) the member's attempt when `workflows.attempt_open_check` allows it, refusing with its
    reason otherwise. An open attempt whose time ran out is submitted first. The start time and deadline come from
    the server clock."""
    now = now or timezone.now()
    resume = attempt_open_check(activity, member, ip=ip, now=now)
    if resume is not None:
        return resume
    expired = Attempt.objects.filter(activity=activity, member=member, status=AttemptStatus.OPEN).first()
    if expired is not None:
        attempt_submit(attempt=expired, reason=SubmitReason.TIMEOUT, now=now)
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


def quiz_certificate_issue(
    *, activity: QuizActivity, member: Member, score: int, actor: Actor | None, awarded_at: datetime
) -> Certificate:
    """答题证书 for a member who passed: the block's certificate of kind `quiz` (owner the activity, holder the
    member, issued by the activity's union, numbered 答题证〔year〕n号), dated the day it is graded.
    Issued once: a later, better attempt leaves the certificate (and the score printed on it) as it was."""
    return certificate_issue(
        kind=QUIZ_KIND,
        issuer=activity.org,
        owner=activity,
        holder=member,
        holder_name=member.name,
        holder_org=member.org,
        title=activity.title,
        awarded_on=timezone.localdate(awarded_at),
        data={"score": score},
        actor=actor,
    )


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, reason: SubmitReason, actor: Actor | None = None, now: datetime | None = None
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
        quiz_certificate_issue(
            activity=activity,
            member=Member.objects.select_related("org").get(pk=attempt.member_id),
            score=result.score,
            actor=None,  # awarded by the platform on a passing grade, not by the member who submitted
            awarded_at=now,
        )
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
