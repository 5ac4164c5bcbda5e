"""Writes of subsidies to grassroots unions (part `subsidies`).

A subsidy (2020年支持基层工会开展疫情防控一线送温暖补助) belongs to the union whose fund pays it
(`budget_line.fund.org`); its total is a quota set owned by it, one place = one yuan. The union shares the total
out to its child unions and any union that received a share may share it further down (`quota_allocate` with
`parent`). `subsidy_transfer` pays each first-level share through the ledger once (key
`welfare-subsidy:<public id>:<org code>`; a paid share is frozen, a repeat pays nobody twice); lower unions pass
money on from what they received, outside this union's ledger. Every union records what it spent of its own share
and on whom: its spending never exceeds its share less what it passed down — the allocation row is locked with
`core.locking.lock` while checking, and sharing out locks the same rows, so the two never race. Corrections delete
a spending record (timeline and audit keep what it was)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.ledger.models import BudgetLine, LedgerEntry
from gonghui.ledger.permissions import can_manage_ledger
from gonghui.ledger.selectors import entry_by_key, line_remaining
from gonghui.ledger.services import ledger_pay
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation, QuotaSet
from gonghui.quotas.services import quota_allocate, quota_set_create, quota_set_update

from ..choices import SubsidyStatus
from ..models import Subsidy, SubsidySpending
from ..permissions import CARE_MANAGE
from ..selectors.subsidies import (
    ZERO,
    SubsidyRow,
    allocation_passed_down,
    allocation_spent,
    member_for_spending,
    subsidy_key,
    top_allocation,
)
from ..spreadsheets.subsidies import subsidy_workbook

CENT = Decimal("0.01")
LABELS = {
    "create": "新建补助",
    "edit": "修改补助",
    "allocate": "分配额度",
    "transfer": "下拨资金",
    "spend": "登记使用",
    "spending_delete": "删除使用记录",
    "close": "结束补助",
}


def _event(
    subsidy: Subsidy, actor: Any, action: str, note: str = "", *, from_state: str = "", to_state: str = ""
) -> None:
    timeline_record(
        subject=subsidy,
        actor=actor,
        action=action,
        action_label=LABELS[action],
        from_state=from_state,
        to_state=to_state,
        note=note[:500],
    )


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)}"


def _fields(
    *, name: str, year: Any, purpose: str, total: Any, spend_by: dt.date | None
) -> tuple[str, int, str, int]:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("请填写补助名称")
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = _("请填写年度，如 2020")
    try:
        total = int(total)
    except (TypeError, ValueError):
        total = 0
    if total < 1:
        errors["total"] = _("补助总额至少为 1 元（按整元分配）")
    if spend_by is not None and year and spend_by.year < year:
        errors["spend_by"] = _("使用截止日期不能早于补助年度")
    if errors:
        raise ValidationError(errors)
    return name[:100], year, (purpose or "").strip()[:200], total


@transaction.atomic
def subsidy_create(
    *,
    budget_line: BudgetLine,
    name: str,
    year: int,
    total: int,
    actor: Any,
    purpose: str = "",
    spend_by: dt.date | None = None,
    context: AuditContext | None = None,
) -> Subsidy:
    """A subsidy of the union whose fund pays it (`welfare.care_manage` there), with its quota set of `total`
    whole yuan. The total may not exceed what the budget line has left."""
    line = BudgetLine.objects.select_related("fund__org").get(pk=budget_line.pk)
    org = line.fund.org
    if not has_action(actor, CARE_MANAGE, org):
        raise PermissionDenied(_("无权为该工会新建补助"))
    name, year, purpose, total = _fields(
        name=name, year=year, purpose=purpose, total=total, spend_by=spend_by
    )
    remaining = line_remaining(line)
    if total > remaining:
        raise ValidationError(
            {
                "total": _("资金来源“%(line)s”尚余 %(remaining)s 元，补助总额 %(total)s 元超出")
                % {"line": line.purpose, "remaining": remaining, "total": total}
            }
        )
    subsidy = Subsidy.objects.create(
        org=org,
        name=name,
        year=year,
        purpose=purpose,
        budget_line=line,
        spend_by=spend_by,
        created_by=actor,
    )
    subsidy.quota_set = quota_set_create(
        org=org, title=name, total=total, actor=actor, owner=subsidy, context=context
    )
    subsidy.save(update_fields=["quota_set", "updated_at"])
    _event(
        subsidy,
        actor,
        "create",
        to_state=subsidy.status,
        note=_("补助总额 %(total)s 元，资金来源 %(line)s") % {"total": total, "line": line},
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("新建补助“%(name)s”共 %(total)s 元（%(org)s）")
        % {"name": name, "total": total, "org": org.name},
        actor=actor,
        context=context,
        subject=subsidy,
        org_id=org.pk,
        detail={"total": total, "budget_line": line.pk},
    )
    return subsidy


@transaction.atomic
def subsidy_update(
    *,
    subsidy: Subsidy,
    name: str,
    year: int,
    total: int,
    actor: Any,
    purpose: str = "",
    spend_by: dt.date | None = None,
    context: AuditContext | None = None,
) -> Subsidy:
    """Change name, year, purpose, spend-by date and total; the total never drops below what is shared out, and
    once money was transferred never rises past what the budget line can still pay."""
    subsidy = lock(Subsidy, related=("org", "budget_line"), pk=subsidy.pk)
    if not has_action(actor, CARE_MANAGE, subsidy.org):
        raise PermissionDenied(_("无权修改该补助"))
    if subsidy.status == SubsidyStatus.CLOSED:
        raise ValidationError(_("补助已结束，不能再修改"))
    name, year, purpose, total = _fields(
        name=name, year=year, purpose=purpose, total=total, spend_by=spend_by
    )
    quota_set = QuotaSet.objects.get(pk=_quota_set_id(subsidy))
    before = quota_set.total
    if total > before:
        remaining = line_remaining(subsidy.budget_line)
        untransferred = Decimal(before) - _transferred_total(subsidy)
        if Decimal(total - before) > remaining - untransferred:
            raise ValidationError(
                {
                    "total": _(
                        "资金来源“%(line)s”尚余 %(remaining)s 元，未下拨的额度 %(open)s 元，总额最多 %(max)s 元"
                    )
                    % {
                        "line": subsidy.budget_line.purpose,
                        "remaining": remaining,
                        "open": untransferred,
                        "max": before + int(remaining - untransferred),
                    }
                }
            )
    try:
        quota_set_update(quota_set=quota_set, title=name, total=total, actor=actor, context=context)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "total" in exc.error_dict:
            raise ValidationError(
                {"total": _("已分配给下级工会的额度合计超过新的总额，请先调减分配")}
            ) from None
        raise
    subsidy.name, subsidy.year, subsidy.purpose, subsidy.spend_by = name, year, purpose, spend_by
    subsidy.save(update_fields=["name", "year", "purpose", "spend_by", "updated_at"])
    note = _("总额 %(a)s → %(b)s 元") % {"a": before, "b": total} if before != total else ""
    _event(subsidy, actor, "edit", note)
    return subsidy


def _quota_set_id(subsidy: Subsidy) -> int:
    if subsidy.quota_set_id is None:
        raise ValidationError(_("补助的额度尚未建立"))
    return subsidy.quota_set_id


def _transferred_total(subsidy: Subsidy) -> Decimal:
    prefix = f"welfare-subsidy:{subsidy.public_id}:"
    entries = LedgerEntry.objects.filter(idempotency_key__startswith=prefix, reverses__isnull=True)
    return sum((entry.amount for entry in entries), ZERO)


def _shares(raw: dict[int, Any]) -> dict[int, int]:
    shares: dict[int, int] = {}
    for org_id, value in raw.items():
        try:
            shares[int(org_id)] = int(value or 0)
        except (TypeError, ValueError):
            raise ValidationError(_("分配额度请填写整数（元）")) from None
    return shares


@transaction.atomic
def subsidy_allocate(
    *,
    subsidy: Subsidy,
    giver: Org,
    shares: dict[int, Any],
    actor: Any,
    context: AuditContext | None = None,
) -> list[QuotaAllocation]:
    """Share out what `giver` holds of the subsidy to its child unions ({org_id: whole yuan}); the others keep
    theirs. `giver` is the union that made the subsidy or one that received a share. A level never adds up to more
    than the giver holds less what it spent itself; a child's share never drops below what it passed down and
    spent; a transferred first-level share does not change."""
    subsidy = lock(Subsidy, related=("org",), pk=subsidy.pk)
    if not has_action(actor, CARE_MANAGE, giver):
        raise PermissionDenied(_("无权分配该工会的补助额度"))
    if subsidy.status == SubsidyStatus.CLOSED:
        raise ValidationError(_("补助已结束，不能再分配"))
    wanted_shares = _shares(shares)
    parent: QuotaAllocation | None = None
    if giver.pk == subsidy.org_id:
        available = Decimal(QuotaSet.objects.get(pk=_quota_set_id(subsidy)).total)
    else:
        found = QuotaAllocation.objects.filter(quota_set_id=subsidy.quota_set_id, org=giver).first()
        if found is None:
            raise ValidationError(_("“%(org)s”没有分到本补助的额度") % {"org": giver.name})
        parent = lock(QuotaAllocation, related=("org",), pk=found.pk)
        available = Decimal(parent.allocated) - allocation_spent(parent)
    level = {
        allocation.org_id: lock(QuotaAllocation, related=("org",), pk=allocation.pk)
        for allocation in QuotaAllocation.objects.filter(quota_set_id=subsidy.quota_set_id, parent=parent)
    }
    # an empty box of a union that holds nothing yet creates no line of 0
    wanted_shares = {org_id: amount for org_id, amount in wanted_shares.items() if amount or org_id in level}
    if not wanted_shares:
        return list(level.values())
    names = dict(Org.objects.filter(pk__in=list(wanted_shares)).values_list("pk", "name"))
    errors: list[ValidationError] = []
    for org_id, amount in wanted_shares.items():
        name = names.get(org_id, str(org_id))
        if amount < 0:
            errors.append(ValidationError(_("“%(org)s”的分配额度不能为负数") % {"org": name}))
            continue
        current = level.get(org_id)
        if current is None or current.allocated == amount:
            continue
        if parent is None and entry_by_key(subsidy_key(subsidy, current.org)) is not None:
            errors.append(
                ValidationError(
                    _("“%(org)s”的 %(amount)s 元已下拨，不能再修改")
                    % {"org": name, "amount": current.allocated}
                )
            )
            continue
        floor = Decimal(allocation_passed_down(current)) + allocation_spent(current)
        if amount < floor:
            errors.append(
                ValidationError(
                    _("“%(org)s”已下拨下级和本级使用共 %(floor)s 元，分配额度不能少于此数")
                    % {"org": name, "floor": _yuan(floor)}
                )
            )
    if errors:
        raise ValidationError(errors)
    kept = sum(allocation.allocated for org_id, allocation in level.items() if org_id not in wanted_shares)
    wanted = kept + sum(wanted_shares.values())
    if wanted > available:
        raised = "、".join(
            f"“{names.get(org_id, org_id)}”{amount} 元"
            for org_id, amount in wanted_shares.items()
            if amount > (level[org_id].allocated if org_id in level else 0)
        )
        raise ValidationError(
            _(
                "分配合计 %(wanted)s 元，超过“%(giver)s”可分配的 %(available)s 元（尚可分配 %(left)s 元）：%(raised)s"
            )
            % {
                "wanted": wanted,
                "giver": giver.name,
                "available": _yuan(available),
                "left": _yuan(available - sum(a.allocated for a in level.values())),
                "raised": raised or _("请调减各工会的额度"),
            }
        )
    saved = quota_allocate(
        quota_set=QuotaSet.objects.get(pk=_quota_set_id(subsidy)),
        shares=wanted_shares,
        actor=actor,
        parent=parent,
        context=context,
    )
    changed = [
        f"{names[org_id]} {amount} 元"
        for org_id, amount in wanted_shares.items()
        if amount != (level[org_id].allocated if org_id in level else 0)
    ]
    if changed:
        _event(subsidy, actor, "allocate", f"{giver.name} → " + "、".join(changed))
    return saved


@dataclass(frozen=True)
class TransferResult:
    paid: list[tuple[Org, LedgerEntry]]
    already: int

    @property
    def amount(self) -> Decimal:
        return sum((entry.amount for _org, entry in self.paid), ZERO)


@transaction.atomic
def subsidy_transfer(*, subsidy: Subsidy, actor: Any, context: AuditContext | None = None) -> TransferResult:
    """Pay each first-level share not yet paid through the ledger (payee: the child union), the subsidy then
    ISSUED. A share already paid is skipped: repeating pays nobody twice. An overspend of the budget line is
    refused as a whole (nothing is paid)."""
    subsidy = lock(Subsidy, related=("org", "budget_line__fund__org"), pk=subsidy.pk)
    if not has_action(actor, CARE_MANAGE, subsidy.org):
        raise PermissionDenied(_("无权下拨该补助"))
    if not can_manage_ledger(actor, subsidy.budget_line.fund.org):
        raise PermissionDenied(_("下拨资金须经资金发放台账支付，您没有管理该工会资金台账的权限"))
    if subsidy.status == SubsidyStatus.CLOSED:
        raise ValidationError(_("补助已结束，不能再下拨"))
    shares = list(
        QuotaAllocation.objects.filter(
            quota_set_id=subsidy.quota_set_id, parent__isnull=True, allocated__gt=0
        )
        .select_related("org")
        .order_by("org__path")
    )
    if not shares:
        raise ValidationError(_("还没有分配给下级工会的额度，请先分配"))
    paid: list[tuple[Org, LedgerEntry]] = []
    already = 0
    for share in shares:
        key = subsidy_key(subsidy, share.org)
        if entry_by_key(key) is not None:
            already += 1
            continue
        entry = ledger_pay(
            budget_line=subsidy.budget_line,
            amount=Decimal(share.allocated),
            payee_name=share.org.name,
            idempotency_key=key,
            purpose=subsidy.name[:200],
            owner=subsidy,
            actor=actor,
            context=context,
        )
        paid.append((share.org, entry))
    result = TransferResult(paid=paid, already=already)
    if paid:
        before = subsidy.status
        subsidy.status = SubsidyStatus.ISSUED
        subsidy.save(update_fields=["status", "updated_at"])
        note = "、".join(f"{org.name} {_yuan(entry.amount)} 元" for org, entry in paid)
        _event(subsidy, actor, "transfer", note, from_state=before, to_state=subsidy.status)
    return result


def _amount(raw: Any) -> Decimal:
    try:
        amount = Decimal(raw).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"amount": _("请填写使用金额")}) from None
    if amount <= 0:
        raise ValidationError({"amount": _("使用金额必须大于0")})
    return amount


@transaction.atomic
def subsidy_spend(
    *,
    subsidy: Subsidy,
    org: Org,
    amount: Any,
    spent_on: dt.date,
    purpose: str,
    actor: Any,
    member_query: str = "",
    recipient_name: str = "",
    context: AuditContext | None = None,
) -> SubsidySpending:
    """Record what `org` spent of its share and on whom: a member of its subtree (by 手机号 or 会员编号) or a
    non-member by name. The union's spending never exceeds its share less what it passed down."""
    if not has_action(actor, CARE_MANAGE, org):
        raise PermissionDenied(_("无权登记该工会的补助使用"))
    # the subsidy row first, as every writer of its shares does (allocate, transfer): inserting the spending takes
    # a key-share lock on it, which would otherwise deadlock with a share-out holding it and waiting for our share
    subsidy = lock(Subsidy, related=("org",), pk=subsidy.pk)
    if subsidy.status == SubsidyStatus.CLOSED:
        raise ValidationError(_("补助已结束，不能再登记使用"))
    found = QuotaAllocation.objects.filter(quota_set_id=subsidy.quota_set_id, org=org).first()
    if found is None:
        raise ValidationError({"org": _("“%(org)s”没有分到本补助的额度") % {"org": org.name}})
    allocation = lock(QuotaAllocation, related=("org",), pk=found.pk)
    top = top_allocation(subsidy, allocation)
    if entry_by_key(subsidy_key(subsidy, top.org)) is None:
        raise ValidationError(_("“%(org)s”的补助资金尚未下拨，暂不能登记使用") % {"org": top.org.name})
    member = None
    member_query = (member_query or "").strip()
    if member_query:
        member = member_for_spending(actor, org, member_query)
        if member is None:
            raise ValidationError(
                {
                    "member": _("在“%(org)s”及下级工会的在籍会员中找不到手机号或会员编号为“%(q)s”的会员")
                    % {"org": org.name, "q": member_query[:32]}
                }
            )
        recipient_name = member.name
    recipient_name = " ".join((recipient_name or "").split())[:100]
    if not recipient_name:
        raise ValidationError(
            {"recipient_name": _("请填写受助会员的手机号或会员编号，或填写非会员受助对象的姓名")}
        )
    amount = _amount(amount)
    if spent_on is None:
        raise ValidationError({"spent_on": _("请填写发放日期")})
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": _("发放日期不能晚于今天")})
    purpose = " ".join((purpose or "").split())[:200]
    if not purpose:
        raise ValidationError({"purpose": _("请填写事由")})
    passed_down = Decimal(allocation_passed_down(allocation))
    spent = allocation_spent(allocation)
    left = Decimal(allocation.allocated) - passed_down - spent
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "超出额度：“%(org)s”本级尚余 %(left)s 元可用（分得 %(allocated)s 元，下拨下级 %(down)s 元，"
                    "已使用 %(spent)s 元），本次 %(amount)s 元"
                )
                % {
                    "org": org.name,
                    "left": _yuan(left),
                    "allocated": _yuan(Decimal(allocation.allocated)),
                    "down": _yuan(passed_down),
                    "spent": _yuan(spent),
                    "amount": _yuan(amount),
                }
            }
        )
    spending = SubsidySpending.objects.create(
        subsidy=subsidy,
        allocation=allocation,
        org=org,
        member=member,
        recipient_name=recipient_name,
        amount=amount,
        spent_on=spent_on,
        purpose=purpose,
        recorded_by=actor,
    )
    # the timeline is read by every union that sees the subsidy: it names the union and the amount, not the person
    _event(subsidy, actor, "spend", f"{org.name} {_yuan(amount)} 元（{purpose[:50]}）")
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("登记补助使用：%(org)s 向 %(name)s 发放 %(amount)s 元（%(subsidy)s）")
        % {"org": org.name, "name": recipient_name, "amount": _yuan(amount), "subsidy": subsidy.name},
        actor=actor,
        context=context,
        subject=spending,
        org_id=org.pk,
        detail={"subsidy": subsidy.pk, "member": member.pk if member else None, "amount": str(amount)},
    )
    return spending


@transaction.atomic
def subsidy_spending_delete(
    *, spending: SubsidySpending, actor: Any, context: AuditContext | None = None
) -> Subsidy:
    """The correction of a wrong record: delete it (its allocation locked); the timeline and the audit keep it."""
    spending = lock(SubsidySpending, related=("org", "subsidy"), pk=spending.pk)
    if not has_action(actor, CARE_MANAGE, spending.org):
        raise PermissionDenied(_("无权删除该工会的补助使用记录"))
    subsidy = spending.subsidy
    if subsidy.status == SubsidyStatus.CLOSED:
        raise ValidationError(_("补助已结束，使用记录不能再删除"))
    lock(QuotaAllocation, pk=spending.allocation_id)
    described = {
        "org": spending.org.name,
        "name": spending.recipient_name,
        "amount": _yuan(spending.amount),
        "spent_on": spending.spent_on.isoformat(),
        "purpose": spending.purpose,
    }
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("删除补助使用记录：%(org)s 向 %(name)s 发放 %(amount)s 元（%(spent_on)s）") % described,
        actor=actor,
        context=context,
        subject=spending,
        org_id=spending.org_id,
        detail={"subsidy": subsidy.pk, **described},
    )
    spending.delete()
    _event(
        subsidy,
        actor,
        "spending_delete",
        f"{described['org']} {described['amount']} 元（{described['spent_on']}）",
    )
    return subsidy


def subsidy_export(
    *,
    subsidy: Subsidy,
    actor: Any,
    rows: list[SubsidyRow],
    spendings: Iterable[SubsidySpending],
    context: AuditContext | None = None,
) -> tuple[bytes, str]:
    """The roll-up the user sees and the spending list of their subtrees as xlsx, with the file name; the spending
    rows name people, so the export is audited (its view answers no-store)."""
    content, count = subsidy_workbook(rows, spendings)
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出补助“%(name)s”的分配与使用情况（使用明细 %(n)s 条，含受助对象姓名）")
        % {"name": subsidy.name, "n": count},
        actor=actor,
        context=context,
        subject=subsidy,
        org_id=subsidy.org_id,
        detail={"rows": count, "unions": len(rows)},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return content, f"{subsidy.name[:40]}-分配与使用-{stamp}.xlsx"


@transaction.atomic
def subsidy_close(*, subsidy: Subsidy, actor: Any, context: AuditContext | None = None) -> Subsidy:
    """结束补助 after the spend-by date or when the work is done: no more sharing out, transfers or spending; what
    is unspent stays on record as the balance (returned outside this platform)."""
    subsidy = lock(Subsidy, related=("org",), pk=subsidy.pk)
    if not has_action(actor, CARE_MANAGE, subsidy.org):
        raise PermissionDenied(_("无权结束该补助"))
    if subsidy.status != SubsidyStatus.ISSUED:
        raise ValidationError(
            _("只有已下拨的补助可以结束（当前：%(status)s）") % {"status": subsidy.get_status_display()}
        )
    total = Decimal(QuotaSet.objects.get(pk=_quota_set_id(subsidy)).total)
    spent = SubsidySpending.objects.filter(subsidy=subsidy).aggregate(total=Sum("amount"))["total"] or ZERO
    before = subsidy.status
    subsidy.status = SubsidyStatus.CLOSED
    subsidy.save(update_fields=["status", "updated_at"])
    note = _("共使用 %(spent)s 元，结余 %(left)s 元") % {"spent": _yuan(spent), "left": _yuan(total - spent)}
    _event(subsidy, actor, "close", note, from_state=before, to_state=subsidy.status)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("结束补助“%(name)s”：%(note)s") % {"name": subsidy.name, "note": note},
        actor=actor,
        context=context,
        subject=subsidy,
        org_id=subsidy.org_id,
    )
    return subsidy
