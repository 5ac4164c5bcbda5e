"""Reads of 网上答题, scoped through `visible_to` / `get_visible_or_404`. Boards read the precomputed `ActivityResult` rows:
the unit board is one grouped query over them plus one grouped count of eligible members, rolled up by tree path in
Python and cached for `BOARD_CACHE_SECONDS`."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.actors import Actor, AnonymousUser, Visitor
from gonghui.accounts.scoping import action_paths, has_action, require_action
from gonghui.accounts.session_user import column
from gonghui.certificates.models import Certificate
from gonghui.certificates.selectors import certificates_of_holder, certificates_of_owner
from gonghui.core.registry import PortalCardItem
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.selectors.filters import MemberFilter, member_filter_matches, member_filter_q
from gonghui.orgs.models import Org

from .certificates import QUIZ_KIND
from .choices import ActivityStatus, AttemptStatus
from .models import (
    VIEW,
    ActivityResult,
    ActivityUnit,
    Answer,
    Attempt,
    AttemptEvent,
    PracticeStat,
    Question,
    QuestionBank,
    QuizActivity,
    WrongAnswer,
)

BOARD_CACHE_SECONDS = 60


# ---- banks ------------------------------------------------------------------------------------------------


def bank_list_for_user(*, user: Actor, q: str = "") -> QuerySet[QuestionBank]:
    banks = (
        QuestionBank.objects.visible_to(user, VIEW)
        .select_related("org")
        .annotate(question_count=Count("questions", filter=Q(questions__is_active=True)))
    )
    if q:
        banks = banks.filter(name__icontains=q)
    return banks.order_by("org__path", "name")


def bank_get_for_user(*, user: Actor, pk: int, action: str = VIEW) -> QuestionBank:
    """A bank visible to the user (own subtree or shared down from above; else 404). `manage` additionally needs
    the action on the bank's own org (403): a shared bank is read-only below."""
    bank = QuestionBank.objects.select_related("org").get_visible_or_404(user, VIEW, pk=pk)
    if action != VIEW:
        require_action(user, action, bank.org)
    return bank


def question_list(
    *, bank: QuestionBank, q: str = "", type: str = "", category: str = ""
) -> QuerySet[Question]:
    """The bank's questions, each with its `number` in the bank (1, 2, … in the order they were added; questions
    are disabled, never deleted, so a number stays with its question whatever the filters)."""
    earlier = (
        Question.objects.filter(bank_id=OuterRef("bank_id"), id__lte=OuterRef("id"))
        .order_by()
        .values("bank_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    questions = Question.objects.filter(bank=bank).annotate(number=Subquery(earlier))
    if q:
        questions = questions.filter(stem__icontains=q)
    if type:
        questions = questions.filter(type=type)
    if category:
        questions = questions.filter(category=category)
    return questions.order_by("-is_active", "id")


def bank_categories(bank: QuestionBank) -> list[str]:
    return sorted(
        set(Question.objects.filter(bank=bank).exclude(category="").values_list("category", flat=True))
    )


def question_get(*, bank: QuestionBank, pk: int) -> Question:
    return get_object_or_404(Question, bank=bank, pk=pk)


# ---- activities -------------------------------------------------------------------------------------------


def activity_published_by(org: Org) -> bool:
    """First step 发布一次答题 (`core.registry.first_steps`): the union has published a quiz activity of its own."""
    return QuizActivity.objects.filter(org=org, status=ActivityStatus.PUBLISHED).exists()


def activity_list_for_user(*, user: Actor, q: str = "", status: str = "") -> QuerySet[QuizActivity]:
    activities = QuizActivity.objects.visible_to(user, VIEW).select_related("org")
    if q:
        activities = activities.filter(title__icontains=q)
    if status:
        activities = activities.filter(status=status)
    return activities.annotate(participants=Count("results", distinct=True)).order_by("-starts_at", "-id")


def open_activity_count(*, user: Actor, within: Org | None = None) -> int:
    now = timezone.now()
    activities = QuizActivity.objects.visible_to(user, VIEW).filter(
        status=ActivityStatus.PUBLISHED,
        starts_at__lte=now,
        ends_at__gt=now,
    )
    if within is not None:  # organised in the org's subtree, or taken part in by a unit there
        units = ActivityUnit.objects.filter(activity=OuterRef("pk"), org__path__startswith=within.path)
        activities = activities.filter(Q(org__path__startswith=within.path) | Exists(units))
    return activities.count()


def activity_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> QuizActivity:
    return QuizActivity.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=action, public_id=public_id
    )


@dataclass(frozen=True)
class ActivityAccess:
    """How a cadre sees an activity. The organiser side (the action on the activity's org, directly or from
    above) sees all of it; a participating union (a unit, or a union above some units, inside the activity's
    scope) sees it read-only and only within `roots`, its own subtrees that hold units."""

    activity: QuizActivity
    organiser: bool
    roots: tuple[Org, ...]

    @property
    def root(self) -> Org:
        """The default scope of the boards: the organiser's org, or the participant's (first) own subtree."""
        return self.roots[0]

    @property
    def default_within(self) -> Org | None:
        """None (the whole activity) for the organiser side; the participant's own subtree otherwise."""
        return None if self.organiser else self.root

    def contains(self, org: Org) -> bool:
        return any(org.path.startswith(root.path) for root in self.roots)

    def roots_q(self, path_field: str) -> Q:
        """Rows whose path (through `path_field`) lies in the viewer's subtrees of the activity."""
        q = Q(pk__in=[])
        for root in self.roots:
            q |= Q(**{f"{path_field}__startswith": root.path})
        return q


def activity_access_for_user(*, user: Actor, public_id: Any) -> ActivityAccess:
    """The activity if the user organises it or takes part in it (else 404), with the subtrees they may see."""
    activity = QuizActivity.objects.select_related("org").get_visible_or_404(user, VIEW, public_id=public_id)
    if has_action(user, VIEW, activity.org):
        return ActivityAccess(activity=activity, organiser=True, roots=(activity.org,))
    units = ActivityUnit.objects.filter(activity=activity, org__path__startswith=OuterRef("path"))
    paths = [p for p in action_paths(user, VIEW) if p.startswith(activity.org.path)]
    roots = tuple(Org.objects.filter(Exists(units), path__in=paths).order_by("path"))
    if not roots:  # visible through a unit, so this does not happen; never widen to the whole activity
        raise Http404
    return ActivityAccess(activity=activity, organiser=False, roots=roots)


def activity_banks(activity: QuizActivity) -> QuerySet[QuestionBank]:
    """The banks an activity draws from, with their unions (the detail page lists them)."""
    return activity.banks.select_related("org")


def activity_unit_count(activity: QuizActivity) -> int:
    """How many unions take part (the `ActivityUnit` rows written at publishing)."""
    return ActivityUnit.objects.filter(activity=activity).count()


def activity_banks_choosable(*, user: Actor) -> QuerySet[QuestionBank]:
    return QuestionBank.objects.visible_to(user, VIEW).select_related("org").order_by("org__path", "name")


def _member_filter_q(activity: QuizActivity) -> Q:
    """The activity's 会员条件 (`QuizActivity.member_filter`, a `MemberFilter` as JSON) as a condition on `Member`."""
    return member_filter_q(MemberFilter.from_dict(activity.member_filter))


def activity_eligible_members(activity: QuizActivity) -> QuerySet[Member]:
    """在籍 members of the eligible units who match the member filters."""
    units = ActivityUnit.objects.filter(activity=activity, org_id=OuterRef("org_id"))
    return Member.objects.filter(Exists(units), _member_filter_q(activity), status=MemberStatus.ACTIVE)


def activity_member_eligible(activity: QuizActivity, member: Member) -> bool:
    return activity_eligible_members(activity).filter(pk=member.pk).exists()


def activity_absent_members(activity: QuizActivity, *, unit: Org) -> QuerySet[Member]:
    """Eligible members of `unit` and below who have not submitted any attempt yet."""
    taken = ActivityResult.objects.filter(activity=activity, member_id=OuterRef("pk"))
    return (
        activity_eligible_members(activity)
        .filter(org__path__startswith=unit.path)
        .exclude(Exists(taken))
        .select_related("org")
        .order_by("org__path", "name")
    )


def activity_units(activity: QuizActivity) -> QuerySet[Org]:
    return Org.objects.filter(
        pk__in=ActivityUnit.objects.filter(activity=activity).values("org_id")
    ).order_by("path")


# ---- ranking and boards -----------------------------------------------------------------------------------


def ranking(activity: QuizActivity, *, within: Org | None = None) -> QuerySet[ActivityResult]:
    """Individual ranking: counted score desc, then time used asc (then who got there first)."""
    results = ActivityResult.objects.filter(activity=activity, attempts__gt=0).select_related("member", "org")
    if within is not None:
        results = results.filter(org__path__startswith=within.path)
    return results.order_by("-score", "seconds_used", "updated_at", "id")


def ranked(rows: list[ActivityResult], *, start: int = 0) -> list[tuple[int, ActivityResult]]:
    """(place, row): equal score and time share a place."""
    out: list[tuple[int, ActivityResult]] = []
    previous: tuple[int, int] | None = None
    place = start
    for index, row in enumerate(rows, start=start + 1):
        key = (row.score, row.seconds_used)
        if key != previous:
            place = index
            previous = key
        out.append((place, row))
    return out


@dataclass
class BoardRow:
    org: Org
    members: int = 0
    participants: int = 0
    high_scores: int = 0
    attempts: int = 0

    @property
    def rate(self) -> float:
        return self.participants / self.members if self.members else 0.0

    @property
    def rate_percent(self) -> str:
        return f"{100 * self.rate:.1f}%"

    @property
    def attempts_per_member(self) -> float:
        return self.attempts / self.members if self.members else 0.0

    @property
    def sort_key(self) -> tuple[float, int, float, str]:
        return (-self.rate, -self.high_scores, -self.attempts_per_member, self.org.path)


def board_cache_key(activity: QuizActivity) -> str:
    """Where `board_aggregates` keeps an activity's figures; publication clears it (a draft's board is empty)."""
    return f"quizzes:board:{activity.pk}"


def board_aggregates(activity: QuizActivity) -> dict[int, tuple[int, int, int, int]]:
    """{org_id: (eligible members, participants, high scores, attempts)} for every org holding eligible members:
    two grouped queries, cached briefly (boards stay fast while thousands answer)."""
    key = board_cache_key(activity)
    cached: dict[int, tuple[int, int, int, int]] | None = cache.get(key)
    if cached is not None:
        return cached
    members = dict(
        activity_eligible_members(activity)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    stats: dict[int, tuple[int, int, int, int]] = {org_id: (n, 0, 0, 0) for org_id, n in members.items()}
    grouped = (
        ActivityResult.objects.filter(activity=activity, attempts__gt=0)
        .values("org_id")
        .annotate(
            participants=Count("id"),
            high=Count("id", filter=Q(score__gte=activity.excellent_mark)),
            attempts_sum=Sum("attempts"),
        )
        .values_list("org_id", "participants", "high", "attempts_sum")
    )
    for org_id, participants, high, attempts in grouped:
        eligible = stats.get(org_id, (0, 0, 0, 0))[0]
        stats[org_id] = (eligible, participants, high, attempts or 0)
    cache.set(key, stats, BOARD_CACHE_SECONDS)
    return stats


def unit_board(activity: QuizActivity, *, within: Org | None = None) -> list[BoardRow]:
    """Unit board for the children of `within` (default: the organiser's org, or the single eligible unit level
    below it): each row rolls up its subtree; sorted by participation rate, high scores, attempts per member."""
    root = within or activity.org
    stats = board_aggregates(activity)
    if not stats:
        return []
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=list(stats)).only("id", "path")}
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    rows = [BoardRow(org=child) for child in children]
    own = BoardRow(org=root)
    for org_id, (members, participants, high, attempts) in stats.items():
        org = orgs.get(org_id)
        if org is None or not org.path.startswith(root.path):
            continue
        target = next((r for r in rows if org.path.startswith(r.org.path)), own)
        target.members += members
        target.participants += participants
        target.high_scores += high
        target.attempts += attempts
    rows = [r for r in rows if r.members or r.participants]
    if own.members or own.participants:
        rows.append(own)
    return sorted(rows, key=lambda r: r.sort_key)


def activity_summary(activity: QuizActivity, *, within: Org | None = None) -> dict[str, Any]:
    """Totals of the whole activity, or of the `within` subtree (a participating union's own)."""
    stats = board_aggregates(activity)
    open_attempts = Attempt.objects.filter(activity=activity, status=AttemptStatus.OPEN)
    if within is not None:
        inside = set(
            Org.objects.filter(pk__in=list(stats), path__startswith=within.path).values_list("pk", flat=True)
        )
        stats = {org_id: row for org_id, row in stats.items() if org_id in inside}
        open_attempts = open_attempts.filter(org__path__startswith=within.path)
    members = sum(s[0] for s in stats.values())
    participants = sum(s[1] for s in stats.values())
    return {
        "members": members,
        "participants": participants,
        "rate": f"{100 * participants / members:.1f}%" if members else "0.0%",
        "attempts": sum(s[3] for s in stats.values()),
        "open_attempts": open_attempts.count(),
    }


def question_correct_rates(activity: QuizActivity, *, within: Org | None = None) -> list[dict[str, Any]]:
    """Per question: answers in submitted attempts (of members in `within`'s subtree if given) and the share
    answered right (weakest first)."""
    answers = Answer.objects.filter(attempt__activity=activity, attempt__status=AttemptStatus.SUBMITTED)
    if within is not None:
        answers = answers.filter(attempt__org__path__startswith=within.path)
    rows = (
        answers.values("question_id", "question__stem", "question__category")
        .annotate(total=Count("id"), right=Count("id", filter=Q(is_correct=True)))
        .order_by("question_id")
    )
    out = [
        {
            "question_id": r["question_id"],
            "stem": r["question__stem"],
            "category": r["question__category"],
            "total": r["total"],
            "right": r["right"],
            "rate": round(100 * r["right"] / r["total"], 1) if r["total"] else 0.0,
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: (r["rate"], r["question_id"]))


def attempt_list(activity: QuizActivity, *, within: Org | None = None) -> QuerySet[Attempt]:
    attempts = Attempt.objects.filter(activity=activity).select_related("member", "org")
    if within is not None:
        attempts = attempts.filter(org__path__startswith=within.path)
    return attempts.order_by("-started_at", "-id")


def attempt_events(attempt: Attempt, *, limit: int = 200) -> QuerySet[AttemptEvent]:
    """The attempt's focus-loss log, oldest first (the organiser's attempt page)."""
    return attempt.events.all()[:limit]


def attempt_get_for_user(*, user: Actor, public_id: Any) -> Attempt:
    """An attempt of an activity the user organises (404 outside scope, 403 without the action)."""
    return Attempt.objects.select_related("activity", "activity__org", "member", "org").get_visible_or_404(
        user, VIEW, demand=VIEW, public_id=public_id
    )


# ---- portal -----------------------------------------------------------------------------------------------


def portal_activities(member: Member) -> QuerySet[QuizActivity]:
    """Published activities the member is eligible for (by unit), newest first; filters are checked at start."""
    units = ActivityUnit.objects.filter(activity=OuterRef("pk"), org_id=member.org_id)
    return (
        QuizActivity.objects.filter(Exists(units), status=ActivityStatus.PUBLISHED)
        .exclude(starts_at__gt=timezone.now() + dt.timedelta(days=30))
        .order_by("-starts_at")
    )


def portal_activity_get(*, member: Member, public_id: Any) -> QuizActivity:
    return get_object_or_404(portal_activities(member), public_id=public_id)


def member_attempts(activity: QuizActivity, member: Member) -> QuerySet[Attempt]:
    return Attempt.objects.filter(activity=activity, member=member).order_by("-started_at")


def member_attempt_get(*, user: Actor, public_id: Any) -> Attempt:
    """The member's own attempt (one indexed read by public id, owner checked in the same query)."""
    return get_object_or_404(
        Attempt.objects.select_related("activity"), public_id=public_id, member__user_id=user.pk
    )


def bank_stem_keys(bank: QuestionBank) -> set[str]:
    """The normalised stems already in a bank (duplicates are skipped on import and marked in the preview)."""
    return set(Question.objects.filter(bank=bank).values_list("stem_key", flat=True))


def activity_scope_org(access: "ActivityAccess", pk: int) -> Org | None:
    """An org inside the viewer's subtrees of the activity (the ?org= filter, a unit to remind), else None."""
    return Org.objects.filter(access.roots_q("path"), pk=pk).first()


def activity_within(access: "ActivityAccess", raw: str) -> Org | None:
    """The boards' ?org= subtree filter: an org inside the viewer's subtrees of the activity (the organiser's org; a
    participating union's own subtree, never wider), 404 for any other org; without one, the default (the whole
    activity for the organiser side, the participant's own subtree)."""
    raw = (raw or "").strip()
    if not raw.isdigit():
        return access.default_within
    org = activity_scope_org(access, int(raw))
    if org is None:
        raise Http404
    return org


def activity_title(public_id: str) -> str:
    """An activity's title by its public id, unscoped: only for an export's file name, which the spreadsheets
    export asks for after the exporter has checked the user's access (`activity_access_for_user`)."""
    try:
        title = QuizActivity.objects.filter(public_id=public_id).values_list("title", flat=True).first()
    except (ValueError, ValidationError):
        return ""
    return title or ""


def activity_scope_choices(access: "ActivityAccess") -> list[Org]:
    """The orgs offered by the subtree filter: the viewer's roots and two levels below each."""
    q = Q(pk__in=[])
    for root in access.roots:
        q |= Q(path__startswith=root.path, depth__lte=root.depth + 2)
    return list(Org.objects.filter(q).order_by("path"))


# What saving an answer reads of the attempt: the owner is checked in the statement, the rest by the service
# (open, before the deadline, the question on this paper: `option_orders`).
_ANSWER_FIELDS = ("id", "public_id", "status", "deadline_at", "option_orders")
_ANSWER_SQL: dict[str, str] = {}


def _answer_sql() -> str:
    """One indexed read by the attempt's public id (unique) joined to its member by the owner's user id: the
    statement is written once per database vendor, so the busiest request of a quiz spike pays no ORM compile."""
    vendor = connection.vendor
    if vendor not in _ANSWER_SQL:
        quote = connection.ops.quote_name
        columns = ", ".join(f"a.{column(Attempt._meta, name)}" for name in _ANSWER_FIELDS)
        attempts, members = quote(Attempt._meta.db_table), quote(Member._meta.db_table)
        # table and column names from the models' meta; the values are parameters
        _ANSWER_SQL[vendor] = (
            f"SELECT {columns} FROM {attempts} a INNER JOIN {members} m ON m.id = a.member_id WHERE a.public_id = %s AND m.user_id = %s"  # noqa: S608
        )
    return _ANSWER_SQL[vendor]


def member_attempt_for_answer(*, user: Actor, public_id: Any) -> Attempt:
    """The member's own attempt with only what saving an answer reads, in one statement (404 for another
    member's or an unknown attempt). Other fields load on access: the closed-attempt path reads the attempt
    again with `member_attempt_get`."""
    try:
        key = Attempt._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    except (ValidationError, ValueError):
        raise Http404 from None
    attempt = next(iter(Attempt.objects.raw(_answer_sql(), [key, user.pk])), None)
    if attempt is None:
        raise Http404
    return attempt


def member_result(activity: QuizActivity, member: Member) -> ActivityResult | None:
    return ActivityResult.objects.filter(activity=activity, member=member).first()


def member_certificates(member: Member) -> QuerySet[Certificate]:
    """The member's 答题证书: the certificates block's rows of kind `quiz` (owner an activity), newest first."""
    return certificates_of_holder(member).filter(
        kind=QUIZ_KIND, owner_type=ContentType.objects.get_for_model(QuizActivity)
    )


def member_certificate(activity: QuizActivity, member: Member) -> Certificate | None:
    """The member's 答题证书 of one activity (at most one: the block issues one per kind, owner and holder)."""
    return member_certificates(member).filter(owner_id=activity.pk).first()


def activity_certificate_count(activity: QuizActivity) -> int:
    """答题证书 issued for the activity so far (revoked ones included: their numbers stay taken)."""
    return certificates_of_owner(activity).filter(kind=QUIZ_KIND).count()


def member_results(member: Member) -> QuerySet[ActivityResult]:
    """我的成绩: the member's counted result of every activity they took part in, newest activity first, each with
    its activity (one query a page, whatever the number of rows)."""
    return (
        ActivityResult.objects.filter(member=member)
        .select_related("activity")
        .order_by("-activity__starts_at", "-activity_id")
    )


def attempt_paper(attempt: Attempt) -> list[dict[str, Any]]:
    """The attempt's questions in the drawn order, each with its options in the stored order and the saved answer."""
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    saved = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "chosen"))
    correct = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "is_correct"))
    paper = []
    for number, qid in enumerate(attempt.question_ids, start=1):
        question = questions[qid]
        choices = question.choices()
        spec = attempt.option_orders.get(str(qid), {})
        order = spec.get("order") or list(range(len(choices)))
        if question.type == "judge":
            order = [0, 1]
        shown = [
            (chr(ord("A") + pos), choices[index][0], choices[index][1]) for pos, index in enumerate(order)
        ]
        chosen = saved.get(qid, "")
        paper.append(
            {
                "number": number,
                "question": question,
                "options": shown,  # (shown letter, value, text)
                "chosen": chosen,
                "is_correct": correct.get(qid),
            }
        )
    return paper


# ---- practice ---------------------------------------------------------------------------------------------


def held_question_ids(member: Member, *, now: dt.datetime | None = None) -> set[int]:
    """Questions on the member's papers of activities still running (published, not yet ended): their keys stay
    hidden until the activity ends — on the result page, in the 错题本, and in practice, which leaves them out."""
    now = now or timezone.now()
    held: set[int] = set()
    for question_ids in Attempt.objects.filter(
        member=member, activity__status=ActivityStatus.PUBLISHED, activity__ends_at__gt=now
    ).values_list("question_ids", flat=True):
        held.update(int(qid) for qid in question_ids)
    return held


def practice_questions(member: Member) -> QuerySet[Question]:
    """Active questions of the banks the member may practise from and of their own 错题本 (an activity's question
    they got wrong, even from a bank not shared with their union), less those held by a running activity (grading a
    practice answer shows the key)."""
    banks = QuestionBank.objects.filter(QuestionBank.for_member_q(member))
    own_wrong = WrongAnswer.objects.filter(member=member).values("question_id")
    return Question.objects.filter(Q(bank__in=banks) | Q(pk__in=own_wrong), is_active=True).exclude(
        pk__in=held_question_ids(member)
    )


def practice_categories(member: Member) -> list[dict[str, Any]]:
    counts = dict(
        practice_questions(member).values("category").annotate(n=Count("id")).values_list("category", "n")
    )
    stats = {s.category: s for s in PracticeStat.objects.filter(member=member)}
    out = []
    for category, n in sorted(counts.items()):
        label = category or "未分类"
        stat = stats.get(label)
        out.append(
            {
                "category": category,
                "label": label,
                "questions": n,
                "answered": stat.answered if stat else 0,
                "mastery": stat.mastery if stat else 0,
            }
        )
    return out


def practice_pick(member: Member, *, category: str | None, wrong_only: bool = False) -> Question | None:
    questions = practice_questions(member)
    if wrong_only:
        questions = questions.filter(pk__in=WrongAnswer.objects.filter(member=member).values("question_id"))
    elif category is not None:
        questions = questions.filter(category=category)
    return questions.order_by("?").first()


def wrong_book(member: Member) -> QuerySet[WrongAnswer]:
    return WrongAnswer.objects.filter(member=member).select_related("question")


def wrong_book_entries(member: Member, *, limit: int = 200) -> list[WrongAnswer]:
    """The 错题本 page: entries newest first, each marked `key_hidden` while its question is on the member's paper
    of an activity still running (two queries whatever the length)."""
    held = held_question_ids(member)
    entries = list(wrong_book(member)[:limit])
    for entry in entries:
        entry.key_hidden = entry.question_id in held  # type: ignore[attr-defined]
    return entries


# ---- the member portal home (`core.registry.portal_cards`) -------------------------------------------------


def _member_filter_matches(activity: QuizActivity, member: Member) -> bool:
    """`_member_filter_q` on one loaded member (the member filters of the activity)."""
    return member_filter_matches(MemberFilter.from_dict(activity.member_filter), member)


def portal_running_activities(
    user: Visitor, *, now: dt.datetime | None = None
) -> list[tuple[QuizActivity, int]]:
    """The running activities the user's member record may take now, each with the member's attempts so far:
    published, in their window, the member 在籍 in a taking-part unit and matching the member filters, with
    attempts left in total. Two queries (the member, the activities)."""
    if isinstance(user, AnonymousUser):
        return []
    now = now or timezone.now()
    member = Member.objects.filter(user=user, status=MemberStatus.ACTIVE).first()
    if member is None:
        return []
    units = ActivityUnit.objects.filter(activity=OuterRef("pk"), org_id=member.org_id)
    tries = (
        Attempt.objects.filter(activity=OuterRef("pk"), member=member)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        QuizActivity.objects.filter(
            Exists(units), status=ActivityStatus.PUBLISHED, starts_at__lte=now, ends_at__gt=now
        )
        .annotate(attempt_count=Subquery(tries))
        .order_by("ends_at", "pk")
    )
    found = [(a, a.attempt_count or 0) for a in rows]  # type: ignore[attr-defined]  # the annotation
    return [
        (a, tries)
        for a, tries in found
        if _member_filter_matches(a, member) and not (a.attempts_total and tries >= a.attempts_total)
    ]


def _until(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def quiz_todo_items(user: Visitor, *, now: dt.datetime | None = None) -> list[PortalCardItem]:
    """待办: a running activity the member may take that closes today and that they have not tried yet."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [
        PortalCardItem(
            title=f"今天截止：{a.title}",
            url=reverse("quizzes:portal_activity", args=[a.public_id]),
            detail=f"{timezone.localtime(a.ends_at):%H:%M} 截止，您还没有参加",
            icon="school",
        )
        for a, tries in portal_running_activities(user, now=now)
        if timezone.localdate(a.ends_at) == today and not tries
    ]


def quiz_now_items(user: Visitor, *, now: dt.datetime | None = None) -> list[PortalCardItem]:
    """正在进行: a banner per running activity the member may take."""
    return [
        PortalCardItem(
            title=a.title,
            url=reverse("quizzes:portal_activity", args=[a.public_id]),
            detail=f"网上答题进行中，{_until(a.ends_at)}截止" + ("（已参加）" if tries else ""),
            icon="school",
        )
        for a, tries in portal_running_activities(user, now=now)
    ]
