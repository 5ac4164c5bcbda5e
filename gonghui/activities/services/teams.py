"""Writes of part teams — teams sent to events organised above the platform (组队参加省教科文卫体工会组织的文体活动):
create and edit a delegation, its roster (members of the team's union subtree with a role, each once, within the
size limit), 报市总审核, 批准 / 退回 by the city union (`activities.manage` on the root, never the submitter), 撤销, and
the results when the team is back. Every writer of the roster locks the Delegation row first; every step writes a
timeline row in the same transaction; the roster is told when the team is approved."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import DelegationAction, DelegationRole, DelegationStatus
from ..events import activity_event
from ..models import Delegation, DelegationMember
from ..permissions import can_manage_for
from ..selectors.teams import (
    DELEGATION_FLOW,
    EDITABLE_STATUSES,
    can_manage_delegation,
    roster_member_lookup,
    roster_of,
)
from ..spreadsheets.teams import roster_workbook

MAX_TEAM_SIZE = 500


@dataclass(frozen=True)
class DelegationInput:
    name: str
    event_name: str
    event_organiser: str
    event_item: str
    event_place: str
    event_starts_on: dt.date
    event_ends_on: dt.date
    entry_deadline: dt.date | None
    max_size: int | None
    coach_name: str


FIELDS = (
    "name",
    "event_name",
    "event_organiser",
    "event_item",
    "event_place",
    "event_starts_on",
    "event_ends_on",
    "entry_deadline",
    "max_size",
    "coach_name",
)


def _clean(data: DelegationInput) -> DelegationInput:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = _("请填写队名")
    if not data.event_name.strip():
        errors["event_name"] = _("请填写赛事/活动名称")
    if data.event_ends_on < data.event_starts_on:
        errors["event_ends_on"] = _("结束日期不能早于开始日期")
    if data.entry_deadline and data.entry_deadline > data.event_ends_on:
        errors["entry_deadline"] = _("报名截止日期不能晚于结束日期")
    if data.max_size is not None and not 1 <= data.max_size <= MAX_TEAM_SIZE:
        errors["max_size"] = _("人数上限应在 1 到 %(n)d 之间") % {"n": MAX_TEAM_SIZE}
    if errors:
        raise ValidationError(errors)
    return DelegationInput(
        name=data.name.strip(),
        event_name=data.event_name.strip(),
        event_organiser=data.event_organiser.strip() or "河南省教科文卫体工会",
        event_item=data.event_item.strip(),
        event_place=data.event_place.strip(),
        event_starts_on=data.event_starts_on,
        event_ends_on=data.event_ends_on,
        entry_deadline=data.entry_deadline,
        max_size=data.max_size,
        coach_name=data.coach_name.strip(),
    )


def _require_manage(actor: Any, delegation: Delegation) -> None:
    if not can_manage_delegation(actor, delegation):
        raise PermissionDenied(_("您没有管理该参赛队的权限"))


def _require_editable(delegation: Delegation, doing: str) -> None:
    if delegation.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("该参赛队当前为“%(state)s”，不能%(doing)s：只有组建中或已退回的参赛队可以调整")
            % {"state": delegation.get_status_display(), "doing": doing}
        )


def _locked(delegation: Delegation) -> Delegation:
    return lock(Delegation, related=("org",), pk=delegation.pk)


@transaction.atomic
def delegation_create(*, org: Org, actor: Any, data: DelegationInput) -> Delegation:
    """组队: a new delegation of `org` (the user must hold `activities.manage` there), 组建中."""
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("您没有在该工会组队的权限"))
    data = _clean(data)
    delegation = Delegation.objects.create(org=org, created_by=actor, **{f: getattr(data, f) for f in FIELDS})
    activity_event(
        subject=delegation,
        actor=actor,
        action=DelegationAction.CREATED,
        to_state=delegation.status,
        note=_("%(event)s（%(organiser)s）") % {"event": data.event_name, "organiser": data.event_organiser},
    )
    return delegation


@transaction.atomic
def delegation_update(*, delegation: Delegation, actor: Any, data: DelegationInput) -> Delegation:
    """修改 the event and the team's facts while it is being formed (组建中 or 已退回)."""
    delegation = _locked(delegation)
    _require_manage(actor, delegation)
    _require_editable(delegation, _("修改"))
    data = _clean(data)
    size = DelegationMember.objects.filter(delegation=delegation).count()
    if data.max_size is not None and size > data.max_size:
        raise ValidationError({"max_size": _("名单中已有 %(n)d 人，人数上限不能小于 %(n)d") % {"n": size}})
    changed = [f for f in FIELDS if getattr(delegation, f) != getattr(data, f)]
    for field in changed:
        setattr(delegation, field, getattr(data, field))
    if changed:
        delegation.save(update_fields=[*changed, "updated_at"])
        labels = "、".join(str(getattr(Delegation._meta.get_field(f), "verbose_name", f)) for f in changed)
        activity_event(subject=delegation, actor=actor, action=DelegationAction.EDITED, note=labels)
    return delegation


@transaction.atomic
def delegation_member_add(
    *, delegation: Delegation, actor: Any, who: str, role: str, item: str = ""
) -> DelegationMember:
    """加入队员: the member named by 会员编号 or 姓名 (of the team's union subtree, within the user's reach), with a
    role; each member once, never past the size limit."""
    delegation = _locked(delegation)
    _require_manage(actor, delegation)
    _require_editable(delegation, _("调整名单"))
    if role not in DelegationRole.values:
        raise ValidationError({"role": _("请选择队内角色")})
    member = roster_member_lookup(actor, delegation, who)
    if DelegationMember.objects.filter(delegation=delegation, member=member).exists():
        raise ValidationError({"who": _("%(name)s 已在名单中") % {"name": member.name}})
    size = DelegationMember.objects.filter(delegation=delegation).count()
    if delegation.max_size is not None and size >= delegation.max_size:
        raise ValidationError({"who": _("名单已满：人数上限为 %(n)d 人") % {"n": delegation.max_size}})
    try:
        with transaction.atomic():
            entry = DelegationMember.objects.create(
                delegation=delegation, member=member, role=role, item=item.strip()[:100]
            )
    except IntegrityError as exc:  # the unique constraint, should another path ever skip the lock
        raise ValidationError({"who": _("%(name)s 已在名单中") % {"name": member.name}}) from exc
    activity_event(
        subject=delegation,
        actor=actor,
        action=DelegationAction.MEMBER_ADDED,
        note=_("%(name)s（%(role)s）") % {"name": member.name, "role": DelegationRole(role).label},
    )
    return entry


@transaction.atomic
def delegation_member_remove(*, entry: DelegationMember, actor: Any) -> Delegation:
    """移出队员 while the team is being formed."""
    delegation = lock(Delegation, related=("org",), pk=entry.delegation_id)
    _require_manage(actor, delegation)
    _require_editable(delegation, _("调整名单"))
    entry = DelegationMember.objects.select_related("member").get(pk=entry.pk, delegation=delegation)
    name, role = entry.member.name, entry.get_role_display()
    entry.delete()
    activity_event(
        subject=delegation,
        actor=actor,
        action=DelegationAction.MEMBER_REMOVED,
        note=_("%(name)s（%(role)s）") % {"name": name, "role": role},
    )
    return delegation


def _roster_problems(delegation: Delegation) -> list[str]:
    roles = set(DelegationMember.objects.filter(delegation=delegation).values_list("role", flat=True))
    problems = []
    if DelegationRole.PLAYER not in roles:
        problems.append(_("名单中至少要有一名队员"))
    if not ({DelegationRole.LEADER, DelegationRole.COACH} & roles or delegation.coach_name):
        problems.append(_("须有领队或教练（教练不是会员时在参赛队信息中填写教练姓名）"))
    return problems


@transaction.atomic
def delegation_submit(*, delegation: Delegation, actor: Any) -> Delegation:
    """报市总审核: 组建中 / 已退回 → 待市总审核, with at least one 队员 and a 领队 or 教练."""
    delegation = _locked(delegation)
    DELEGATION_FLOW.check(delegation, action=DelegationAction.SUBMITTED, actor=actor)
    problems = _roster_problems(delegation)
    if problems:
        raise ValidationError(_("不能报送：%(why)s") % {"why": "；".join(problems)})
    delegation.submitted_at = timezone.now()
    size = DelegationMember.objects.filter(delegation=delegation).count()
    DELEGATION_FLOW.apply(
        delegation,
        action=DelegationAction.SUBMITTED,
        actor=actor,
        note=_("名单 %(n)d 人") % {"n": size},
        update_fields=["submitted_at"],
    )
    return delegation


def _decided(delegation: Delegation, actor: Any, note: str) -> None:
    delegation.decided_at, delegation.decided_by, delegation.decision_note = timezone.now(), actor, note[:200]


@transaction.atomic
def delegation_approve(*, delegation: Delegation, actor: Any, note: str = "") -> Delegation:
    """批准 by the city union (never the submitter); the roster hears of it."""
    delegation = _locked(delegation)
    DELEGATION_FLOW.check(delegation, action=DelegationAction.APPROVED, actor=actor)
    _decided(delegation, actor, note.strip())
    DELEGATION_FLOW.apply(
        delegation,
        action=DelegationAction.APPROVED,
        actor=actor,
        note=note.strip(),
        update_fields=["decided_at", "decided_by", "decision_note"],
    )
    users = [entry.member.user for entry in roster_of(delegation).select_related("member__user")]
    notify(
        recipients=[u for u in users if u is not None],
        title=_("您已入选%(team)s，参加%(event)s")
        % {"team": delegation.name, "event": delegation.event_name},
        body=_("%(start)s 至 %(end)s%(place)s，请按领队安排做好准备")
        % {
            "start": f"{delegation.event_starts_on:%Y-%m-%d}",
            "end": f"{delegation.event_ends_on:%Y-%m-%d}",
            "place": f"，{delegation.event_place}" if delegation.event_place else "",
        },
        url=reverse("activities_portal:my_teams"),
        category="activities",
    )
    return delegation


@transaction.atomic
def delegation_return(*, delegation: Delegation, actor: Any, reason: str) -> Delegation:
    """退回 by the city union with a reason: the team's union corrects it and submits again."""
    delegation = _locked(delegation)
    reason = (reason or "").strip()
    DELEGATION_FLOW.check(delegation, action=DelegationAction.RETURNED, actor=actor, note=reason)
    if not reason:
        raise ValidationError({"reason": _("请填写退回原因")})
    _decided(delegation, actor, reason)
    DELEGATION_FLOW.apply(
        delegation,
        action=DelegationAction.RETURNED,
        actor=actor,
        note=reason,
        update_fields=["decided_at", "decided_by", "decision_note"],
    )
    return delegation


@transaction.atomic
def delegation_withdraw(*, delegation: Delegation, actor: Any) -> Delegation:
    """撤销: the team will not go (any state before the results)."""
    delegation = _locked(delegation)
    if delegation.result_recorded_at is not None:
        raise ValidationError(_("已登记成绩的参赛队不能撤销"))
    DELEGATION_FLOW.apply(delegation, action=DelegationAction.WITHDRAWN, actor=actor)
    return delegation


@transaction.atomic
def delegation_result_record(
    *, delegation: Delegation, actor: Any, result: str, member_results: dict[int, str]
) -> Delegation:
    """登记成绩 when the team is back: the team's result and each member's (by roster entry id); only once the
    city approved the team and the event has begun. Recording again corrects the results."""
    delegation = _locked(delegation)
    _require_manage(actor, delegation)
    if delegation.status != DelegationStatus.APPROVED:
        raise ValidationError(
            _("该参赛队当前为“%(state)s”，批准后才能登记成绩") % {"state": delegation.get_status_display()}
        )
    if delegation.event_starts_on > timezone.localdate():
        raise ValidationError(
            _("比赛 %(date)s 开始，开始后才能登记成绩") % {"date": f"{delegation.event_starts_on:%Y-%m-%d}"}
        )
    result = (result or "").strip()
    if not result:
        raise ValidationError({"result": _("请填写比赛成绩")})
    changed = 0
    for entry in DelegationMember.objects.filter(delegation=delegation):
        value = (member_results.get(entry.pk) or "").strip()[:200]
        if value != entry.result:
            entry.result = value
            entry.save(update_fields=["result", "updated_at"])
            changed += 1
    again = delegation.result_recorded_at is not None
    delegation.result, delegation.result_recorded_at = result, timezone.now()
    delegation.save(update_fields=["result", "result_recorded_at", "updated_at"])
    activity_event(
        subject=delegation,
        actor=actor,
        action=DelegationAction.RESULT,
        note=(_("更正：") if again else "") + result[:150],
    )
    return delegation


def delegation_roster_export(
    *, delegation: Delegation, actor: Any, context: AuditContext | None = None
) -> tuple[bytes, str]:
    """The roster the organiser asks for (姓名, 性别, 单位, 角色, 项目, 联系电话 — no ID numbers): names and phones, so
    audited; the view must be a `sensitive_response`."""
    rows = list(roster_of(delegation))
    content = roster_workbook(delegation, rows)
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出参赛队名单：%(team)s（%(n)d 人，含联系电话）")
        % {"team": delegation.name, "n": len(rows)},
        actor=actor,
        context=context,
        subject=delegation,
        org_id=delegation.org_id,
        detail={"rows": len(rows), "delegation": delegation.pk},
    )
    return content, f"参赛名单-{delegation.name}-{timezone.localdate():%Y%m%d}.xlsx"
