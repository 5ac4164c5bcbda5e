"""Who may do what with the money ledger. `ledger.view` lists funds, budget lines and entries (masked bank
accounts) in the user's subtrees; `ledger.manage` pays, reverses and imports bank results; `ledger.reveal` shows
a payee's full bank account (audited). A 系统管理员 holds them through `*`; the built-in roles are to carry them
(accounts/roles.py: union_admin all three, auditor `view`)."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.orgs.models import Org

VIEW = "ledger.view"
MANAGE = "ledger.manage"
REVEAL = "ledger.reveal"


def can_manage_ledger(user: Actor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_reveal_account(user: Actor, org: Org) -> bool:
    return has_action(user, REVEAL, org)
