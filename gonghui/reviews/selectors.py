"""Reads of the review block. The conflict-of-interest rule lives here once: `entries_for_judge` is every entry a
judge may see and score — the entries of the judge's round and group, minus those whose entrant union is one of
the judge's own unions (the orgs of their role grants other than the 评委 grant, and the union they are a member
of), those of the unit the judge declared, and those the judge declared a conflict on."""

from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import JUDGE as JUDGE_ROLE
from gonghui.core.registry import member_union_of

from .choices import RoundStatus
from .models import ConflictDeclaration, Judge, ReviewEntry, ReviewRound, ScoreSheet


def judge_own_org_ids(judge: Judge) -> set[int]:
    """The unions that are the judge's own: where they hold a role (the 评委 grant aside — it only opens the
    console, often on the organiser's union) and the union they are a holding member of."""
    org_ids = set(
        RoleGrant.objects.filter(user_id=judge.user_id)
        .exclude(role=JUDGE_ROLE)
        .values_list("org_id", flat=True)
    )
    member_org = member_union_of(judge.user)
    if member_org is not None:
        org_ids.add(member_org.pk)
    return org_ids


def _conflict_q(judge: Judge) -> Q:
    q = Q(entrant_org_id__in=judge_own_org_ids(judge))
    unit = judge.unit.strip()
    if unit:
        q |= Q(unit=unit) | Q(entrant_org__unit_name=unit)
    declared = ConflictDeclaration.objects.filter(judge=judge).values("entry_id")
    return q | Q(pk__in=declared)


def entries_for_judge(judge: Judge) -> QuerySet[ReviewEntry]:
    """The entries the judge may see and score, in the round's order."""
    entries = ReviewEntry.objects.filter(round_id=judge.round_id)
    if judge.group:
        entries = entries.filter(group=judge.group)
    return entries.exclude(_conflict_q(judge)).select_related("entrant_org")


def judge_sees_entry(judge: Judge, entry: ReviewEntry) -> bool:
    return entries_for_judge(judge).filter(pk=entry.pk).exists()


def judge_rounds_for_user(user: Actor) -> QuerySet[Judge]:
    """The user's own judge rows in open rounds: the judge's work list."""
    return (
        Judge.objects.filter(user_id=user.pk, round__status=RoundStatus.OPEN)
        .select_related("round", "round__template")
        .order_by("-round__created_at", "pk")
    )


def sheet_for_judge(judge: Judge, entry: ReviewEntry) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.filter(judge=judge, entry=entry)
        .prefetch_related("scores", "scores__criterion")
        .first()
    )


def rounds_for_user(user: Actor, action: str) -> QuerySet[ReviewRound]:
    """The rounds of the unions in the user's subtrees for `action` (the organiser's list)."""
    return ReviewRound.objects.visible_to(user, action).select_related("org", "template")


def round_sheets(review_round: ReviewRound) -> QuerySet[ScoreSheet]:
    """Every sheet of a round with its judge and scores, for the results."""
    return (
        ScoreSheet.objects.filter(round=review_round)
        .select_related("judge", "entry")
        .prefetch_related("scores", "scores__criterion")
    )
