"""Writes of 走访慰问: record a visit of an owner (the owner's kind decides who may and which union makes it) and
delete one recorded by mistake (only its recorder, on the same day). Each write is an audit row on the union; the
visit row is itself the record (no timeline)."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.members.models import Member

from .choices import VisitOccasion
from .models import Visit
from .owners import kind_of
from .permissions import can_delete_visit, can_record_visit


@transaction.atomic
def visit_record(
    *,
    owner: models.Model,
    actor: Actor,
    visited_on: dt.date,
    occasion: str,
    visitors: str,
    content: str = "",
    gifts: str = "",
    member: Member | None = None,
    visited_name: str | None = None,
    context: AuditContext | None = None,
) -> Visit:
    """Record a visit of `owner` made by its kind's union (`org_of`). The visited person is `member` (their name
    is copied) or `visited_name`; a date in the future is refused."""
    kind = kind_of(owner)
    if not can_record_visit(actor, owner):
        raise PermissionDenied(_("您无权登记该对象的走访慰问"))
    if occasion not in VisitOccasion.values:
        raise ValidationError({"occasion": _("请选择走访事由")})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("走访日期不能晚于今天")})
    visitors = visitors.strip()
    if not visitors:
        raise ValidationError({"visitors": _("请填写走访人员")})
    name = (visited_name or "").strip() or (member.name if member is not None else "")
    if not name:
        raise ValidationError({"visited_name": _("请填写走访对象")})
    org = kind.org_of(owner)
    visit = Visit.objects.create(
        org=org,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        member=member,
        visited_name=name[:100],
        visited_on=visited_on,
        occasion=occasion,
        visitors=visitors[:200],
        content=content.strip(),
        gifts=gifts.strip()[:200],
        created_by=actor,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=visit,
        org_id=org.pk,
        summary=_("登记走访慰问：%(kind)s %(name)s（%(on)s，%(occasion)s）")
        % {"kind": kind.label, "name": name, "on": visited_on, "occasion": visit.get_occasion_display()},
        detail={"owner": kind.key, "owner_id": owner.pk},
    )
    return visit


@transaction.atomic
def visit_delete(*, visit: Visit, actor: Actor, context: AuditContext | None = None) -> None:
    """Delete a visit recorded by mistake: only its recorder, on the day it was recorded (afterwards it is part of
    the record, and a correction is a new visit row). Audited with what was deleted."""
    visit = lock(Visit, pk=visit.pk)
    if not can_delete_visit(actor, visit):
        raise PermissionDenied(_("只有登记人可在登记当天删除走访记录"))
    summary = _("删除走访慰问：%(name)s（%(on)s）") % {"name": visit.visited_name, "on": visit.visited_on}
    org_id = visit.org_id
    detail = {"owner_type": visit.owner_type_id, "owner_id": visit.owner_id, "visit_id": visit.pk}
    visit.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        org_id=org_id,
        summary=summary,
        detail=detail,
    )
