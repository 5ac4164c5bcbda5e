"""Writes of the 劳模/工匠 registry (part `workers`): register a title (`worker_create`), edit it and its status
(`worker_update`: 退休 / 已故 / 撤销称号 with a note), care records (`care_record`: a 慰问金 is paid through the ledger,
one idempotency key per record), visits (`worker_visit_record`, on the shared `visits` block with the worker as
owner) and 助力脱贫攻坚 actions (`poverty_action_record`: the 六大行动 of a 劳模, the 专项行动 of a 先进集体).

Every registry write ends with `worker_flag_sync`: `Member.is_model_worker` is true while the member holds any
registry title not 撤销称号 — a retired or deceased 劳模 keeps the title (it is for life, and the care goes on), a
revoked one does not. The flag is written through `members.services.member_model_worker_set` (a downward write;
members never imports honours)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.services import ledger_pay
from gonghui.members.models import Member
from gonghui.members.services import member_model_worker_set
from gonghui.orgs.models import Org
from gonghui.visits.models import Visit
from gonghui.visits.services import visit_record

from ..choices import CareKind, PovertyActionKind, WorkerKind, WorkerLevel, WorkerStatus
from ..models import ModelWorker, PovertyAction, WorkerCare
from ..permissions import can_manage_for

WORKER_ACTIONS: tuple[str, ...] = tuple(
    k for k in PovertyActionKind.values if k != PovertyActionKind.COLLECTIVE
)
FIRST_YEAR = 1950

# timeline verbs of a registry row (the row's own timeline, shown on its page)
REGISTER, EDIT, STATUS, CARE, VISIT, ACTION = "register", "edit", "status", "care", "visit", "action"


def _worker_event(
    *, worker: ModelWorker, actor: Actor, action: str, label: str, note: str = "", from_state: str = ""
) -> None:
    timeline_record(
        subject=worker,
        actor=actor,
        action=action,
        action_label=label,
        from_state=from_state,
        to_state=str(worker.status),
        note=note,
    )


def _audit(
    *, worker: ModelWorker, actor: Actor, summary: str, context: AuditContext | None, subject: Any = None
) -> None:
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=subject if subject is not None else worker,
        org_id=worker.org_id,
        summary=summary,
    )


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("您无权维护该工会的劳模工匠档案"))


def _clean_facts(*, kind: str, level: str, title: str, year: int) -> str:
    if kind not in WorkerKind.values:
        raise ValidationError({"kind": _("请选择类别")})
    if level not in WorkerLevel.values:
        raise ValidationError({"level": _("请选择级别")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("请填写荣誉称号")})
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("获得年度应在 %(first)s 年至今年之间") % {"first": FIRST_YEAR}})
    return title[:100]


def _refuse_duplicate(*, member: Member, title: str, year: int, exclude: int | None = None) -> None:
    twins = ModelWorker.objects.filter(member=member, title=title, year=year)
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        raise ValidationError(
            {
                "title": _("%(name)s 已登记 %(year)s 年“%(title)s”，请勿重复登记")
                % {"name": member.name, "year": year, "title": title}
            }
        )


def worker_flag_holds(member: Member) -> bool:
    """Does the registry give the member the 劳模/工匠 flag (any title not 撤销称号)?"""
    return member.model_worker_titles.exclude(status=WorkerStatus.REVOKED).exists()


@transaction.atomic
def worker_flag_sync(*, member: Member, actor: Actor) -> bool:
    """Set `Member.is_model_worker` from the registry (any title not 撤销称号); returns whether it changed. Called
    by every registry write; safe to call any time (an unchanged flag writes nothing)."""
    member = lock(Member, pk=member.pk)
    return member_model_worker_set(member=member, value=worker_flag_holds(member), actor=actor)


@transaction.atomic
def worker_create(
    *,
    org: Org,
    actor: Actor,
    member: Member | None = None,
    name: str = "",
    kind: str = WorkerKind.MODEL_WORKER,
    level: str,
    title: str,
    year: int,
    unit_name: str = "",
    position: str = "",
    note: str = "",
    context: AuditContext | None = None,
) -> ModelWorker:
    """Register a title. With `member` (of the user's subtree) the record is kept by the member's union and the
    name and unit are copied from the roster, and the same title in the same year twice is refused; without one
    (a person not on the roster) `name` is required and `org` keeps the record."""
    title = _clean_facts(kind=kind, level=level, title=title, year=year)
    if member is not None:
        member = lock(Member, related=("org",), pk=member.pk)
        if not member.org.path.startswith(org.path):
            raise ValidationError({"member": _("所选会员不在本工会范围内")})
        org = member.org
        name = member.name
        unit_name = unit_name.strip() or member.org.unit_name or member.org.name
        position = position.strip() or member.position_title
        _refuse_duplicate(member=member, title=title, year=year)
    _require_manage(actor, org)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写姓名，或选择在册会员")})
    worker = ModelWorker.objects.create(
        org=org,
        member=member,
        name=name[:50],
        kind=kind,
        level=level,
        title=title,
        year=year,
        unit_name=unit_name.strip()[:200],
        position=position.strip()[:100],
        note=note.strip(),
        created_by=actor,
    )
    _worker_event(worker=worker, actor=actor, action=REGISTER, label=_("登记"), note=f"{year}年 {title}")
    _audit(
        worker=worker,
        actor=actor,
        context=context,
        summary=_("登记劳模工匠：%(name)s（%(year)s年 %(title)s）")
        % {"name": name, "year": year, "title": title},
    )
    if member is not None:
        worker_flag_sync(member=member, actor=actor)
    return worker


@transaction.atomic
def worker_update(
    *,
    worker: ModelWorker,
    actor: Actor,
    kind: str,
    level: str,
    title: str,
    year: int,
    unit_name: str,
    position: str,
    status: str,
    note: str = "",
    context: AuditContext | None = None,
) -> ModelWorker:
    """Edit a title's facts and status. A change of status (退休 / 已故 / 撤销称号 / back to 在职) needs a note
    saying why and when; it goes on the timeline, and the member's flag follows (撤销称号 drops it)."""
    worker = lock(ModelWorker, related=("org",), pk=worker.pk)
    _require_manage(actor, worker.org)
    title = _clean_facts(kind=kind, level=level, title=title, year=year)
    if status not in WorkerStatus.values:
        raise ValidationError({"status": _("请选择状态")})
    note = note.strip()
    from_state = str(worker.status)
    status_changed = status != worker.status
    if status_changed and not note:
        raise ValidationError(
            {
                "note": _("变更状态为“%(status)s”请在备注中写明原因和日期")
                % {"status": WorkerStatus(status).label}
            }
        )
    if worker.member_id is not None:
        _refuse_duplicate(member=worker.member, title=title, year=year, exclude=worker.pk)  # type: ignore[arg-type]
    changed = []
    for field, value in (
        ("kind", kind),
        ("level", level),
        ("title", title),
        ("year", year),
        ("unit_name", unit_name.strip()[:200]),
        ("position", position.strip()[:100]),
        ("status", status),
        ("note", note),
    ):
        if getattr(worker, field) != value:
            setattr(worker, field, value)
            changed.append(field)
    if not changed:
        return worker
    worker.save(update_fields=[*changed, "updated_at"])
    labels = "、".join(str(getattr(ModelWorker._meta.get_field(f), "verbose_name", f)) for f in changed)
    if status_changed:
        _worker_event(
            worker=worker, actor=actor, action=STATUS, label=_("状态变更"), note=note, from_state=from_state
        )
    else:
        _worker_event(worker=worker, actor=actor, action=EDIT, label=_("修改"), note=labels)
    _audit(
        worker=worker,
        actor=actor,
        context=context,
        summary=_("修改劳模工匠 %(name)s：%(fields)s") % {"name": worker.name, "fields": labels},
    )
    if worker.member_id is not None:
        worker_flag_sync(member=worker.member, actor=actor)  # type: ignore[arg-type]
    return worker


@transaction.atomic
def care_record(
    *,
    worker: ModelWorker,
    kind: str,
    happened_on: dt.date,
    content: str,
    actor: Actor,
    amount: Decimal | None = None,
    budget_line: BudgetLine | None = None,
    context: AuditContext | None = None,
) -> WorkerCare:
    """A care record (体检, 慰问金, 疗休养 …). A 慰问金 has an amount and is paid from `budget_line` through the
    ledger at once (`ledger_pay`, key `honours.care:<pk>`, owned by this record, payee the worker's member); an
    overspend refuses the whole record. Other kinds carry no money."""
    worker = lock(ModelWorker, related=("org", "member"), pk=worker.pk)
    _require_manage(actor, worker.org)
    if kind not in CareKind.values:
        raise ValidationError({"kind": _("请选择关爱类别")})
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("日期不能晚于今天")})
    content = content.strip()
    if not content:
        raise ValidationError({"content": _("请填写关爱内容")})
    if worker.status == WorkerStatus.REVOKED:
        raise ValidationError(_("该劳模工匠已撤销称号，不再登记关爱"))
    if kind == CareKind.CONDOLENCE:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("慰问金请填写大于 0 的金额")})
        if budget_line is None:
            raise ValidationError({"budget_line": _("慰问金请选择支出的预算科目")})
    elif amount is not None or budget_line is not None:
        raise ValidationError({"amount": _("只有慰问金填写金额和预算科目")})
    care = WorkerCare.objects.create(
        worker=worker,
        kind=kind,
        happened_on=happened_on,
        content=content[:500],
        amount=amount,
        created_by=actor,
    )
    if kind == CareKind.CONDOLENCE and amount is not None and budget_line is not None:
        ledger_pay(
            budget_line=budget_line,
            amount=amount,
            payee_name=worker.name,
            payee_member=worker.member,
            idempotency_key=f"honours.care:{care.pk}",
            purpose=_("劳模慰问金：%(name)s") % {"name": worker.name},
            owner=care,
            actor=actor,
            context=context,
        )
    note = care.get_kind_display() + (f" {amount} 元" if amount is not None else "")
    _worker_event(worker=worker, actor=actor, action=CARE, label=_("关爱"), note=f"{note}：{content[:80]}")
    _audit(
        worker=worker,
        actor=actor,
        context=context,
        subject=care,
        summary=_("登记劳模关爱：%(name)s %(what)s") % {"name": worker.name, "what": note},
    )
    return care


@transaction.atomic
def worker_visit_record(
    *,
    worker: ModelWorker,
    actor: Actor,
    visited_on: dt.date,
    occasion: str,
    visitors: str,
    content: str = "",
    gifts: str = "",
    context: AuditContext | None = None,
) -> Visit:
    """A visit of the worker, on the shared visit model (owner kind `honours.modelworker`), with a timeline row."""
    visit = visit_record(
        owner=worker,
        actor=actor,
        visited_on=visited_on,
        occasion=occasion,
        visitors=visitors,
        content=content,
        gifts=gifts,
        member=worker.member,
        visited_name=worker.name,
        context=context,
    )
    _worker_event(
        worker=worker,
        actor=actor,
        action=VISIT,
        label=_("走访慰问"),
        note=f"{visit.get_occasion_display()}（{visitors.strip()}）",
    )
    return visit


@transaction.atomic
def poverty_action_record(
    *,
    org: Org,
    actor: Actor,
    worker: ModelWorker | None = None,
    collective_name: str = "",
    kind: str,
    title: str,
    place: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    partners: str = "",
    results: str = "",
    beneficiaries: int | None = None,
    context: AuditContext | None = None,
) -> PovertyAction:
    """A 助力脱贫攻坚 action: a 劳模's (`worker`, one of the 六大行动, recorded by the worker's union) or a 先进集体's
    (`collective_name`, kind 先进集体专项行动, recorded by `org`)."""
    collective_name = collective_name.strip()
    if worker is not None:
        worker = lock(ModelWorker, related=("org",), pk=worker.pk)
        org = worker.org
        if kind not in WORKER_ACTIONS:
            raise ValidationError({"kind": _("劳模的行动请选择六大行动之一")})
        if worker.status == WorkerStatus.REVOKED:
            raise ValidationError(_("该劳模工匠已撤销称号，不再登记行动"))
        collective_name = ""
    else:
        if kind != PovertyActionKind.COLLECTIVE:
            raise ValidationError({"kind": _("先进集体的行动类别为“先进集体专项行动”")})
        if not collective_name:
            raise ValidationError({"collective_name": _("请填写先进集体名称")})
    _require_manage(actor, org)
    title, place = title.strip(), place.strip()
    if not title:
        raise ValidationError({"title": _("请填写行动内容")})
    if not place:
        raise ValidationError({"place": _("请填写地点（帮扶村/单位）")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("开始日期不能晚于今天")})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("结束日期不能早于开始日期")})
    if beneficiaries is not None and beneficiaries < 0:
        raise ValidationError({"beneficiaries": _("受益人数不能为负数")})
    action = PovertyAction.objects.create(
        org=org,
        worker=worker,
        collective_name=collective_name[:200],
        kind=kind,
        title=title[:200],
        place=place[:200],
        started_on=started_on,
        ended_on=ended_on,
        partners=partners.strip()[:200],
        results=results.strip(),
        beneficiaries=beneficiaries,
        created_by=actor,
    )
    who = worker.name if worker is not None else collective_name
    label = PovertyActionKind(kind).label
    if worker is not None:
        _worker_event(
            worker=worker, actor=actor, action=ACTION, label=_("助力脱贫攻坚"), note=f"{label}：{title}"
        )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=action,
        org_id=org.pk,
        summary=_("登记助力脱贫攻坚行动：%(who)s %(kind)s“%(title)s”")
        % {"who": who, "kind": label, "title": title},
    )
    return action
