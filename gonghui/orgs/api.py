"""JSON API for orgs: the scoped list and detail, through the same selectors as the pages."""

from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from gonghui.accounts.api_tokens import require_scope
from gonghui.accounts.decorators import AuthedRequest, api_console_check
from gonghui.core.api import ApiPagination

from .selectors import org_get_for_user, org_list_for_user, org_parent_codes

router = Router(tags=["组织"])


class OrgOut(Schema):
    code: str
    name: str
    short_name: str
    unit_name: str
    level: str
    status: str
    depth: int
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Any) -> str | None:
        parent = getattr(obj, "parent_code", None)
        return parent


class OrgDetailOut(OrgOut):
    credit_code: str
    unit_category: str
    industry: str
    is_private: bool
    headcount_established: int
    headcount_contract: int
    headcount_dispatched: int
    founding_status: str
    chair_name: str


def _with_parent_codes(orgs: list[Any]) -> list[Any]:
    codes = org_parent_codes(orgs)
    for o in orgs:
        o.parent_code = codes.get(o.pk)
    return orgs


@router.get("/", response=list[OrgOut], operation_id="orgs_list", url_name="orgs_list")
@paginate(ApiPagination)
def orgs_list(request: AuthedRequest, q: str = "", level: str = "") -> Any:
    require_scope(request, "orgs:read")
    api_console_check(request)
    return _OrgPageList(org_list_for_user(user=request.user, query=q, level=level))


class _OrgPageList:
    """Sliceable wrapper that resolves parent codes only for the page being returned."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def count(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, item: slice) -> list[Any]:
        return _with_parent_codes(list(self.qs[item]))


@router.get("/{code}", response=OrgDetailOut, operation_id="orgs_get", url_name="orgs_get")
def orgs_get(request: AuthedRequest, code: str) -> Any:
    require_scope(request, "orgs:read")
    api_console_check(request)
    org = org_get_for_user(user=request.user, code=code)
    return _with_parent_codes([org])[0]
