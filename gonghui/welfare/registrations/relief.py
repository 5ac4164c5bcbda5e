"""Registrations of 送温暖 and 慰问金 campaigns (part `relief`): the portal tile 慰问金 (shown to a member who has a
campaign payment) and the 我的办理 source (the member's payments with their state)."""

PORTAL_TILE = "welfare.relief"
REQUESTS = "welfare.relief"


def register() -> None:
    from gonghui.core.registry import MemberRequestSource, PortalTile, member_requests, portal_tiles

    from ..selectors.relief import has_payments, my_requests

    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="慰问金",
                url_name="welfare_portal:relief_mine",
                icon="credit-card",
                order=56,
                description="送温暖、慰问金的发放记录与回执",
                shown=has_payments,
            ),
        )
    if REQUESTS not in member_requests:
        member_requests.register(
            REQUESTS, MemberRequestSource(key=REQUESTS, label="送温暖慰问", requests=my_requests, order=76)
        )
