"""Who may do what in a review round. The organiser — whoever holds `reviews.manage` on the round's union —
sets the round up, opens and closes it and reopens a submitted sheet. Scoring is decided by `Judge` rows alone:
the built-in 评委 role (`reviews.judge`) only opens the console, and a judge scores only the entries
`selectors.entries_for_judge` shows them, never one of their own union or declared unit, nor one they declared
a conflict on. In a 自评+考评 round the entrant union — whoever holds `reviews.manage` on the entry's
`entrant_org` — scores the entry's self sheet; its evidence is downloaded by them, the round's viewers and the
judges who see the entry (`self_sheet_evidence_access`, registered with attachments)."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.orgs.models import Org

from .choices import RoundMode
from .models import Judge, ReviewEntry, ReviewRound, ScoreSheet
from .selectors import entries_for_judge, judge_sees_entry

JUDGE = "reviews.judge"
MANAGE = "reviews.manage"
VIEW = "reviews.view"


def can_manage_reviews(user: Actor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_manage_round(user: Actor, review_round: ReviewRound) -> bool:
    return has_action(user, MANAGE, review_round.org)


def can_view_round(user: Actor, review_round: ReviewRound) -> bool:
    """The round is among those the user sees for `reviews.view` (its union's subtree, or an object grant)."""
    return ReviewRound.objects.visible_to(user, VIEW).filter(pk=review_round.pk).exists()


def is_judge_of(user: Actor, judge: Judge) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and judge.user_id == user.pk


def can_score_entry(user: Actor, judge: Judge, entry: ReviewEntry) -> bool:
    """The judge row is the user's, the entry is in its round and shown to the judge (no conflict)."""
    return is_judge_of(user, judge) and entry.round_id == judge.round_id and judge_sees_entry(judge, entry)


def can_self_assess(user: Actor, entry: ReviewEntry) -> bool:
    """The entry is in a 自评+考评 round and the user holds `reviews.manage` on its entrant union."""
    return entry.round.mode == RoundMode.SELF_ASSESSED and has_action(user, MANAGE, entry.entrant_org)


def can_edit_sheet(user: Actor, sheet: ScoreSheet) -> bool:
    if sheet.judge is None:
        return sheet.is_self and can_self_assess(user, sheet.entry)
    return can_score_entry(user, sheet.judge, sheet.entry)


def can_view_self_sheet(user: Actor, sheet: ScoreSheet) -> bool:
    """A self sheet (and its evidence) is seen by its entrant union, by the round's viewers (`reviews.view` on the
    round's union) and by the round's judges who see the entry."""
    if not sheet.is_self or not getattr(user, "is_authenticated", False):
        return False
    if can_self_assess(user, sheet.entry) or has_action(user, VIEW, sheet.round.org):
        return True
    judges = Judge.objects.filter(round_id=sheet.round_id, user_id=user.pk)
    return any(entries_for_judge(judge).filter(pk=sheet.entry_id).exists() for judge in judges)


def self_sheet_evidence_access(user: Any, sheet: ScoreSheet) -> bool:
    """The attachments' access check for evidence owned by a sheet ("reviews.scoresheet")."""
    return can_view_self_sheet(user, sheet)
