"""Registrations of part disclosures (校务公开): the attachment access check of a disclosure's files (cadres who see
the disclosure; the unit's staff once it is published) and the portal home's 通知公告 card listing the member's
newest unread disclosures still within their period."""

from typing import Any

ATTACHMENT_OWNER = "congresses.disclosure"
PORTAL_CARD = "congresses.disclosures"


def _portal_items(user: Any) -> list[Any]:
    from django.urls import reverse

    from gonghui.core.registry import PortalCardItem
    from gonghui.members.selectors.registry import member_for_user

    from ..selectors.disclosures import portal_unread_current

    member = member_for_user(user)
    if member is None:
        return []
    return [
        PortalCardItem(
            title=f"校务公开：{item.title}",
            url=reverse("congresses_portal:disclosure_detail", args=[item.public_id]),
            detail=f"{item.org.name} · 未读",
            icon="speakerphone",
        )
        for item in portal_unread_current(member)
    ]


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.core.registry import PortalCard, portal_cards

    from ..selectors.disclosures import user_may_download

    if ATTACHMENT_OWNER not in attachment_access:
        attachment_access.register(ATTACHMENT_OWNER, user_may_download)
    if PORTAL_CARD not in portal_cards:
        portal_cards.register(
            PORTAL_CARD, PortalCard(key=PORTAL_CARD, kind="notice", items=_portal_items, order=64)
        )
