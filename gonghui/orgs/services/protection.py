"""女职工特殊保护检查表: one per 基层工会 and year, filled in and corrected by whoever manages that union (its own admin,
or an admin above it). It records which arrangements the unit has made (孕期、产期、哺乳期, a 女职工卫生室 or 母婴室, a
两癌筛查 organised) and how many took part in the screening — counts only. No field names a person, and the note is
refused when it reads like a health result. Each save writes a timeline row on the union and an audit row. Reads are
in orgs/selectors.py (`protection_*`)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction

from ..choices import OrgLevel, ProtectionAction
from ..events import protection_event
from ..models import Org, ProtectionChecklist
from ..permissions import can_manage_org

ITEM_FIELDS = ("pregnancy_care", "maternity_care", "nursing_care", "health_room", "screening_organised")
CHECKLIST_FIELDS = (*ITEM_FIELDS, "screening_participants", "note")
FIRST_YEAR = 2015  # the earliest year a checklist may be filled in for
# words that mark a person's health result; the note says what was arranged, never who was found what
HEALTH_RESULT_WORDS = ("阳性", "确诊", "患有", "患病", "病理", "复查结果", "检查结果", "癌前病变", "查出")


def _label(field: str) -> str:
    return str(getattr(ProtectionChecklist._meta.get_field(field), "verbose_name", field))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {field: bool(data.get(field)) for field in ITEM_FIELDS}
    participants = data.get("screening_participants")
    cleaned["screening_participants"] = None if participants in (None, "") else participants
    cleaned["note"] = " ".join(str(data.get("note") or "").split())
    return cleaned


def _validate(cleaned: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    participants = cleaned["screening_participants"]
    if cleaned["screening_organised"]:
        if participants is None:
            errors["screening_participants"] = _("已组织两癌筛查，请填写两癌筛查参加人数")
        elif not isinstance(participants, int) or isinstance(participants, bool) or participants < 0:
            errors["screening_participants"] = _("两癌筛查参加人数应为不小于0的整数")
    elif participants is not None:
        errors["screening_participants"] = _("未组织两癌筛查时不能填写两癌筛查参加人数")
    if len(cleaned["note"]) > 300:
        errors["note"] = _("说明不能超过300个字")
    elif any(word in cleaned["note"] for word in HEALTH_RESULT_WORDS):
        errors["note"] = _("说明只写措施和组织情况，不能写任何个人的检查结果或健康信息")
    if errors:
        raise ValidationError(errors)


def _check(org: Org, year: int, actor: Actor) -> None:
    if not can_manage_org(actor, org):
        raise PermissionDenied
    if org.level != OrgLevel.GRASSROOTS:
        raise ValidationError(_("女职工特殊保护检查表由基层工会填写"))
    if not org.is_active:
        raise ValidationError(_("该工会已停用，不能填写检查表"))
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {"year": _("年度应在%(first)s年至%(last)s年之间") % {"first": FIRST_YEAR, "last": this_year}}
        )


def summary(checklist: ProtectionChecklist) -> str:
    """The arrangements in words (the timeline note and the list page): what is in place, and the count."""
    done = [_label(field) for field in ITEM_FIELDS if getattr(checklist, field)]
    text = "、".join(done) if done else "各项均未落实"
    if checklist.screening_organised and checklist.screening_participants is not None:
        text += f"；两癌筛查参加 {checklist.screening_participants} 人"
    return text


def _record(
    *,
    checklist: ProtectionChecklist,
    org: Org,
    actor: Actor,
    action: ProtectionAction,
    note: str,
    context: AuditContext | None,
) -> None:
    protection_event(org=org, actor=actor, action=action, note=note)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=checklist,
        org_id=org.pk,
        summary=f"{action.label} {org.name}：{note}"[:300],
        context=context,
    )


@transaction.atomic
def protection_checklist_create(
    *, org: Org, year: int, actor: Actor, data: dict[str, Any], context: AuditContext | None = None
) -> ProtectionChecklist:
    """Fill in the unit's checklist for `year` (one per unit and year; a second is refused)."""
    _check(org, year, actor)
    org = lock(Org, pk=org.pk)
    if ProtectionChecklist.objects.filter(org=org, year=year).exists():
        raise ValidationError(_("本单位%(year)s年度的检查表已填写，请直接修改") % {"year": year})
    cleaned = _clean(data)
    _validate(cleaned)
    checklist = ProtectionChecklist(org=org, year=year, filled_by=actor, **cleaned)
    checklist.full_clean()
    checklist.save()
    _record(
        checklist=checklist,
        org=org,
        actor=actor,
        action=ProtectionAction.CREATE,
        note=f"{year}年度：{summary(checklist)}",
        context=context,
    )
    return checklist


@transaction.atomic
def protection_checklist_update(
    *, checklist: ProtectionChecklist, actor: Actor, data: dict[str, Any], context: AuditContext | None = None
) -> ProtectionChecklist:
    """Correct a checklist; the timeline row names the items that changed (no row when nothing did)."""
    checklist = lock(ProtectionChecklist, pk=checklist.pk, related=("org",))
    org = checklist.org
    if not can_manage_org(actor, org):
        raise PermissionDenied
    if not org.is_active:
        raise ValidationError(_("该工会已停用，不能修改检查表"))
    cleaned = _clean(data)
    _validate(cleaned)
    changed = [field for field in CHECKLIST_FIELDS if getattr(checklist, field) != cleaned[field]]
    if not changed:
        return checklist
    for field in changed:
        setattr(checklist, field, cleaned[field])
    checklist.filled_by = actor
    checklist.full_clean()
    checklist.save(update_fields=[*changed, "filled_by", "updated_at"])
    _record(
        checklist=checklist,
        org=org,
        actor=actor,
        action=ProtectionAction.EDIT,
        note=f"{checklist.year}年度：修改了"
        + "、".join(_label(f) for f in changed)
        + f"（{summary(checklist)}）",
        context=context,
    )
    return checklist
