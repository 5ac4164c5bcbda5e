"""Who may do what with certificates. `certificates.view` lists and opens the certificates issued in the user's
subtrees; `certificates.manage` revokes them and starts 批量发证. A kind may decide for its own owners
(`CertificateKind.can_manage`: e.g. quizzes lets whoever manages the activity revoke its certificates). The public
check page needs no action: it shows only what the certificate's code already proves."""

from typing import Any

from django.db import models

from gonghui.accounts.actors import Actor
from gonghui.accounts.roles import CONSOLE
from gonghui.accounts.scoping import has_action
from gonghui.core.registry import Role, roles
from gonghui.orgs.models import Org

from .kinds import certificate_kinds

VIEW = "certificates.view"
MANAGE = "certificates.manage"
# A 系统管理员 holds them through `*`; the built-in roles are to carry them too (accounts/roles.py: union_admin and
# union_staff both, auditor `view`). This app's own role gives them to a cadre who handles certificates only.
OFFICER_ROLE = "certificate_officer"
OFFICER = Role(
    code=OFFICER_ROLE,
    label="证书管理员",
    actions=frozenset({CONSOLE, "orgs.view", VIEW, MANAGE}),
    order=76,
    description="查看、撤销和批量颁发本级及下级工会的证书",
)


def register_roles() -> None:
    if OFFICER_ROLE not in roles:
        roles.register(OFFICER_ROLE, OFFICER)


def can_manage_owner(user: Actor, *, kind: str, issuer: Org, owner: models.Model) -> bool:
    """May the user revoke or batch-issue certificates of `kind` for `owner`, issued by `issuer`?"""
    if has_action(user, MANAGE, issuer):
        return True
    certificate_kind = certificate_kinds.get(kind) if kind in certificate_kinds else None
    if certificate_kind is not None and certificate_kind.can_manage is not None and owner is not None:
        return bool(certificate_kind.can_manage(user, owner))
    return False


def can_manage_certificate(user: Actor, certificate: Any) -> bool:
    return can_manage_owner(user, kind=certificate.kind, issuer=certificate.issuer, owner=certificate.owner)
