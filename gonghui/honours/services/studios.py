"""Writes of 创新工作室 (part `studios`): naming (`studio_mark_named`, `studio_mark_not_selected`, called by the
naming part when the year's studio campaign is named). Keyword-only, actor explicit, one transaction each with its
timeline row."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.locking import lock
from gonghui.core.numbering import document_number, number_next
from gonghui.documents.selectors import issuer_settings_of
from gonghui.orgs.models import Org

from ..choices import LIVE_NOMINATION_STATUSES, StudioAction, StudioStatus
from ..events import studio_event
from ..models import InnovationStudio, Nomination
from ..permissions import can_manage_for

PLAQUE_TEXT = "焦作市示范性劳模和工匠人才创新工作室"
NUMBER_SUFFIX = "创"  # 焦教工 + 创 → 焦教工创〔2026〕3号


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("无权管理该创新工作室"))


def naming_org_of(studio: InnovationStudio) -> Org:
    """The union that names the studio: the one running the campaign of its latest nomination (the studio's own
    union when it was never nominated)."""
    nomination = (
        Nomination.objects.filter(studio=studio, status__in=LIVE_NOMINATION_STATUSES)
        .select_related("campaign__org")
        .order_by("-pk")
        .first()
    )
    return nomination.campaign.org if nomination is not None else studio.org


def number_series_of(org: Org) -> str:
    """The studio number series of a naming union: its 发文机关代字 + 创 (焦教工创), else its short name + 创."""
    series = issuer_settings_of(org).series.strip() or org.short_name.strip() or org.name.strip()
    return f"{series}{NUMBER_SUFFIX}"


@transaction.atomic
def studio_mark_named(
    *, studio: InnovationStudio, named_on: dt.date, level: str, actor: Actor, issuer: Org | None = None
) -> InnovationStudio:
    """Name the studio (called by the naming part for each APPROVED studio nomination): status NAMED, `named_on`,
    `level`, a number counted per naming union and year (焦教工创〔2026〕3号, `issuer` defaults to the union running
    the studio's campaign) and the plaque text. Pays nothing (the 新命名经费 is `tranche_pay`). Naming an already
    named studio again returns it unchanged."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    issuer = issuer or naming_org_of(studio)
    if not can_manage_for(actor, issuer) and not can_manage_for(actor, studio.org):
        raise PermissionDenied(_("无权命名该创新工作室"))
    if studio.status == StudioStatus.NAMED and studio.number:
        return studio
    if studio.status not in (StudioStatus.APPLIED, StudioStatus.NOT_SELECTED):
        raise ValidationError(
            _("创新工作室“%(name)s”当前状态为%(status)s，不能命名")
            % {"name": studio.name, "status": studio.get_status_display()}
        )
    level = (level or "").strip() or PLAQUE_TEXT
    from_state = studio.status
    series = number_series_of(issuer)
    serial = number_next(issuer_id=issuer.pk, series=series, year=named_on.year)
    studio.status = StudioStatus.NAMED
    studio.named_on = named_on
    studio.level = level[:100]
    studio.number = document_number(series, named_on.year, serial)[:50]
    studio.plaque_text = PLAQUE_TEXT
    studio.save(update_fields=["status", "named_on", "level", "number", "plaque_text", "updated_at"])
    studio_event(
        studio=studio,
        actor=actor,
        action=StudioAction.NAME,
        from_state=from_state,
        note=f"{studio.level}，编号{studio.number}",
    )
    return studio


@transaction.atomic
def studio_mark_not_selected(*, studio: InnovationStudio, actor: Actor) -> InnovationStudio:
    """The studio's nomination was not selected: an APPLIED studio becomes NOT_SELECTED (it may apply again in a
    later campaign). A studio in any other state is left as it is."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    if not can_manage_for(actor, studio.org) and not can_manage_for(actor, naming_org_of(studio)):
        raise PermissionDenied(_("无权处理该创新工作室"))
    if studio.status != StudioStatus.APPLIED:
        return studio
    studio.status = StudioStatus.NOT_SELECTED
    studio.save(update_fields=["status", "updated_at"])
    studio_event(
        studio=studio, actor=actor, action=StudioAction.NAME, from_state=StudioStatus.APPLIED, note="未入选"
    )
    return studio
