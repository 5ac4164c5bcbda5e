"""三委: a union's three committees (工会委员会, 经费审查委员会, 女职工委员会), one current committee of each kind
per union, earlier terms kept as history. The 工会委员会's term is the union's own term (`Org.term_started_on` /
`term_ends_on`): its services write the org's dates and leave the committee's own term fields empty. Seats live in
members (`members.services.committee_seats`), which calls `committee_seat_recorded` here for the union's timeline
and its 工会主席. Reads are in orgs/selectors.py; who may write is `can_manage_org` (the union's MANAGE)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction

from ..choices import CommitteeAction, CommitteeKind
from ..events import committee_event
from ..models import Committee, Org
from ..permissions import can_manage_org

COMMITTEE_FIELDS = ("term_started_on", "term_ends_on", "elected_on", "approved_on", "approval_reference")
TERM_FIELDS = ("term_started_on", "term_ends_on")


def _date(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: data.get(k) for k in COMMITTEE_FIELDS}
    cleaned["approval_reference"] = " ".join(str(cleaned["approval_reference"] or "").split())
    return cleaned


def _validate(data: dict[str, Any]) -> None:
    """Rules on the dates, each on its field."""
    started, ends = data["term_started_on"], data["term_ends_on"]
    elected, approved = data["elected_on"], data["approved_on"]
    if started is None:
        raise ValidationError({"term_started_on": _("请填写任期开始日期")})
    if ends is None:
        raise ValidationError({"term_ends_on": _("请填写任期届满日期")})
    if ends < started:
        raise ValidationError({"term_ends_on": _("任期届满日期不能早于任期开始日期")})
    today = timezone.localdate()
    if elected is not None and elected > today:
        raise ValidationError({"elected_on": _("选举日期不能晚于今天")})
    if approved is not None:
        if approved > today:
            raise ValidationError({"approved_on": _("上级工会批复日期不能晚于今天")})
        if elected is not None and approved < elected:
            raise ValidationError({"approved_on": _("上级工会批复日期不能早于选举日期")})
    if data["approval_reference"] and approved is None:
        raise ValidationError({"approved_on": _("填写了批复文号，请同时填写上级工会批复日期")})


def _check_org(org: Org, actor: Actor) -> None:
    if not can_manage_org(actor, org):
        raise PermissionDenied
    if not org.is_active:
        raise ValidationError(_("该工会已停用，不能登记委员会"))


def _write(committee: Committee, org: Org, data: dict[str, Any]) -> list[str]:
    """Set the committee's fields — for the 工会委员会 the term goes onto the org — and save; the labels of what
    changed."""
    changed: list[str] = []
    org_changed: list[str] = []
    for field in COMMITTEE_FIELDS:
        value = data[field]
        target: Any = org if committee.kind == CommitteeKind.UNION and field in TERM_FIELDS else committee
        if getattr(target, field) != value:
            setattr(target, field, value)
            (org_changed if target is org else changed).append(field)
    if committee.pk is None:
        committee.full_clean(validate_constraints=False)
        committee.save()
    elif changed:
        committee.full_clean(validate_constraints=False)
        committee.save(update_fields=[*changed, "updated_at"])
    if org_changed:
        org.save(update_fields=[*org_changed, "updated_at"])
    return [_label(Committee, f) for f in changed] + [_label(Org, f) for f in org_changed]


def _label(model: type[Committee] | type[Org], field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def _summary(committee: Committee, data: dict[str, Any]) -> str:
    parts = [f"任期 {_date(data['term_started_on'])} 至 {_date(data['term_ends_on'])}"]
    if data["elected_on"]:
        parts.append(f"选举 {_date(data['elected_on'])}")
    if data["approved_on"]:
        reference = f"（{data['approval_reference']}）" if data["approval_reference"] else ""
        parts.append(f"批复 {_date(data['approved_on'])}{reference}")
    return f"{committee.get_kind_display()}：" + "，".join(parts)


def _record(
    *,
    committee: Committee,
    org: Org,
    actor: Actor,
    action: CommitteeAction,
    note: str,
    context: AuditContext | None,
) -> None:
    committee_event(org=org, actor=actor, action=action, note=note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=committee,
        org_id=org.pk,
        summary=f"{action.label} {org.name}：{note}"[:300],
        context=context,
    )


@transaction.atomic
def committee_create(
    *, org: Org, kind: str, actor: Actor, data: dict[str, Any], context: AuditContext | None = None
) -> Committee:
    """Record the union's current committee of `kind` (the first one; a later one is `committee_new_term`)."""
    _check_org(org, actor)
    if kind not in CommitteeKind.values:
        raise ValidationError(_("未知的委员会类别：%(kind)s") % {"kind": kind})
    org = lock(Org, pk=org.pk)
    label = CommitteeKind(kind).label
    if Committee.objects.filter(org=org, kind=kind, is_current=True).exists():
        raise ValidationError(_("本工会已有本届%(kind)s，如已换届请办理“换届”") % {"kind": label})
    cleaned = _clean(data)
    _validate(cleaned)
    committee = Committee(org=org, kind=kind, is_current=True)
    _write(committee, org, cleaned)
    _record(
        committee=committee,
        org=org,
        actor=actor,
        action=CommitteeAction.CREATE,
        note=_summary(committee, cleaned),
        context=context,
    )
    return committee


@transaction.atomic
def committee_update(
    *, committee: Committee, actor: Actor, data: dict[str, Any], context: AuditContext | None = None
) -> Committee:
    """Correct the current committee's dates and 批复文号 (the 工会委员会's term is the union's)."""
    _check_org(committee.org, actor)
    committee = lock(Committee, pk=committee.pk, related=("org",))
    if not committee.is_current:
        raise ValidationError(_("往届委员会不能修改"))
    org = lock(Org, pk=committee.org_id)
    cleaned = _clean(data)
    _validate(cleaned)
    changed = _write(committee, org, cleaned)
    if changed:
        _record(
            committee=committee,
            org=org,
            actor=actor,
            action=CommitteeAction.EDIT,
            note=f"{committee.get_kind_display()}：修改了" + "、".join(changed),
            context=context,
        )
    return committee


@transaction.atomic
def committee_new_term(
    *, committee: Committee, actor: Actor, data: dict[str, Any], context: AuditContext | None = None
) -> Committee:
    """换届: the current committee becomes history (kept with its seats) and a new one of the same kind is current.
    The new term must start after the old one began."""
    _check_org(committee.org, actor)
    committee = lock(Committee, pk=committee.pk, related=("org",))
    if not committee.is_current:
        raise ValidationError(_("只能对本届委员会办理换届"))
    org = lock(Org, pk=committee.org_id)
    cleaned = _clean(data)
    _validate(cleaned)
    old_start = org.term_started_on if committee.kind == CommitteeKind.UNION else committee.term_started_on
    old_end = org.term_ends_on if committee.kind == CommitteeKind.UNION else committee.term_ends_on
    if old_start is not None and cleaned["term_started_on"] <= old_start:
        raise ValidationError({"term_started_on": _("新一届任期开始日期应晚于上一届的任期开始日期")})
    if committee.kind == CommitteeKind.UNION:
        # the past term stays readable on the history row (the org only holds the current one)
        committee.term_started_on, committee.term_ends_on = old_start, old_end
    committee.is_current = False
    committee.save(update_fields=["is_current", "term_started_on", "term_ends_on", "updated_at"])
    new = Committee(org=org, kind=committee.kind, is_current=True)
    _write(new, org, cleaned)
    _record(
        committee=new,
        org=org,
        actor=actor,
        action=CommitteeAction.NEW_TERM,
        note=f"上一届任期 {_date(old_start)} 至 {_date(old_end)}；新一届" + _summary(new, cleaned),
        context=context,
    )
    return new


@transaction.atomic
def committee_seat_recorded(
    *,
    committee: Committee,
    actor: Actor,
    action: CommitteeAction,
    note: str,
    chair_name: str | None = None,
    context: AuditContext | None = None,
) -> None:
    """A seat on `committee` changed (members writes seats and calls this in its transaction): the union's
    timeline and audit rows, and — for the 工会委员会 — its 工会主席 when `chair_name` is given ("" clears it)."""
    if not can_manage_org(actor, committee.org):
        raise PermissionDenied
    org = lock(Org, pk=committee.org_id)
    if chair_name is not None and committee.kind == CommitteeKind.UNION and org.chair_name != chair_name:
        org.chair_name = chair_name
        org.save(update_fields=["chair_name", "updated_at"])
    _record(committee=committee, org=org, actor=actor, action=action, note=note, context=context)
