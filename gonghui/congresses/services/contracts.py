"""Writes of part contracts (集体协商与集体合同): negotiations (要约, representatives, meetings with minutes, status),
contracts (综合 / 工资专项 / 女职工专项) through 草案 → 职代会已通过 → 已签订 → 已报送备案 → 已生效 | 被提出异议 → 已到期 /
已续签, and the daily job (effect after the objection period, expiry, filing / objection / renewal reminders).

Dates: filing is due within 10 days of signing (`filing_due_on = period_end(signed_on, 10)`), the labour
administration may object within 15 days of filing (`objection_ends_on = period_end(filed_on, 15)`); both periods
count calendar days and their last day moves past a 法定节假日 or rest day (`calendars.workdays.period_end`). Without
an objection the contract takes effect the day after `objection_ends_on`. Every service takes the actor and plain
arguments (callable from the demo seeder); every change writes a timeline row in its transaction."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.calendars.workdays import period_end
from gonghui.core.locking import lock
from gonghui.notifications.models import Notification
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import (
    ContractAction,
    ContractKind,
    ContractStatus,
    MotionStatus,
    NegotiationAction,
    NegotiationParty,
    NegotiationStatus,
)
from ..events import congresses_event
from ..models import CollectiveContract, CollectiveNegotiation, Motion, NegotiationMeeting
from ..permissions import can_manage_for
from ..selectors.contracts import contract_managers

FILING_DAYS = 10
OBJECTION_DAYS = 15
FILING_LEAD_DAYS = 3  # remind this many days before the filing deadline
RENEWAL_LEAD_DAYS = 60  # remind this many days before the term ends
CONTRACTS_JOB = "congresses.contracts_due"
EDITABLE = (ContractStatus.DRAFT, ContractStatus.APPROVED)
REMINDER_FILING = "congresses.contract_filing"
REMINDER_RENEWAL = "congresses.contract_renewal"
REMINDER_EFFECTIVE = "congresses.contract_effective"

NEGOTIATION_FIELDS = (
    "contract_kind",
    "title",
    "requested_by",
    "requested_on",
    "union_representatives",
    "employer_representatives",
)
CONTRACT_FIELDS = ("kind", "title", "negotiation", "content", "term_starts_on", "term_ends_on")


def _require_manage(actor: Any, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied


def _check_term(starts: dt.date | None, ends: dt.date | None) -> None:
    if starts and ends and ends < starts:
        raise ValidationError({"term_ends_on": _("期限届满日期不能早于期限开始日期")})


# --- negotiations -------------------------------------------------------------------------------------------------


@transaction.atomic
def negotiation_create(*, org: Org, data: dict[str, Any], actor: Any) -> CollectiveNegotiation:
    """A 集体协商 of `org` starts with a 要约 (by the union or the employer) for one contract kind."""
    _require_manage(actor, org)
    if data.get("contract_kind") not in ContractKind.values:
        raise ValidationError({"contract_kind": _("请选择合同类型")})
    if data.get("requested_by") not in NegotiationParty.values:
        raise ValidationError({"requested_by": _("请选择要约方")})
    negotiation = CollectiveNegotiation(org=org, created_by=actor, **{k: data[k] for k in NEGOTIATION_FIELDS})
    negotiation.full_clean()
    negotiation.save()
    congresses_event(
        subject=negotiation, actor=actor, action=NegotiationAction.CREATED, to_state=negotiation.status
    )
    return negotiation


@transaction.atomic
def negotiation_update(
    *, negotiation: CollectiveNegotiation, data: dict[str, Any], actor: Any
) -> CollectiveNegotiation:
    locked = lock(CollectiveNegotiation, pk=negotiation.pk, related=("org",))
    _require_manage(actor, locked.org)
    for name in NEGOTIATION_FIELDS:
        setattr(locked, name, data[name])
    locked.full_clean()
    locked.save(update_fields=[*NEGOTIATION_FIELDS, "updated_at"])
    congresses_event(subject=locked, actor=actor, action=NegotiationAction.EDITED)
    return locked


@transaction.atomic
def negotiation_meeting_add(
    *,
    negotiation: CollectiveNegotiation,
    held_on: dt.date,
    minutes: str,
    actor: Any,
    venue: str = "",
    attendees: str = "",
) -> NegotiationMeeting:
    """Record a 协商会议 with its minutes; the first meeting moves a 要约 to 协商中."""
    locked = lock(CollectiveNegotiation, pk=negotiation.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status in (NegotiationStatus.AGREED, NegotiationStatus.FAILED):
        raise ValidationError(_("协商已结束，不能再记录协商会议"))
    if held_on < locked.requested_on:
        raise ValidationError({"held_on": _("协商日期不能早于要约日期")})
    if not minutes.strip():
        raise ValidationError({"minutes": _("请填写协商纪要")})
    meeting = NegotiationMeeting(
        negotiation=locked, held_on=held_on, venue=venue, attendees=attendees, minutes=minutes.strip()
    )
    meeting.full_clean()
    meeting.save()
    before = locked.status
    if locked.status == NegotiationStatus.REQUESTED:
        locked.status = NegotiationStatus.NEGOTIATING
        locked.save(update_fields=["status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=NegotiationAction.MEETING,
        from_state=before,
        to_state=locked.status,
        note=_("记录协商会议（%(day)s）") % {"day": f"{held_on:%Y-%m-%d}"},
    )
    return meeting


@transaction.atomic
def negotiation_conclude(
    *, negotiation: CollectiveNegotiation, agreed: bool, actor: Any, note: str = ""
) -> CollectiveNegotiation:
    """End a negotiation: 达成一致 (a contract draft may then be written from it) or 协商未果."""
    locked = lock(CollectiveNegotiation, pk=negotiation.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status in (NegotiationStatus.AGREED, NegotiationStatus.FAILED):
        raise ValidationError(_("协商已结束"))
    if agreed and not locked.meetings.exists():
        raise ValidationError(_("请先记录至少一次协商会议及纪要，再确认达成一致"))
    before = locked.status
    locked.status = NegotiationStatus.AGREED if agreed else NegotiationStatus.FAILED
    locked.save(update_fields=["status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=NegotiationAction.STATUS,
        from_state=before,
        to_state=locked.status,
        note=note or str(NegotiationStatus(locked.status).label),
    )
    return locked


# --- contracts ----------------------------------------------------------------------------------------------------


def _check_negotiation(org: Org, negotiation: CollectiveNegotiation | None) -> None:
    if negotiation is not None and negotiation.org_id != org.pk:
        raise ValidationError({"negotiation": _("所选集体协商不属于本单位")})


@transaction.atomic
def contract_create(
    *, org: Org, data: dict[str, Any], actor: Any, renews: CollectiveContract | None = None
) -> CollectiveContract:
    """A draft 集体合同 of `org` (kind, title, the negotiation it came from, main terms, term)."""
    _require_manage(actor, org)
    if data.get("kind") not in ContractKind.values:
        raise ValidationError({"kind": _("请选择合同类型")})
    _check_negotiation(org, data.get("negotiation"))
    _check_term(data.get("term_starts_on"), data.get("term_ends_on"))
    contract = CollectiveContract(
        org=org, created_by=actor, renews=renews, **{k: data.get(k) or None for k in CONTRACT_FIELDS}
    )
    contract.title, contract.content = data["title"], data.get("content") or ""
    contract.full_clean()
    contract.save()
    congresses_event(subject=contract, actor=actor, action=ContractAction.CREATED, to_state=contract.status)
    return contract


@transaction.atomic
def contract_update(*, contract: CollectiveContract, data: dict[str, Any], actor: Any) -> CollectiveContract:
    """Edit a contract while it is a draft or approved by the congress (not once signed)."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status not in EDITABLE:
        raise ValidationError(_("合同已签订，不能再修改"))
    _check_negotiation(locked.org, data.get("negotiation"))
    _check_term(data.get("term_starts_on"), data.get("term_ends_on"))
    for name in CONTRACT_FIELDS:
        setattr(locked, name, data.get(name) or None)
    locked.title, locked.content = data["title"], data.get("content") or ""
    locked.full_clean()
    locked.save(update_fields=[*CONTRACT_FIELDS, "updated_at"])
    congresses_event(subject=locked, actor=actor, action=ContractAction.EDITED)
    return locked


@transaction.atomic
def contract_approve(
    *,
    contract: CollectiveContract,
    actor: Any,
    motion: Motion | None = None,
    approved_on: dt.date | None = None,
) -> CollectiveContract:
    """职代会审议通过: link the passed `Motion` of the unit's congress (its decision date is the approval date), or,
    for a vote held before the platform, record the date it was passed."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status != ContractStatus.DRAFT:
        raise ValidationError(_("只有草案可以登记职代会审议通过"))
    if motion is not None:
        motion = Motion.objects.select_related("session__congress").get(pk=motion.pk)
        if motion.session.congress.org_id != locked.org_id:
            raise ValidationError({"motion": _("所选表决事项不是本单位职代会的")})
        if motion.status != MotionStatus.DECIDED or not motion.passed:
            raise ValidationError({"motion": _("所选表决事项尚未表决通过")})
        approved_on = timezone.localdate(motion.decided_at) if motion.decided_at else approved_on
    if approved_on is None:
        raise ValidationError({"approved_on": _("请选择职代会表决事项或填写通过日期")})
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("通过日期不能晚于今天")})
    locked.motion, locked.approved_on = motion, approved_on
    locked.status = ContractStatus.APPROVED
    locked.save(update_fields=["motion", "approved_on", "status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=ContractAction.APPROVED,
        from_state=ContractStatus.DRAFT,
        to_state=locked.status,
        note=motion.title if motion else "",
    )
    return locked


@transaction.atomic
def contract_sign(
    *,
    contract: CollectiveContract,
    signed_on: dt.date,
    actor: Any,
    term_starts_on: dt.date | None = None,
    term_ends_on: dt.date | None = None,
) -> CollectiveContract:
    """签订: the filing deadline is 10 calendar days after signing, moved past a holiday."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status != ContractStatus.APPROVED:
        raise ValidationError(_("合同须经职代会审议通过后才能签订"))
    if locked.approved_on and signed_on < locked.approved_on:
        raise ValidationError({"signed_on": _("签订日期不能早于职代会通过日期")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("签订日期不能晚于今天")})
    starts = term_starts_on or locked.term_starts_on
    ends = term_ends_on or locked.term_ends_on
    if starts is None or ends is None:
        raise ValidationError({"term_ends_on": _("请填写合同期限的开始和届满日期")})
    _check_term(starts, ends)
    locked.signed_on, locked.term_starts_on, locked.term_ends_on = signed_on, starts, ends
    locked.filing_due_on = period_end(signed_on, FILING_DAYS)
    locked.status = ContractStatus.SIGNED
    locked.save(
        update_fields=["signed_on", "term_starts_on", "term_ends_on", "filing_due_on", "status", "updated_at"]
    )
    congresses_event(
        subject=locked,
        actor=actor,
        action=ContractAction.SIGNED,
        from_state=ContractStatus.APPROVED,
        to_state=locked.status,
        note=_("应于%(day)s前报送劳动行政部门备案") % {"day": f"{locked.filing_due_on:%Y-%m-%d}"},
    )
    return locked


@transaction.atomic
def contract_file(
    *, contract: CollectiveContract, filed_on: dt.date, filed_with: str, actor: Any
) -> CollectiveContract:
    """报送备案: the objection period ends 15 calendar days after filing, moved past a holiday."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status != ContractStatus.SIGNED:
        raise ValidationError(_("只有已签订的合同可以登记报送备案"))
    assert locked.signed_on is not None  # noqa: S101 (a signed contract has its date)
    if filed_on < locked.signed_on:
        raise ValidationError({"filed_on": _("报送备案日期不能早于签订日期")})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("报送备案日期不能晚于今天")})
    if not filed_with.strip():
        raise ValidationError({"filed_with": _("请填写备案机关")})
    locked.filed_on, locked.filed_with = filed_on, filed_with.strip()
    locked.objection_ends_on = period_end(filed_on, OBJECTION_DAYS)
    locked.status = ContractStatus.FILED
    locked.save(update_fields=["filed_on", "filed_with", "objection_ends_on", "status", "updated_at"])
    late = locked.filing_due_on is not None and filed_on > locked.filing_due_on
    congresses_event(
        subject=locked,
        actor=actor,
        action=ContractAction.FILED,
        from_state=ContractStatus.SIGNED,
        to_state=locked.status,
        note=(_("逾期报送（应于%(due)s前）；") % {"due": f"{locked.filing_due_on:%Y-%m-%d}"} if late else "")
        + _("异议期至%(day)s") % {"day": f"{locked.objection_ends_on:%Y-%m-%d}"},
    )
    return locked


@transaction.atomic
def contract_object(
    *, contract: CollectiveContract, objected_on: dt.date, note: str, actor: Any
) -> CollectiveContract:
    """劳动行政部门提出异议 within the objection period: the contract does not take effect (the parties negotiate
    again; a new draft is written with 续签/重新起草)."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status != ContractStatus.FILED:
        raise ValidationError(_("只有已报送备案、尚未生效的合同可以登记异议"))
    assert locked.filed_on is not None  # noqa: S101
    assert locked.objection_ends_on is not None  # noqa: S101
    if not locked.filed_on <= objected_on <= locked.objection_ends_on:
        raise ValidationError(
            {
                "objected_on": _("收到异议日期须在异议期内（%(start)s至%(end)s）")
                % {"start": f"{locked.filed_on:%Y-%m-%d}", "end": f"{locked.objection_ends_on:%Y-%m-%d}"}
            }
        )
    if not note.strip():
        raise ValidationError({"objection_note": _("请填写异议内容")})
    locked.objected_on, locked.objection_note = objected_on, note.strip()
    locked.status = ContractStatus.OBJECTED
    locked.save(update_fields=["objected_on", "objection_note", "status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=actor,
        action=ContractAction.OBJECTED,
        from_state=ContractStatus.FILED,
        to_state=locked.status,
        note=locked.objection_note,
    )
    return locked


@transaction.atomic
def contract_renew(*, contract: CollectiveContract, actor: Any) -> CollectiveContract:
    """续签 (or redraft after an objection): a new draft of the same kind that `renews` this one; the old one stays
    in force until the new one takes effect (then it is 已续签)."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    _require_manage(actor, locked.org)
    if locked.status not in (ContractStatus.EFFECTIVE, ContractStatus.EXPIRED, ContractStatus.OBJECTED):
        raise ValidationError(_("只有已生效、已到期或被提出异议的合同可以续签"))
    if locked.renewals.exists():
        raise ValidationError(_("该合同已有续签草案"))
    data = {"kind": locked.kind, "title": locked.title, "content": locked.content}
    renewal = contract_create(org=locked.org, data=data, actor=actor, renews=locked)
    congresses_event(subject=locked, actor=actor, action=ContractAction.RENEWED, note=renewal.title)
    return renewal


# --- the daily job ------------------------------------------------------------------------------------------------


@transaction.atomic
def contract_take_effect(*, contract: CollectiveContract, today: dt.date) -> bool:
    """The objection period passed without an objection: in effect from the next day; a contract it renews is
    then 已续签. Idempotent (only a 已报送备案 contract whose period has ended)."""
    locked = lock(CollectiveContract, pk=contract.pk, related=("org",))
    if locked.status != ContractStatus.FILED or not locked.objection_ends_on:
        return False
    if locked.objection_ends_on >= today:
        return False
    locked.effective_on = locked.objection_ends_on + dt.timedelta(days=1)
    locked.status = ContractStatus.EFFECTIVE
    locked.save(update_fields=["effective_on", "status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=None,
        action=ContractAction.EFFECTIVE,
        from_state=ContractStatus.FILED,
        to_state=locked.status,
        note=_("异议期届满未收到异议，自%(day)s起生效") % {"day": f"{locked.effective_on:%Y-%m-%d}"},
    )
    if locked.renews_id:
        old = lock(CollectiveContract, pk=locked.renews_id)
        if old.status in (ContractStatus.EFFECTIVE, ContractStatus.EXPIRED):
            before = old.status
            old.status = ContractStatus.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
            congresses_event(
                subject=old,
                actor=None,
                action=ContractAction.RENEWED,
                from_state=before,
                to_state=old.status,
                note=_("续签合同已生效"),
            )
    _tell(locked, REMINDER_EFFECTIVE, _("集体合同已生效"))
    return True


@transaction.atomic
def contract_expire(*, contract: CollectiveContract, today: dt.date) -> bool:
    locked = lock(CollectiveContract, pk=contract.pk)
    if locked.status != ContractStatus.EFFECTIVE or not locked.term_ends_on or locked.term_ends_on >= today:
        return False
    locked.status = ContractStatus.EXPIRED
    locked.save(update_fields=["status", "updated_at"])
    congresses_event(
        subject=locked,
        actor=None,
        action=ContractAction.EXPIRED,
        from_state=ContractStatus.EFFECTIVE,
        to_state=locked.status,
    )
    return True


def _tell(contract: CollectiveContract, category: str, title: str, body: str = "") -> bool:
    """Notify the unit's cadres once per contract and reminder kind (the notification itself is the marker)."""
    url = contract.get_absolute_url()
    if Notification.objects.filter(category=category, url=url).exists():
        return False
    recipients = list(contract_managers(contract.org))
    if not recipients:
        return False
    notify(
        recipients=recipients,
        title=title,
        body=body or _("%(org)s：%(title)s") % {"org": contract.org.name, "title": contract.title},
        url=url,
        category=category,
    )
    return True


def _remind_filing(contract: CollectiveContract) -> bool:
    assert contract.filing_due_on is not None  # noqa: S101
    return _tell(
        contract,
        REMINDER_FILING,
        _("集体合同报送备案提醒"),
        _("%(org)s的《%(title)s》应于%(day)s前报送劳动行政部门备案")
        % {"org": contract.org.name, "title": contract.title, "day": f"{contract.filing_due_on:%Y-%m-%d}"},
    )


def _remind_renewal(contract: CollectiveContract) -> bool:
    assert contract.term_ends_on is not None  # noqa: S101
    return _tell(
        contract,
        REMINDER_RENEWAL,
        _("集体合同期满续签提醒"),
        _("%(org)s的《%(title)s》将于%(day)s期满，请及时开展集体协商续签")
        % {"org": contract.org.name, "title": contract.title, "day": f"{contract.term_ends_on:%Y-%m-%d}"},
    )


def contracts_due_job(today: dt.date | None = None) -> str:
    """Run by `run_due_jobs`: effect after the objection period, expiry, and the filing (3 days before the
    deadline or overdue) and renewal (60 days before the term ends, no renewal yet) reminders. Idempotent."""
    from ..selectors.contracts import contracts_due

    today = today or timezone.localdate()
    due = contracts_due(today, filing_lead=FILING_LEAD_DAYS, renewal_lead=RENEWAL_LEAD_DAYS)
    effective = sum(contract_take_effect(contract=c, today=today) for c in due.to_take_effect)
    expired = sum(contract_expire(contract=c, today=today) for c in due.to_expire)
    with transaction.atomic():
        filing = sum(_remind_filing(c) for c in due.filing_soon)
        renewal = sum(_remind_renewal(c) for c in due.renewal_soon)
    return _("集体合同：生效 %(e)d 份，到期 %(x)d 份，备案提醒 %(f)d 份，续签提醒 %(r)d 份") % {
        "e": effective,
        "x": expired,
        "f": filing,
        "r": renewal,
    }
