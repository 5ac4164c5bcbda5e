"""Registrations of 评选表彰 — part `records`: the 荣誉 panels of the member page (the person's honours) and of the
org page (the union's collective honours over the years), the portal tile 我的荣誉 (shown to members who hold an
honour) and the access check of an honour's photo."""

from typing import Any

MEMBER_PANEL = "honours.member_honours"
ORG_PANEL = "honours.org_honours"
PORTAL_TILE = "honours.records"


def _member_panel(user: Any, member: Any) -> dict[str, Any] | None:
    """Shown to whoever reads honours of the member's union (an admin of another union never sees the page)."""
    from gonghui.accounts.scoping import has_action

    from ..permissions import MANAGE, VIEW
    from ..selectors.records import honours_of_member

    if not has_action(user, VIEW, member.org):
        return None
    return {
        "member": member,
        "honours": list(honours_of_member(member)),
        "can_record": has_action(user, MANAGE, member.org),
    }


def _org_panel(user: Any, org: Any) -> dict[str, Any] | None:
    from gonghui.accounts.scoping import has_action

    from ..permissions import VIEW
    from ..selectors.records import honours_of_org

    if not has_action(user, VIEW, org):
        return None
    return {"org": org, "org_honours": honours_of_org(org, with_members=True)}


def register() -> None:
    from gonghui.attachments.policies import attachment_access
    from gonghui.core.registry import PortalTile, RecordPanel, portal_tiles, record_panels

    from ..selectors.records import honour_may_download, member_has_honours

    if MEMBER_PANEL not in record_panels:
        record_panels.register(
            MEMBER_PANEL,
            RecordPanel(
                key=MEMBER_PANEL,
                model="members.member",
                title="荣誉",
                template="honours/honour_panel_member.html",
                context=_member_panel,
                order=40,
            ),
        )
    if ORG_PANEL not in record_panels:
        record_panels.register(
            ORG_PANEL,
            RecordPanel(
                key=ORG_PANEL,
                model="orgs.org",
                title="集体荣誉",
                template="honours/honour_panel_org.html",
                context=_org_panel,
                order=40,
            ),
        )
    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="我的荣誉",
                url_name="honours_portal:my_honours",
                icon="certificate",
                order=47,
                description="本人获得的荣誉称号、事迹和证书",
                shown=member_has_honours,
            ),
        )
    if "honours.honour" not in attachment_access:
        attachment_access.register("honours.honour", honour_may_download)
