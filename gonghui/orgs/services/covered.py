"""联合基层工会: the units a joint grassroots union covers. Each change checks the actor (orgs.manage on the union),
validates, rewrites the union's headcount fields as the sum over its units (so 入会率 and every headcount total
count across them), and writes the union's timeline and the audit log, in one transaction."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction

from ..choices import OrgAction
from ..events import covered_unit_event
from ..models import HEADCOUNT_FIELDS, CoveredUnit, Org
from ..permissions import can_manage_org
from ..validators import normalize_credit_code

COVERED_UNIT_FIELDS = ("name", "credit_code", *HEADCOUNT_FIELDS)


def joint_headcount_sync(org: Org) -> None:
    """Write the sum of the covered units' headcounts onto the joint union (call inside the changing transaction,
    with the union locked)."""
    sums = org.covered_units.aggregate(**{f: Sum(f) for f in HEADCOUNT_FIELDS})
    values = {f: sums[f] or 0 for f in HEADCOUNT_FIELDS}
    Org.objects.filter(pk=org.pk).update(**values)
    for field, value in values.items():
        setattr(org, field, value)


def _checked(actor: Actor, org: Org) -> Org:
    if not can_manage_org(actor, org):
        raise PermissionDenied
    org = lock(Org, pk=org.pk)
    if not org.is_joint:
        raise ValidationError(_("只有联合基层工会才能登记所覆盖单位：请先在“修改信息”中勾选“联合基层工会”"))
    if not org.is_active:
        raise ValidationError(_("该组织已停用，不能修改所覆盖单位"))
    return org


def _field(name: str) -> "models.Field[Any, Any]":
    return cast("models.Field[Any, Any]", CoveredUnit._meta.get_field(name))


def _cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """The posted values as the model holds them (so an unchanged "12" is no change), or an error on the field."""
    values = {}
    for key in (k for k in COVERED_UNIT_FIELDS if k in data):
        try:
            values[key] = _field(key).to_python(data[key])
        except ValidationError as exc:
            raise ValidationError({key: exc.messages}) from exc
    values["name"] = str(values.get("name") or "").strip()
    if values.get("credit_code"):
        values["credit_code"] = normalize_credit_code(values["credit_code"])
    return values


def _headcount_note(unit: CoveredUnit) -> str:
    return _("%(name)s，职工 %(n)d 人（在编 %(e)d，非在编 %(c)d，劳务派遣 %(d)d）") % {
        "name": unit.name,
        "n": unit.headcount_total,
        "e": unit.headcount_established,
        "c": unit.headcount_contract,
        "d": unit.headcount_dispatched,
    }


def _record(org: Org, actor: Actor, action: OrgAction, note: str) -> None:
    covered_unit_event(org=org, actor=actor, action=action, note=note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=org,
        org_id=org.pk,
        summary=f"{org.name} {action.label}：{note}",
    )


@transaction.atomic
def covered_unit_add(*, org: Org, actor: Actor, data: dict[str, Any]) -> CoveredUnit:
    org = _checked(actor, org)
    unit = CoveredUnit(org=org, **_cleaned(data))
    unit.full_clean()
    unit.save()
    joint_headcount_sync(org)
    _record(org, actor, OrgAction.COVER_ADD, _headcount_note(unit))
    return unit


@transaction.atomic
def covered_unit_update(*, unit: CoveredUnit, actor: Actor, data: dict[str, Any]) -> CoveredUnit:
    org = _checked(actor, unit.org)
    unit = CoveredUnit.objects.get(pk=unit.pk, org=org)
    changed = []
    for field, value in _cleaned(data).items():
        if getattr(unit, field) != value:
            setattr(unit, field, value)
            changed.append(field)
    if not changed:
        return unit
    unit.full_clean()
    unit.save(update_fields=[*changed, "updated_at"])
    joint_headcount_sync(org)
    labels = "、".join(str(_field(f).verbose_name) for f in changed)
    _record(org, actor, OrgAction.COVER_EDIT, f"{_headcount_note(unit)}；修改了：{labels}")
    return unit


@transaction.atomic
def covered_unit_remove(*, unit: CoveredUnit, actor: Actor) -> None:
    org = _checked(actor, unit.org)
    unit = CoveredUnit.objects.get(pk=unit.pk, org=org)
    note = _headcount_note(unit)
    unit.delete()
    joint_headcount_sync(org)
    _record(org, actor, OrgAction.COVER_REMOVE, note)
