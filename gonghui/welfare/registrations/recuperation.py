"""Registrations of 疗休养 (part `recuperation`): the portal tile 疗休养 (members who hold or held a place), the
portal home's 待办 (a place waiting for the member's confirmation), the 我的办理 source, and the check-in target
"welfare.recuperationbatch" (the batch at the resort: its dates are the window, members holding a confirmed place of
the batch are admitted, `welfare.care_manage` on the programme's union scans; `on_checkin` turns the member's
confirmed place into 已报到 inside the check-in's transaction, whether the batch's scanner page or the checkins API
recorded it)."""

from typing import Any

PORTAL_TILE = "welfare.recuperation"
PORTAL_CARD = "welfare.recuperation"
REQUESTS = "welfare.recuperation"
CHECKIN_KIND = "welfare.recuperationbatch"


def register() -> None:
    from gonghui.checkins.targets import CheckinTarget, checkin_targets
    from gonghui.core.registry import (
        MemberRequestSource,
        PortalCard,
        PortalTile,
        member_requests,
        portal_cards,
        portal_tiles,
    )

    from ..selectors.recuperation import (
        batch_admits,
        batch_can_scan,
        batch_get_for_scan,
        batch_window,
        has_places,
        my_requests,
        my_todo,
    )

    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="疗休养",
                url_name="welfare_portal:place_mine",
                icon="calendar-event",
                order=56,
                description="确认职工疗休养名额",
                shown=has_places,
            ),
        )
    if PORTAL_CARD not in portal_cards:
        portal_cards.register(PORTAL_CARD, PortalCard(key=PORTAL_CARD, kind="todo", items=my_todo, order=56))
    if REQUESTS not in member_requests:
        member_requests.register(
            REQUESTS, MemberRequestSource(key=REQUESTS, label="疗休养", requests=my_requests, order=76)
        )
    if CHECKIN_KIND not in checkin_targets:
        checkin_targets.register(
            CHECKIN_KIND,
            CheckinTarget(
                key=CHECKIN_KIND,
                label="疗休养报到",
                model="welfare.recuperationbatch",
                find=batch_get_for_scan,
                can_scan=batch_can_scan,
                window=batch_window,
                admits=batch_admits,
                org_of=lambda batch: batch.programme.org,
                title_of=lambda batch: f"{batch.programme.name} · {batch.name}",
                order=60,
                on_checkin=_attend,
            ),
        )


def _attend(batch: Any, check_in: Any, actor: Any) -> None:
    """The check-in target's `on_checkin`: the member's confirmed place becomes 已报到."""
    from ..services.recuperation import place_attend

    place_attend(check_in=check_in, batch=batch, actor=actor)
