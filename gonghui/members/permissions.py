"""Who may do what in members: the action names and the `can_<verb>_<entity>` checks the services' workflow
tables and the pages' buttons share. A check on one object asks for the action on that object's union (a grant
there or above); "anywhere" checks decide whether a page offers an action at all."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action, has_action_anywhere

from .choices import TransferStatus
from .models import CardApplication, CardBatch, CorrectionRequest, JoinApplication, Member, Transfer

VIEW = "members.view"
MANAGE = "members.manage"
REVEAL = "members.reveal"
# Bank templates are platform-wide reference data: only a role with "*" (系统管理员) holds this action.
TEMPLATE_MANAGE = "members.card_template_manage"


# ---- the registry --------------------------------------------------------------------------------------


def can_manage_members(user: Actor, org: Any) -> bool:
    """Enrol, edit and change the 会籍 of members of the org (or below)."""
    return has_action(user, MANAGE, org)


def can_manage_member(user: Actor, member: Member) -> bool:
    return has_action(user, MANAGE, member.org)


def can_reveal_member(user: Actor, member: Member) -> bool:
    """See the member's full ID number and phone (audited)."""
    return has_action(user, REVEAL, member.org)


def can_create_member(user: Actor) -> bool:
    """Whether the member list offers 新增会员 (members.manage somewhere)."""
    return has_action_anywhere(user, MANAGE)


def can_export_unmasked_members(user: Actor) -> bool:
    """Whether the member list offers the unmasked exports (members.reveal somewhere)."""
    return has_action_anywhere(user, REVEAL)


def is_own_member(user: Actor, member: Member) -> bool:
    """The signed-in member themselves."""
    return bool(getattr(user, "is_authenticated", False)) and member.user_id == user.pk


# ---- joining, transfers, corrections --------------------------------------------------------------------


def can_manage_join_application(user: Actor, application: JoinApplication) -> bool:
    return has_action(user, MANAGE, application.org)


def can_request_transfer(user: Actor, member: Member) -> bool:
    """The member themselves, or a manager of their union."""
    return bool(getattr(user, "pk", None) and member.user_id == user.pk) or can_manage_members(
        user, member.org
    )


def can_approve_transfer_out(user: Actor, transfer: Transfer) -> bool:
    """转出方同意: a manager of the union the member leaves."""
    return transfer.from_org is not None and can_manage_members(user, transfer.from_org)


def can_approve_transfer_in(user: Actor, transfer: Transfer) -> bool:
    """转入方同意: a manager of the receiving union (inside the platform)."""
    return transfer.to_org is not None and can_manage_members(user, transfer.to_org)


def can_reject_transfer(user: Actor, transfer: Transfer) -> bool:
    """不同意: the side whose approval is awaited (the old union first, then the receiving one)."""
    side = transfer.from_org if transfer.status == TransferStatus.REQUESTED else transfer.to_org
    return side is not None and can_manage_members(user, side)


def can_cancel_transfer(user: Actor, transfer: Transfer) -> bool:
    """The member themselves, or a manager of the union the member leaves."""
    own = bool(getattr(user, "pk", None)) and transfer.member.user_id == user.pk
    return own or (transfer.from_org is not None and can_manage_members(user, transfer.from_org))


def can_manage_correction(user: Actor, correction: CorrectionRequest) -> bool:
    return has_action(user, MANAGE, correction.member.org)


# ---- cards ----------------------------------------------------------------------------------------------


def can_manage_card(user: Actor, application: CardApplication) -> bool:
    return has_action(user, MANAGE, application.org)


def can_handle_own_card(user: Actor, application: CardApplication) -> bool:
    """The member themselves, or a cadre managing the application's union."""
    return is_own_member(user, application.member) or can_manage_card(user, application)


def can_manage_batch(user: Actor, batch: CardBatch) -> bool:
    return has_action(user, MANAGE, batch.org)


def can_export_batch(user: Actor, batch: CardBatch) -> bool:
    """The bank file carries unmasked identities: members.reveal on the batch's union."""
    return has_action(user, REVEAL, batch.org)


def can_manage_cards_anywhere(user: Actor) -> bool:
    """Whether the card pages offer the managing actions (bulk apply, collect, new batch)."""
    return has_action_anywhere(user, MANAGE)


def can_manage_card_templates(user: Actor) -> bool:
    return has_action_anywhere(user, TEMPLATE_MANAGE)
