"""Writes of 疗休养 (part `recuperation`): a programme whose places are received from 市总 (a `quotas.QuotaSet` of
source 上级下达, owned by the programme), its batches (the capacities never add up to more than the places
received), the allocation of places down the tree (`quotas.quota_allocate`), nominations within a union's allocation
(each place takes one quota place with `quota_use`, row-locked; the batch row is locked for its capacity), the
member's confirmation or decline, cancellation, substitution (the old place releases its quota place, the new one
takes one) and attendance at the resort (the check-in by the rotating 会员码).

Front-line priority: candidates tagged with the programme's `priority_tag` are listed first; a member without the
tag may still be nominated while front-line candidates of the union are waiting, but only with a written reason
(kept on the place and in the timeline). A strict "front line first" rule would block a union whose remaining
front-line staff cannot go (on duty, unfit, unwilling), which the platform cannot know.

A declined or cancelled place keeps its quota place until a substitute takes it, so the union that gave it up does
not lose it to a re-allocation in between; closing the programme releases those never substituted."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.identity import mask_name
from gonghui.accounts.scoping import has_action
from gonghui.checkins.models import CheckIn
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaAllocation
from gonghui.quotas.selectors import active_uses_of, allocation_of, allocation_remaining, set_allocated
from gonghui.quotas.services import (
    EXHAUSTED,
    quota_allocate,
    quota_release_for_owner,
    quota_set_create,
    quota_set_update,
    quota_use,
)

from ..choices import PlaceStatus, ProgrammeStatus
from ..models import RecuperationBatch, RecuperationPlace, RecuperationProgramme
from ..permissions import CARE_MANAGE
from ..selectors.recuperation import (
    REPLACEABLE_STATUSES,
    batch_live_count,
    capacity_total,
    front_line_waiting,
    is_front_line,
    refusal_reason,
)

NEXT_STATUS = {
    ProgrammeStatus.DRAFT: ProgrammeStatus.NOMINATING,
    ProgrammeStatus.NOMINATING: ProgrammeStatus.RUNNING,
    ProgrammeStatus.RUNNING: ProgrammeStatus.CLOSED,
}
ADVANCE_LABELS = {
    ProgrammeStatus.NOMINATING: "开始推荐",
    ProgrammeStatus.RUNNING: "推荐结束，开始疗休养",
    ProgrammeStatus.CLOSED: "结束项目",
}
REASON_MAX = 200


def _event(
    subject: Any,
    actor: Any,
    action: str,
    label: str,
    *,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> None:
    timeline_record(
        subject=subject,
        actor=actor,
        action=action,
        action_label=label,
        from_state=from_state,
        to_state=to_state,
        note=note[:500],
    )


def _require_manage(actor: Any, org: Org, message: str) -> None:
    if not has_action(actor, CARE_MANAGE, org):
        raise PermissionDenied(message)


# --- programmes -------------------------------------------------------------------------------------------------


def _programme_clean(
    *, name: str, year: int, issuer: str, places_received: int, no_repeat_years: int
) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写项目名称"
    if not 2000 <= year <= 2100:
        errors["year"] = "年度应为四位年份，如 2026"
    if not issuer.strip():
        errors["issuer"] = "请填写名额来源（下达名额的上级工会），如“焦作市总工会”"
    if places_received < 1:
        errors["places_received"] = "收到名额至少为 1 个"
    if no_repeat_years < 0 or no_repeat_years > 20:
        errors["no_repeat_years"] = "不重复年限应在 0 至 20 年之间"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *,
    org: Org,
    name: str,
    year: int,
    issuer: str,
    places_received: int,
    actor: Any,
    received_reference: str = "",
    priority_tag: str = "",
    no_repeat_years: int = 3,
    health_requirements: str = "",
    nomination_deadline: dt.date | None = None,
    context: AuditContext | None = None,
) -> RecuperationProgramme:
    """A programme of `org` whose `places_received` places come from `issuer` (上级下达): its quota set is created
    owned by the programme, so the places come from outside the union tree's root."""
    _require_manage(actor, org, "无权为该工会创建疗休养项目")
    _programme_clean(
        name=name, year=year, issuer=issuer, places_received=places_received, no_repeat_years=no_repeat_years
    )
    programme = RecuperationProgramme.objects.create(
        org=org,
        name=name.strip(),
        year=year,
        issuer=issuer.strip(),
        received_reference=received_reference.strip(),
        places_received=places_received,
        priority_tag=priority_tag.strip(),
        no_repeat_years=no_repeat_years,
        health_requirements=health_requirements.strip(),
        nomination_deadline=nomination_deadline,
        created_by=actor,
    )
    programme.quota_set = quota_set_create(
        org=org,
        title=f"{programme.name}名额",
        total=places_received,
        actor=actor,
        source=QuotaSource.ISSUED,
        issuer=programme.issuer,
        received_reference=programme.received_reference,
        owner=programme,
        context=context,
    )
    programme.save(update_fields=["quota_set", "updated_at"])
    _event(
        programme,
        actor,
        "create",
        "创建项目",
        to_state=programme.status,
        note=f"收到{programme.issuer}下达名额 {places_received} 个{('（' + programme.received_reference + '）') if programme.received_reference else ''}",
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: RecuperationProgramme,
    name: str,
    year: int,
    issuer: str,
    places_received: int,
    actor: Any,
    received_reference: str = "",
    priority_tag: str = "",
    no_repeat_years: int = 3,
    health_requirements: str = "",
    nomination_deadline: dt.date | None = None,
    context: AuditContext | None = None,
) -> RecuperationProgramme:
    """Change a programme; the places received never drop below what is allocated or below the batches'
    capacities."""
    programme = lock(RecuperationProgramme, related=("org", "quota_set"), pk=programme.pk)
    _require_manage(actor, programme.org, "无权修改该疗休养项目")
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError("项目已结束，不能修改")
    _programme_clean(
        name=name, year=year, issuer=issuer, places_received=places_received, no_repeat_years=no_repeat_years
    )
    capacities = capacity_total(programme)
    if places_received < capacities:
        raise ValidationError(
            {"places_received": f"各批次人数合计 {capacities} 人，收到名额不能少于 {capacities} 个"}
        )
    if programme.quota_set is not None:
        allocated = set_allocated(programme.quota_set)
        if places_received < allocated:
            raise ValidationError(
                {"places_received": f"已分配 {allocated} 个名额，收到名额不能少于 {allocated} 个"}
            )
        quota_set_update(
            quota_set=programme.quota_set,
            title=f"{name.strip()}名额",
            total=places_received,
            actor=actor,
            issuer=issuer,
            received_reference=received_reference,
            context=context,
        )
    before = programme.places_received
    fields = {
        "name": name.strip(),
        "year": year,
        "issuer": issuer.strip(),
        "received_reference": received_reference.strip(),
        "places_received": places_received,
        "priority_tag": priority_tag.strip(),
        "no_repeat_years": no_repeat_years,
        "health_requirements": health_requirements.strip(),
        "nomination_deadline": nomination_deadline,
    }
    for field, value in fields.items():
        setattr(programme, field, value)
    programme.save(update_fields=[*fields, "updated_at"])
    note = f"收到名额 {before} → {places_received} 个" if before != places_received else ""
    _event(programme, actor, "edit", "修改项目", note=note)
    return programme


@transaction.atomic
def programme_advance(*, programme: RecuperationProgramme, actor: Any) -> RecuperationProgramme:
    """准备中 → 推荐中 (needs a batch) → 进行中 → 已结束."""
    programme = lock(RecuperationProgramme, related=("org",), pk=programme.pk)
    _require_manage(actor, programme.org, "无权变更该疗休养项目的状态")
    status = ProgrammeStatus(programme.status)
    target = NEXT_STATUS.get(status)
    if target is None:
        raise ValidationError("项目已结束")
    if target == ProgrammeStatus.NOMINATING and not programme.batches.exists():
        raise ValidationError("请先添加至少一个批次，再开始推荐")
    programme.status = target
    programme.save(update_fields=["status", "updated_at"])
    note = ""
    if target == ProgrammeStatus.CLOSED:
        # places given up and never substituted hand their quota places back: the report counts what was used
        released = sum(
            quota_release_for_owner(owner=place, actor=actor)
            for place in programme.places.filter(status__in=REPLACEABLE_STATUSES)
        )
        note = f"释放未替补的名额 {released} 个" if released else ""
    _event(programme, actor, "advance", ADVANCE_LABELS[target], from_state=status, to_state=target, note=note)
    return programme


# --- batches ----------------------------------------------------------------------------------------------------


@transaction.atomic
def batch_save(
    *,
    programme: RecuperationProgramme,
    name: str,
    resort: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    actor: Any,
    assembly: str = "",
    batch: RecuperationBatch | None = None,
) -> RecuperationBatch:
    """Add or change a batch. The programme row is locked: the batches' capacities never add up to more than the
    places received, and a batch never holds fewer places than it has live places."""
    programme = lock(RecuperationProgramme, related=("org",), pk=programme.pk)
    _require_manage(actor, programme.org, "无权维护该疗休养项目的批次")
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError("项目已结束，不能维护批次")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写批次名称，如“第一批”"
    if not resort.strip():
        errors["resort"] = "请填写疗休养地点"
    if ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于开始日期"
    if capacity < 1:
        errors["capacity"] = "人数至少为 1"
    if errors:
        raise ValidationError(errors)
    if batch is not None:
        batch = lock(RecuperationBatch, pk=batch.pk)
        if batch.programme_id != programme.pk:
            raise ValidationError("批次不属于该项目")
        live = batch_live_count(batch)
        if capacity < live:
            raise ValidationError({"capacity": f"该批次已有 {live} 个名额，人数不能少于 {live}"})
    others = capacity_total(programme, besides=batch)
    if others + capacity > programme.places_received:
        raise ValidationError(
            {
                "capacity": f"各批次人数合计 {others + capacity} 人，超过收到的名额 {programme.places_received} 个"
                f"（其他批次已占 {others} 人，本批次最多 {max(programme.places_received - others, 0)} 人）"
            }
        )
    fields = {
        "name": name.strip(),
        "resort": resort.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "capacity": capacity,
        "assembly": assembly.strip(),
    }
    if batch is None:
        batch = RecuperationBatch.objects.create(programme=programme, **fields)
        _event(programme, actor, "batch", "添加批次", note=f"{batch.name} · {batch.resort} · {capacity} 人")
    else:
        for field, value in fields.items():
            setattr(batch, field, value)
        batch.save(update_fields=[*fields, "updated_at"])
        _event(programme, actor, "batch", "修改批次", note=f"{batch.name} · {batch.resort} · {capacity} 人")
    return batch


# --- quotas -----------------------------------------------------------------------------------------------------


@transaction.atomic
def programme_allocate(
    *,
    programme: RecuperationProgramme,
    shares: dict[int, int],
    actor: Any,
    parent: QuotaAllocation | None = None,
    context: AuditContext | None = None,
) -> list[QuotaAllocation]:
    """Allocate the programme's places to the child unions of its union (no `parent`), or re-allocate the places of
    `parent` to the child unions of the union holding it. Over-allocation is refused by `quota_allocate`."""
    if programme.quota_set is None:
        raise ValidationError("该项目没有名额")
    giver = programme.org if parent is None else parent.org
    _require_manage(actor, giver, "无权分配该工会的疗休养名额")
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError("项目已结束，不能分配名额")
    saved = quota_allocate(
        quota_set=programme.quota_set, shares=shares, actor=actor, parent=parent, context=context
    )
    names = "、".join(f"{allocation.org.name} {allocation.allocated} 个" for allocation in saved)
    _event(
        programme,
        actor,
        "allocate",
        "再分配名额" if parent is not None else "分配名额",
        note=f"{giver.name}：{names}",
    )
    return saved


# --- nominations ------------------------------------------------------------------------------------------------


def _take_place(
    *,
    programme: RecuperationProgramme,
    allocation: QuotaAllocation,
    member: Member,
    batch: RecuperationBatch,
    reason: str,
    actor: Any,
    substitute_for: RecuperationPlace | None = None,
) -> RecuperationPlace:
    """The rules shared by a nomination and a substitution; runs inside the caller's transaction."""
    if allocation.quota_set_id != programme.quota_set_id:
        raise ValidationError("名额分配不属于该项目")
    _require_manage(actor, allocation.org, "无权使用该工会的疗休养名额")
    if not member.org.path.startswith(allocation.org.path) or member.status not in HOLDING_STATUSES:
        raise ValidationError({"member": "请从本会候选人中选择会员"})
    refusal = refusal_reason(programme, member)
    if refusal:
        raise ValidationError({"member": f"{member.name}不能推荐：{refusal}"})
    reason = " ".join(reason.split())[:REASON_MAX]
    front_line = is_front_line(programme, member)
    waiting = 0 if front_line else front_line_waiting(programme, allocation, besides=member.pk)
    if waiting and len(reason) < 4:
        raise ValidationError(
            {
                "reason": f"本会还有 {waiting} 名“{programme.priority_tag}”候选人未推荐：推荐非一线人员须写明理由"
                "（如一线人员因值班、身体原因不能参加）"
            }
        )
    batch = lock(RecuperationBatch, pk=batch.pk)
    if batch.programme_id != programme.pk:
        raise ValidationError({"batch": "请选择本项目的批次"})
    if batch.ends_on < timezone.localdate():
        raise ValidationError({"batch": f"“{batch.name}”已结束，请选择其他批次"})
    live = batch_live_count(batch)
    if live >= batch.capacity:
        raise ValidationError({"batch": f"“{batch.name}”已满（{batch.capacity} 人），请选择其他批次"})
    place = RecuperationPlace.objects.create(
        programme=programme,
        batch=batch,
        member=member,
        org=allocation.org,
        front_line=front_line,
        reason=reason,
        substitute_for=substitute_for,
        nominated_by=actor,
    )
    try:
        quota_use(allocation=allocation, owner=place, actor=actor)
    except ValidationError as exc:
        if EXHAUSTED in " ".join(exc.messages):
            raise ValidationError(
                f"“{allocation.org.name}”的疗休养名额已用完（分配 {allocation.allocated} 个，"
                f"剩余 {max(allocation_remaining(allocation), 0)} 个），不能再推荐"
            ) from None
        raise
    note = f"{mask_name(member.name)} · {batch.name}" + ("（一线优先）" if front_line else "")
    if waiting:
        note += f"；未优先推荐一线人员的理由：{reason}"
    elif reason:
        note += f"；推荐理由：{reason}"
    _event(
        place,
        actor,
        "substitute" if substitute_for else "nominate",
        "替补推荐" if substitute_for else "推荐",
        to_state=place.status,
        note=note,
    )
    if member.user is not None:
        notify(
            recipients=[member.user],
            title="您被推荐参加疗休养",
            body=f"{programme.name}（{batch.name}，{batch.starts_on:%Y-%m-%d} 至 {batch.ends_on:%Y-%m-%d}，{batch.resort}），请在会员端确认是否参加",
            url=reverse("welfare_portal:place_mine"),
            category="welfare",
        )
    return place


@transaction.atomic
def place_nominate(
    *,
    programme: RecuperationProgramme,
    allocation: QuotaAllocation,
    member: Member,
    batch: RecuperationBatch,
    actor: Any,
    reason: str = "",
) -> RecuperationPlace:
    """Nominate a member of the union's subtree within its allocation (one quota place, row-locked by
    `quota_use`; the batch row locked for its capacity). Refused: outside 推荐中, after the deadline, a member with
    a live place or who attended within the no-repeat years, a full batch, no free quota place, a non-front-line
    member without a reason while front-line candidates wait."""
    programme = lock(RecuperationProgramme, related=("org",), pk=programme.pk)
    if programme.status != ProgrammeStatus.NOMINATING:
        raise ValidationError(f"项目{programme.get_status_display()}，不在推荐阶段")
    if programme.nomination_deadline and timezone.localdate() > programme.nomination_deadline:
        raise ValidationError(f"推荐已于 {programme.nomination_deadline:%Y-%m-%d} 截止")
    return _take_place(
        programme=programme, allocation=allocation, member=member, batch=batch, reason=reason, actor=actor
    )


@transaction.atomic
def place_substitute(
    *,
    place: RecuperationPlace,
    member: Member,
    actor: Any,
    batch: RecuperationBatch | None = None,
    reason: str = "",
) -> RecuperationPlace:
    """Give a declined or cancelled place to another member (the same rules as a nomination, the deadline aside):
    the old place becomes 已替换 and releases its quota place, the new one takes one of the same allocation."""
    old = lock(RecuperationPlace, related=("org", "programme", "batch"), pk=place.pk)
    programme = old.programme
    _require_manage(actor, old.org, "无权替换该名额")
    if old.status not in REPLACEABLE_STATUSES:
        raise ValidationError(f"只有本人放弃或已取消的名额可以替换（当前：{old.get_status_display()}）")
    if programme.status not in (ProgrammeStatus.NOMINATING, ProgrammeStatus.RUNNING):
        raise ValidationError(f"项目{programme.get_status_display()}，不能替换名额")
    uses = list(active_uses_of(old))
    allocation = uses[0].allocation if uses else None
    if allocation is None and programme.quota_set is not None:
        allocation = allocation_of(programme.quota_set, old.org)
    if allocation is None:
        raise ValidationError("找不到该名额所属的名额分配")
    before = old.status
    old.status = PlaceStatus.SUBSTITUTED
    old.save(update_fields=["status", "updated_at"])
    quota_release_for_owner(owner=old, actor=actor)
    _event(
        old,
        actor,
        "substituted",
        "名额替换",
        from_state=before,
        to_state=old.status,
        note=f"由{mask_name(member.name)}替补",
    )
    return _take_place(
        programme=programme,
        allocation=allocation,
        member=member,
        batch=batch or old.batch,
        reason=reason,
        actor=actor,
        substitute_for=old,
    )


@transaction.atomic
def place_cancel(*, place: RecuperationPlace, reason: str, actor: Any) -> RecuperationPlace:
    """The union withdraws a nominated or confirmed place (with a reason); its quota place waits for a
    substitute."""
    place = lock(RecuperationPlace, related=("org", "programme__org", "member__user", "batch"), pk=place.pk)
    if not (has_action(actor, CARE_MANAGE, place.org) or has_action(actor, CARE_MANAGE, place.programme.org)):
        raise PermissionDenied("无权取消该名额")
    if place.status not in (PlaceStatus.NOMINATED, PlaceStatus.CONFIRMED):
        raise ValidationError(f"该名额{place.get_status_display()}，不能取消")
    reason = " ".join(reason.split())[:REASON_MAX]
    if not reason:
        raise ValidationError({"reason": "请填写取消原因"})
    before = place.status
    place.status = PlaceStatus.CANCELLED
    place.declined_reason = reason
    place.save(update_fields=["status", "declined_reason", "updated_at"])
    _event(place, actor, "cancel", "取消名额", from_state=before, to_state=place.status, note=reason)
    if place.member.user is not None:
        notify(
            recipients=[place.member.user],
            title="您的疗休养名额已取消",
            body=f"{place.programme.name}（{place.batch.name}）：{reason}",
            url=reverse("welfare_portal:place_mine"),
            category="welfare",
        )
    return place


# --- the member -------------------------------------------------------------------------------------------------


def _own_place(place: RecuperationPlace, member: Member) -> RecuperationPlace:
    locked = lock(RecuperationPlace, related=("programme", "batch", "nominated_by"), pk=place.pk)
    if locked.member_id != member.pk:
        raise PermissionDenied("只能确认本人的名额")
    return locked


def _tell_nominator(place: RecuperationPlace, title: str, body: str) -> None:
    notify(recipients=[place.nominated_by], title=title, body=body, category="welfare")


@transaction.atomic
def place_confirm(
    *, place: RecuperationPlace, member: Member, actor: Any, health_confirmed: bool
) -> RecuperationPlace:
    """The member confirms their place, ticking 本人确认符合健康要求; a second confirmation changes nothing."""
    place = _own_place(place, member)
    if place.status == PlaceStatus.CONFIRMED:
        return place
    if place.status != PlaceStatus.NOMINATED:
        raise ValidationError(f"该名额{place.get_status_display()}，不能确认")
    if not health_confirmed:
        raise ValidationError({"health_confirmed": "请阅读健康要求并勾选“本人确认符合健康要求”"})
    if place.batch.ends_on < timezone.localdate():
        raise ValidationError("该批次已结束")
    place.status = PlaceStatus.CONFIRMED
    place.health_confirmed = True
    place.confirmed_at = timezone.now()
    place.save(update_fields=["status", "health_confirmed", "confirmed_at", "updated_at"])
    _event(
        place,
        actor,
        "confirm",
        "本人确认参加",
        from_state=PlaceStatus.NOMINATED,
        to_state=place.status,
        note="本人确认符合健康要求",
    )
    _tell_nominator(
        place,
        "疗休养名额已确认",
        f"{mask_name(member.name)}已确认参加{place.programme.name}（{place.batch.name}）",
    )
    return place


@transaction.atomic
def place_decline(*, place: RecuperationPlace, member: Member, actor: Any, reason: str) -> RecuperationPlace:
    """The member gives up their place (before the batch starts), with a reason; the union may substitute."""
    place = _own_place(place, member)
    if place.status == PlaceStatus.DECLINED:
        return place
    if place.status not in (PlaceStatus.NOMINATED, PlaceStatus.CONFIRMED):
        raise ValidationError(f"该名额{place.get_status_display()}，不能放弃")
    if place.batch.starts_on <= timezone.localdate() and place.status == PlaceStatus.CONFIRMED:
        raise ValidationError("批次已开始，如需放弃请联系推荐工会")
    reason = " ".join(reason.split())[:REASON_MAX]
    if not reason:
        raise ValidationError({"reason": "请填写放弃原因"})
    before = place.status
    place.status = PlaceStatus.DECLINED
    place.declined_reason = reason
    place.save(update_fields=["status", "declined_reason", "updated_at"])
    _event(place, actor, "decline", "本人放弃", from_state=before, to_state=place.status, note=reason)
    _tell_nominator(
        place,
        "疗休养名额被放弃",
        f"{mask_name(member.name)}放弃{place.programme.name}（{place.batch.name}），可推荐替补",
    )
    return place


# --- the resort -------------------------------------------------------------------------------------------------


@transaction.atomic
def place_attend(*, check_in: CheckIn, batch: RecuperationBatch, actor: Any) -> RecuperationPlace | None:
    """After a check-in at the batch (the check-in target's `on_checkin`, inside the check-in's transaction): the
    member's confirmed place becomes 已报到 with the check-in's time. None when the member holds no confirmed
    place."""
    place = (
        RecuperationPlace.objects.select_for_update(of=("self",))
        .filter(batch=batch, member_id=check_in.member_id, status=PlaceStatus.CONFIRMED)
        .first()
    )
    if place is None:
        return None
    place.status = PlaceStatus.ATTENDED
    place.checked_in_at = check_in.at
    place.save(update_fields=["status", "checked_in_at", "updated_at"])
    _event(
        place,
        actor,
        "attend",
        "报到",
        from_state=PlaceStatus.CONFIRMED,
        to_state=place.status,
        note=batch.resort,
    )
    return place


def batch_roster_export(
    *, batch: RecuperationBatch, actor: Any, rows: int, context: AuditContext | None = None
) -> None:
    """Audit the roster's export: it carries full names and phone numbers (the resort calls its guests)."""
    _require_manage(actor, batch.programme.org, "无权导出该批次名单")
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出疗休养名单：{batch.programme.name} · {batch.name}（{rows} 人，含完整姓名和手机号）",
        actor=actor,
        context=context,
        subject=batch,
        org_id=batch.programme.org_id,
        detail={"rows": rows, "unmasked": ["name", "phone"]},
    )
