"""Registrations of 慰问 standards, payments and visits (part `condolences`): the visit owner kind
`welfare.condolencepayment` (read with `welfare.care_view`, recorded with `welfare.care_manage` on the paying
union, which also makes the visit) and the 我的办理 source (the member's 慰问金 with their receipts)."""

from typing import Any

PAYMENT_OWNER = "welfare.condolencepayment"
REQUESTS = "welfare.condolence"


def _can_manage(user: Any, payment: Any) -> bool:
    from gonghui.accounts.scoping import has_action

    from ..permissions import CARE_MANAGE

    return has_action(user, CARE_MANAGE, payment.org)


def _can_view(user: Any, payment: Any) -> bool:
    from gonghui.accounts.scoping import has_action

    from ..permissions import CARE_VIEW

    return has_action(user, CARE_VIEW, payment.org)


def register() -> None:
    from gonghui.core.registry import MemberRequestSource, member_requests
    from gonghui.visits.owners import VisitOwnerKind, visit_owner_kinds

    from ..permissions import CARE_VIEW
    from ..selectors.condolences import my_requests

    if PAYMENT_OWNER not in visit_owner_kinds:
        visit_owner_kinds.register(
            PAYMENT_OWNER,
            VisitOwnerKind(
                key=PAYMENT_OWNER,
                label="慰问登记",
                view_action=CARE_VIEW,
                can_manage=_can_manage,
                can_view=_can_view,
                org_of=lambda payment: payment.org,
            ),
        )
    if REQUESTS not in member_requests:
        member_requests.register(
            REQUESTS, MemberRequestSource(key=REQUESTS, label="慰问金", requests=my_requests, order=78)
        )
