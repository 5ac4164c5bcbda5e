"""Writes of part congress (代表大会). A union's cadre (congresses.manage on the unit's union) sets up the unit's
congress (教代会 / 职代会, or 大会 mode when the unit's staff are fewer than the rules' `assembly_max_staff`), edits
it, holds 换届 (a new term; the old one is kept, no longer current), keeps the rules of its subtree
(`CongressRules`), the 代表团, and the delegates: added one by one from the unit's staff or imported from xlsx by
ID number or phone (every row checked before anything is written; errors name the row), edited (role, 主席团,
提案工作委员会, 代表团) and ended (资格终止, the seat is kept). Every change writes a timeline row on the congress; the
delegate changes (personal data) also an audit row. `remind_job` tells the union's admins when a 学年 passed without
a session and when a term ends within 90 days. Callable from a seeder: actor + plain arguments."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import identifier_hash, normalize_identifier
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import UNION_ADMIN
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import Column, RowError, SpreadsheetError, cell_date, clean_text, read_records
from gonghui.core.locking import lock
from gonghui.members.models import Member
from gonghui.notifications.models import Notification
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org

from ..choices import ASSEMBLY_KINDS, CongressAction, DelegateRole
from ..events import congresses_event
from ..models import Congress, CongressRules, Delegate, Delegation
from ..permissions import can_manage_for
from ..seats import is_unit_staff, unit_staff
from ..selectors.congress import congresses_ending, congresses_without_session, default_staff, rules_for

CONGRESS_FIELDS = (
    "kind",
    "term_started_on",
    "term_ends_on",
    "staff_count",
    "delegate_share_percent",
    "teacher_min_percent",
    "women_min_percent",
    "young_max_age",
    "young_min_percent",
    "proposals_between_sessions",
)
RULES_FIELDS = ("secondary_min_staff", "assembly_max_staff", "proposal_workdays")


def _require_manage(actor: Any, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied


def _check_kind(org: Org, kind: str, staff_count: int) -> None:
    limit = rules_for(org).assembly_max_staff
    if kind in ASSEMBLY_KINDS and staff_count >= limit:
        raise ValidationError(
            {"kind": f"职工总数{staff_count}人，达到{limit}人的单位应选举代表召开代表大会，不能实行大会制"}
        )


def _validated(congress: Congress) -> None:
    congress.full_clean(exclude=["created_by"])


# --- the congress -----------------------------------------------------------------------------------------------
@transaction.atomic
def congress_create(
    *,
    actor: Any,
    org: Org,
    kind: str,
    term_started_on: dt.date,
    term_ends_on: dt.date,
    staff_count: int | None = None,
    term_number: int | None = None,
    **settings: Any,
) -> Congress:
    """建立: the unit's current congress (第N届: one after the last term unless given)."""
    _require_manage(actor, org)
    staff = default_staff(org) if staff_count is None else staff_count
    _check_kind(org, kind, staff)
    if Congress.objects.filter(org=org, is_current=True).exists():
        raise ValidationError("本单位已有本届代表大会，如已换届请在代表大会页面办理“换届”")
    if term_number is None:
        last = Congress.objects.filter(org=org).order_by("-term_number").first()
        term_number = last.term_number + 1 if last else 1
    congress = Congress(
        org=org,
        kind=kind,
        term_number=term_number,
        term_started_on=term_started_on,
        term_ends_on=term_ends_on,
        staff_count=staff,
        created_by=actor,
        **{k: v for k, v in settings.items() if k in CONGRESS_FIELDS},
    )
    _validated(congress)
    congress.save()
    congresses_event(subject=congress, actor=actor, action=CongressAction.CREATED, note=str(congress))
    return congress


@transaction.atomic
def congress_update(*, actor: Any, congress: Congress, **changes: Any) -> Congress:
    """修改 the term dates, staff count and composition settings (the kind too, checked against the rules)."""
    _require_manage(actor, congress.org)
    congress = lock(Congress, pk=congress.pk, related=("org",))
    changed = []
    for name in CONGRESS_FIELDS:
        if name in changes and getattr(congress, name) != changes[name]:
            setattr(congress, name, changes[name])
            changed.append(name)
    if not changed:
        return congress
    _check_kind(congress.org, congress.kind, congress.staff_count)
    _validated(congress)
    congress.save(update_fields=[*changed, "updated_at"])
    labels = "、".join(str(getattr(Congress._meta.get_field(n), "verbose_name", n)) for n in changed)
    congresses_event(subject=congress, actor=actor, action=CongressAction.EDITED, note=f"修改了{labels}")
    return congress


@transaction.atomic
def congress_new_term(
    *,
    actor: Any,
    congress: Congress,
    term_started_on: dt.date,
    term_ends_on: dt.date,
    staff_count: int | None = None,
    kind: str | None = None,
) -> Congress:
    """换届: the next term becomes current with the same settings; the old one (its delegates, sessions,
    proposals) is kept as 往届. Delegates are elected again (added or imported to the new term)."""
    _require_manage(actor, congress.org)
    old = lock(Congress, pk=congress.pk, related=("org",))
    if not old.is_current:
        raise ValidationError("这一届已不是本届，不能再次换届")
    if term_started_on <= old.term_started_on:
        raise ValidationError({"term_started_on": "新一届的开始日期应晚于上一届的开始日期"})
    old.is_current = False
    old.save(update_fields=["is_current", "updated_at"])
    new = congress_create(
        actor=actor,
        org=old.org,
        kind=kind or old.kind,
        term_number=old.term_number + 1,
        term_started_on=term_started_on,
        term_ends_on=term_ends_on,
        staff_count=staff_count,
        delegate_share_percent=old.delegate_share_percent,
        teacher_min_percent=old.teacher_min_percent,
        women_min_percent=old.women_min_percent,
        young_max_age=old.young_max_age,
        young_min_percent=old.young_min_percent,
        proposals_between_sessions=old.proposals_between_sessions,
    )
    new.teacher_categories = old.teacher_categories
    new.save(update_fields=["teacher_categories"])
    congresses_event(
        subject=old, actor=actor, action=CongressAction.NEW_TERM, note=f"换届为第{new.term_number}届"
    )
    congresses_event(
        subject=new, actor=actor, action=CongressAction.NEW_TERM, note=f"由第{old.term_number}届换届"
    )
    return new


@transaction.atomic
def rules_save(*, actor: Any, org: Org, **values: Any) -> CongressRules:
    """The union's own rules for its subtree (created on first save)."""
    _require_manage(actor, org)
    rules = CongressRules.objects.filter(org=org).first() or CongressRules(org=org)
    for name in RULES_FIELDS:
        if name in values:
            setattr(rules, name, values[name])
    rules.full_clean()
    rules.save()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"修改民主管理规则：{org.name}",
        actor=actor,
        subject=rules,
        org_id=org.pk,
        detail={name: getattr(rules, name) for name in RULES_FIELDS},
    )
    return rules


# --- delegations and delegates ----------------------------------------------------------------------------------
@transaction.atomic
def delegation_create(*, actor: Any, congress: Congress, name: str) -> Delegation:
    _require_manage(actor, congress.org)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写代表团名称"})
    if Delegation.objects.filter(congress=congress, name=name).exists():
        raise ValidationError({"name": f"已有名为“{name}”的代表团"})
    order = Delegation.objects.filter(congress=congress).count() + 1
    delegation = Delegation.objects.create(congress=congress, name=name, sort_order=order)
    congresses_event(
        subject=congress, actor=actor, action=CongressAction.DELEGATION_CREATED, note=f"设立 {name}"
    )
    return delegation


def _audit_delegates(
    congress: Congress, actor: Any, context: AuditContext | None, summary: str, **detail: Any
) -> None:
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=summary,
        actor=actor,
        context=context,
        subject=congress,
        org_id=congress.org_id,
        detail={"congress": str(congress.public_id), **detail},
    )


def _seat_refusal(congress: Congress, member: Member) -> str:
    if not is_unit_staff(member, congress.org):
        return f"{member.name}不是{congress.org.name}的会员，不能当选本单位代表"
    seat = Delegate.objects.filter(congress=congress, member=member).first()
    if seat is not None:
        if seat.ended_on:
            return f"{member.name}的代表资格已于{seat.ended_on:%Y年%m月%d日}终止，不能再次增补"
        return f"{member.name}已是本届代表"
    return ""


@transaction.atomic
def delegate_add(
    *,
    actor: Any,
    congress: Congress,
    member: Member,
    role: str = DelegateRole.FULL,
    delegation: Delegation | None = None,
    is_presidium: bool = False,
    on_proposal_committee: bool = False,
    elected_on: dt.date | None = None,
    context: AuditContext | None = None,
) -> Delegate:
    """增补代表: a member of the unit's staff takes a seat (正式 / 列席 / 特邀)."""
    _require_manage(actor, congress.org)
    if not congress.is_current:
        raise ValidationError("往届代表大会不能再增补代表")
    refusal = _seat_refusal(congress, member)
    if refusal:
        raise ValidationError({"member": refusal})
    if delegation is not None and delegation.congress_id != congress.pk:
        raise ValidationError({"delegation": "代表团不属于本届代表大会"})
    delegate = Delegate.objects.create(
        congress=congress,
        member=member,
        role=role,
        delegation=delegation,
        is_presidium=is_presidium,
        on_proposal_committee=on_proposal_committee,
        elected_on=elected_on,
    )
    seat = "，".join(str(part) for part in (DelegateRole(role).label, delegation and delegation.name) if part)
    congresses_event(
        subject=congress,
        actor=actor,
        action=CongressAction.DELEGATE_ADDED,
        note=f"增补 {member.name}（{seat}）",
    )
    _audit_delegates(
        congress, actor, context, f"增补代表：{member.name}", member=str(member.public_id), role=role
    )
    return delegate


@transaction.atomic
def delegate_update(
    *,
    actor: Any,
    delegate: Delegate,
    role: str,
    delegation: Delegation | None,
    is_presidium: bool,
    on_proposal_committee: bool,
) -> Delegate:
    """Change a seat's role, 代表团, 主席团 and 提案工作委员会 membership."""
    congress = delegate.congress
    _require_manage(actor, congress.org)
    if delegation is not None and delegation.congress_id != congress.pk:
        raise ValidationError({"delegation": "代表团不属于本届代表大会"})
    delegate = lock(Delegate, pk=delegate.pk, related=("member",))
    if delegate.ended_on:
        raise ValidationError("代表资格已终止，不能修改")
    delegate.role, delegate.delegation = role, delegation
    delegate.is_presidium, delegate.on_proposal_committee = is_presidium, on_proposal_committee
    delegate.save(update_fields=["role", "delegation", "is_presidium", "on_proposal_committee", "updated_at"])
    congresses_event(
        subject=congress, actor=actor, action=CongressAction.EDITED, note=f"调整代表：{delegate.member.name}"
    )
    return delegate


@transaction.atomic
def delegate_end(
    *, actor: Any, delegate: Delegate, ended_on: dt.date, end_reason: str, context: AuditContext | None = None
) -> Delegate:
    """代表资格终止 (调离、退休、罢免): the seat is kept with the date and reason."""
    congress = delegate.congress
    _require_manage(actor, congress.org)
    delegate = lock(Delegate, pk=delegate.pk, related=("member",))
    if delegate.ended_on:
        raise ValidationError("代表资格已终止")
    if not end_reason.strip():
        raise ValidationError({"end_reason": "请填写终止原因"})
    delegate.ended_on, delegate.end_reason = ended_on, end_reason.strip()
    delegate.save(update_fields=["ended_on", "end_reason", "updated_at"])
    name = delegate.member.name
    congresses_event(
        subject=congress, actor=actor, action=CongressAction.DELEGATE_ENDED, note=f"{name}：{end_reason}"
    )
    _audit_delegates(congress, actor, context, f"终止代表资格：{name}", member=str(delegate.member.public_id))
    return delegate


# --- import -----------------------------------------------------------------------------------------------------
IMPORT_COLUMNS = (
    Column("name", "姓名", required=True, example="张三"),
    Column("id_number", "证件号码", aliases=("身份证号", "身份证号码"), help="证件号码与手机号至少填一项"),
    Column("phone", "手机号", aliases=("手机", "手机号码")),
    Column("role", "代表类别", help="正式代表 / 列席代表 / 特邀代表", default="正式代表"),
    Column("delegation", "代表团", help="没有的代表团会自动设立"),
    Column("presidium", "主席团", help="是 / 否", default="否"),
    Column("committee", "提案工作委员会", help="是 / 否", default="否"),
    Column("elected_on", "当选日期", example="2026-09-10"),
)
ROLE_BY_LABEL = {str(r.label): r.value for r in DelegateRole} | {
    str(r.label).removesuffix("代表"): r.value for r in DelegateRole
}
YES, NO = {"是", "Y", "y", "1", "√"}, {"", "否", "N", "n", "0"}


@dataclass
class ImportResult:
    added: int = 0
    errors: list[RowError] = field(default_factory=list)


def _find_member(congress: Congress, id_number: str, phone: str) -> Member | None:
    staff = unit_staff(congress.org)
    if id_number:
        number = normalize_identifier(id_number)
        return staff.filter(id_number_hash=identifier_hash(IdType.RESIDENT, number)).first()
    return staff.filter(phone=phone).first()


@transaction.atomic
def delegates_import(
    *, actor: Any, congress: Congress, content: bytes, context: AuditContext | None = None
) -> ImportResult:
    """导入代表 from xlsx: every row is checked first (the member found among the unit's staff by ID number or
    phone, the name matching, the role known, no seat twice); with any error nothing is written."""
    _require_manage(actor, congress.org)
    if not congress.is_current:
        raise ValidationError("往届代表大会不能再导入代表")
    try:
        data = read_records(content, IMPORT_COLUMNS, max_rows=5000)
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None
    result = ImportResult()
    planned: list[tuple[Member, str, str, bool, bool, dt.date | None]] = []
    seen: set[int] = set()
    for row, record in data.records:
        name = clean_text(record.get("name"))
        id_number, phone = clean_text(record.get("id_number")), clean_text(record.get("phone"))
        errors_before = len(result.errors)
        if not id_number and not phone:
            result.errors.append(RowError(row, "证件号码", "证件号码与手机号至少填一项"))
            continue
        member = _find_member(congress, id_number, phone)
        if member is None:
            column = "证件号码" if id_number else "手机号"
            result.errors.append(RowError(row, column, f"在{congress.org.name}的会员中找不到此人"))
            continue
        if name and name != member.name:
            result.errors.append(RowError(row, "姓名", f"姓名与会员档案不符（档案为{member.name}）"))
        refusal = _seat_refusal(congress, member)
        if refusal:
            result.errors.append(RowError(row, "姓名", refusal))
        if member.pk in seen:
            result.errors.append(RowError(row, "姓名", f"{member.name}在文件中重复出现"))
        role_text = clean_text(record.get("role")) or "正式代表"
        role = ROLE_BY_LABEL.get(role_text)
        if role is None:
            result.errors.append(
                RowError(row, "代表类别", f"“{role_text}”不是代表类别，应为正式代表、列席代表或特邀代表")
            )
        flags = []
        for key, label in (("presidium", "主席团"), ("committee", "提案工作委员会")):
            text = clean_text(record.get(key))
            if text not in YES | NO:
                result.errors.append(RowError(row, label, f"应填“是”或“否”，而不是“{text}”"))
            flags.append(text in YES)
        elected_on = None
        if clean_text(record.get("elected_on")):
            elected_on = cell_date(record.get("elected_on"))
            if elected_on is None:
                result.errors.append(RowError(row, "当选日期", "日期格式应为 2026-09-10"))
        seen.add(member.pk)
        if len(result.errors) == errors_before:
            planned.append(
                (
                    member,
                    role or DelegateRole.FULL,
                    clean_text(record.get("delegation")),
                    flags[0],
                    flags[1],
                    elected_on,
                )
            )
    if not data.records:
        raise ValidationError({"file": "文件中没有代表数据"})
    if result.errors:
        return result
    delegations = {d.name: d for d in Delegation.objects.filter(congress=congress)}
    for member, role, delegation_name, presidium, committee, elected_on in planned:
        delegation = None
        if delegation_name:
            delegation = delegations.get(delegation_name)
            if delegation is None:
                delegation = Delegation.objects.create(
                    congress=congress, name=delegation_name, sort_order=len(delegations) + 1
                )
                delegations[delegation_name] = delegation
        Delegate.objects.create(
            congress=congress,
            member=member,
            role=role,
            delegation=delegation,
            is_presidium=presidium,
            on_proposal_committee=committee,
            elected_on=elected_on,
        )
    result.added = len(planned)
    congresses_event(
        subject=congress,
        actor=actor,
        action=CongressAction.DELEGATES_IMPORTED,
        note=f"导入代表{result.added}人",
    )
    _audit_delegates(congress, actor, context, f"导入代表{result.added}人", rows=result.added)
    return result


# --- reminders --------------------------------------------------------------------------------------------------
def _remind(congress: Congress, title: str, body: str) -> int:
    url = reverse("congresses:congress_detail", args=[congress.public_id])
    if Notification.objects.filter(url=url, title=title).exists():
        return 0
    recipients = [
        g.user
        for g in RoleGrant.objects.filter(
            role=UNION_ADMIN, org=congress.org, user__is_active=True
        ).select_related("user")
    ]
    if not recipients:
        return 0
    notify(recipients=recipients, title=title, body=body, url=url, category="congresses")
    return 1


def remind_job() -> str:
    """Idempotent: one message per congress and occasion (a 学年 without a session; a term ending within 90 days)."""
    today = timezone.localdate()
    sent = 0
    with transaction.atomic():
        for congress in congresses_without_session(today):
            year = today.year if today.month >= 9 else today.year - 1
            sent += _remind(
                congress,
                f"{congress}：{year - 1}—{year}学年未召开会议",
                "按规定教（职）代会每学年至少召开一次会议，请及时筹备",
            )
        for congress in congresses_ending(today):
            sent += _remind(
                congress,
                f"{congress}将于{congress.term_ends_on:%Y年%m月%d日}届满",
                "请提前筹备换届选举代表",
            )
    return f"民主管理提醒：发出{sent}条"
