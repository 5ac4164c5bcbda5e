"""Who may do what with an owner's responses. The store has no action of its own: each kind decides who manages its
owners (`ResponseKind.can_manage`, e.g. whoever manages the survey), and who may answer is the kind's target
population. Nobody — a 系统管理员 included — can read who gave which answer: the store does not know it."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.members.models import Member

from .kinds import ResponseKind


def can_manage_responses(user: Actor, *, kind: ResponseKind, owner: Any) -> bool:
    """May the user see the owner's results and close its collection?"""
    return bool(kind.can_manage(user, owner))


def can_answer(member: Member, *, kind: ResponseKind, owner: Any) -> bool:
    """Is the member in the owner's target population?"""
    return bool(kind.population(owner).filter(pk=member.pk).exists())
