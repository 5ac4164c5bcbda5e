"""Registrations of 竞赛 — part `entries`: the portal tile 技能竞赛 (我的竞赛), the member's entries in 我的办理 (竞赛报名)
and the entries waiting for their confirmation among the home's 待办."""


def register() -> None:
    from gonghui.core.registry import (
        MemberRequestSource,
        PortalCard,
        PortalTile,
        member_requests,
        portal_cards,
        portal_tiles,
    )

    from ..selectors.entries import entry_requests_for_user, entry_todo_items

    portal_tiles.register(
        "contests.entries",
        PortalTile(
            key="contests.entries",
            label="技能竞赛",
            url_name="contests_portal:my_contests",
            icon="trophy",
            order=45,
            description="我的竞赛报名：本人确认参赛，查看可参加的竞赛",
        ),
    )
    member_requests.register(
        "contests.entries",
        MemberRequestSource(
            key="contests.entries", label="竞赛报名", requests=entry_requests_for_user, order=70
        ),
    )
    portal_cards.register(
        "contests.entries.todo",
        PortalCard(key="contests.entries.todo", kind="todo", items=entry_todo_items, order=30),
    )
