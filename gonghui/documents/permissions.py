"""Actions of the 公文 module, the roles this app registers, and the small policy checks views and services
share. The built-in roles (accounts/roles.py): union_admin holds every action — 签发 is the union leader's act and
no other role carries it — union_staff VIEW/MANAGE/RECEIVE, reviewer VIEW/REVIEW, auditor VIEW."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.accounts.roles import CONSOLE
from gonghui.accounts.scoping import has_action, user_grants
from gonghui.core.registry import Role, roles

from .models import Document, Forward

VIEW = "documents.view"  # read sent and received documents, boards, 收文
MANAGE = "documents.manage"  # draft, edit, send to review, withdraw, 催办; register and route 收文
RECEIVE = "documents.receive"  # 签收 and 转发 what was delivered to one's own union
REVIEW = "documents.review"  # 核稿 (the office)
SIGN = "documents.sign"  # 签发 (takes the 文号 and delivers) and 批办 of 收文: the union leader's acts

OFFICER_ROLE = "documents_officer"
CLERK_ROLE = "documents_clerk"

DOCUMENT_ROLES = (
    Role(
        code=OFFICER_ROLE,
        label="公文管理员",
        actions=frozenset({CONSOLE, VIEW, MANAGE, RECEIVE, REVIEW}),
        order=70,
        description="本级及下级公文的起草、核稿、收文与签收（签发由工会管理员办理）",
    ),
    Role(
        code=CLERK_ROLE,
        label="公文收发员",
        actions=frozenset({CONSOLE, VIEW, MANAGE, RECEIVE}),
        order=71,
        description="起草公文、收文登记、签收与转发",
    ),
)


def register_roles() -> None:
    for role in DOCUMENT_ROLES:
        if role.code not in roles:
            roles.register(role.code, role)


def holds_at(user: Actor, action: str, org: Any) -> bool:
    """Does the user hold `action` through a grant on exactly this org? Reading and 签收 a delivery are done by
    the recipient union's own cadres, not by an upper union that merely oversees it."""
    return any(
        g.org_id == org.pk and g.role in roles and roles.get(g.role).allows(action) for g in user_grants(user)
    )


def can_manage_document(user: Actor, document: Document) -> bool:
    return has_action(user, MANAGE, document.org)


def can_remind_board(user: Actor, document: Document, forward: Forward | None = None) -> bool:
    """催办 the unsigned orgs of a board: the issuer's managers for its deliveries; for one forward's, the managers of
    the forwarding union or its own cadres who hold 签收 there."""
    sender = forward.from_org if forward is not None else document.org
    return has_action(user, MANAGE, sender) or (forward is not None and holds_at(user, RECEIVE, sender))


def role_codes_allowing(action: str) -> list[str]:
    return [r.code for r in roles if r.allows(action)]
