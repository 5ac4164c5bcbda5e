"""The org switcher: which of the user's grant orgs the console is working in."""

from django.http import HttpRequest

from gonghui.core.registry import roles
from gonghui.orgs.models import Org

from .actors import Visitor
from .scoping import user_grants

SESSION_CURRENT_ORG = "current_org"


def console_orgs(user: Visitor) -> list[Org]:
    """Distinct orgs where the user holds a console role, in tree order."""
    seen: dict[int, Org] = {}
    for grant in user_grants(user):
        if grant.role in roles and roles.get(grant.role).console and grant.org_id not in seen:
            seen[grant.org_id] = grant.org
    return list(seen.values())


def current_org(request: HttpRequest) -> Org | None:
    orgs = console_orgs(request.user)
    if not orgs:
        return None
    wanted = request.session.get(SESSION_CURRENT_ORG)
    for org in orgs:
        if org.pk == wanted:
            return org
    return orgs[0]


def set_current_org(request: HttpRequest, code: str) -> Org | None:
    for org in console_orgs(request.user):
        if org.code == code:
            request.session[SESSION_CURRENT_ORG] = org.pk
            return org
    return None
