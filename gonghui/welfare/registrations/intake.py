"""Registrations of 困难职工帮扶 — part `intake`: the portal tile 困难帮扶 (every member: it explains the help and
leads to 申请, or to their own file), the 我的办理 source (the member's file with its state) and the 困难职工帮扶 card
of a 诉求's desk page (一键建档, or the invitation to apply for an anonymous one)."""

PORTAL_TILE = "welfare.intake"
REQUESTS = "welfare.file"
APPEAL_PANEL = "welfare.appeal"


def register() -> None:
    from gonghui.core.registry import (
        MemberRequestSource,
        PortalTile,
        RecordPanel,
        member_requests,
        portal_tiles,
        record_panels,
    )

    from ..selectors.intake import appeal_panel, my_requests

    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="困难帮扶",
                url_name="welfare_portal:mine",
                icon="home",
                order=55,
                description="困难职工帮扶申请与办理进度",
            ),
        )
    if REQUESTS not in member_requests:
        member_requests.register(
            REQUESTS, MemberRequestSource(key=REQUESTS, label="困难职工帮扶", requests=my_requests, order=75)
        )
    if APPEAL_PANEL not in record_panels:
        record_panels.register(
            APPEAL_PANEL,
            RecordPanel(
                key=APPEAL_PANEL,
                model="appeals.appeal",
                title="困难职工帮扶",
                template="welfare/intake/appeal_panel.html",
                context=appeal_panel,
                order=50,
            ),
        )
