"""Who may do what in a review round. The organiser — whoever holds `reviews.manage` on the round's union —
sets the round up, opens and closes it and reopens a submitted sheet. Scoring is decided by `Judge` rows alone:
the built-in 评委 role (`reviews.judge`) only opens the console, and a judge scores only the entries
`selectors.entries_for_judge` shows them, never one of their own union or declared unit, nor one they declared
a conflict on."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.orgs.models import Org

from .models import Judge, ReviewEntry, ReviewRound, ScoreSheet
from .selectors import judge_sees_entry

JUDGE = "reviews.judge"
MANAGE = "reviews.manage"


def can_manage_reviews(user: Actor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_manage_round(user: Actor, review_round: ReviewRound) -> bool:
    return has_action(user, MANAGE, review_round.org)


def is_judge_of(user: Actor, judge: Judge) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and judge.user_id == user.pk


def can_score_entry(user: Actor, judge: Judge, entry: ReviewEntry) -> bool:
    """The judge row is the user's, the entry is in its round and shown to the judge (no conflict)."""
    return is_judge_of(user, judge) and entry.round_id == judge.round_id and judge_sees_entry(judge, entry)


def can_edit_sheet(user: Actor, sheet: ScoreSheet) -> bool:
    return can_score_entry(user, sheet.judge, sheet.entry)
