"""Writes of 慰问 standards, payments and visits (part `condolences`).

Standards (`condolence_standard_save`): one per (union, occasion, execution date); a standard already used by a
payment is never changed (a new one with a later date replaces it), so a payment always shows what it was checked
against.

Payments (`condolence_pay`) are checked at entry against `selectors.standard_for` (the paying union's latest
standard effective on the event date, else the nearest union's above): the amount is at most the standard's
maximum, and the member's standing payments by the union for the occasion in the event date's calendar year stay
within its times per year. Without any standard a payment is refused — except for 其他, which has no general
standard and is then entered with a note saying why. The payment pays through `ledger_pay` under the key
`welfare-condolence:<org code>:<member public id>:<occasion>:<yyyymmdd>` in the same transaction, with the visit
when its fields are given: nothing is half-written. The unique constraint (org, member, occasion, event date) plus
the ledger key make a double submit pay once (the second call returns the first payment).

Correction (`condolence_reverse`) reverses the ledger entry; the payment row stays as history and shows 已冲销
(derived from the ledger). The same member, occasion and event date cannot be entered again (the unique
constraint and the ledger key are spent); a payment entered with a wrong date or occasion is reversed and entered
anew with the right one."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.services import ledger_pay, ledger_reverse
from gonghui.members.models import Member
from gonghui.notifications.services import notify
from gonghui.orgs.models import Org
from gonghui.visits.choices import VisitOccasion
from gonghui.visits.models import Visit
from gonghui.visits.services import visit_record

from ..choices import CondolenceOccasion
from ..models import CondolencePayment, CondolenceStandard
from ..permissions import CARE_MANAGE
from ..selectors.condolences import (
    PaymentFilters,
    payment_is_reversed,
    payment_list_for_user,
    standard_for,
    times_used,
)
from ..spreadsheets.condolences import condolence_workbook

CENT = Decimal("0.01")
# The ledger is read by the union's accountants, who need not learn why a member was visited (an illness, a death
# in the family): every 慰问 payment carries this one neutral purpose; the occasion stays in welfare.
LEDGER_PURPOSE = "慰问金"
NOTIFY_CATEGORY = "welfare"

VISIT_OCCASIONS: dict[str, str] = {
    CondolenceOccasion.HOSPITAL: VisitOccasion.ILLNESS,
    CondolenceOccasion.BEREAVEMENT: VisitOccasion.BEREAVEMENT,
    CondolenceOccasion.DEATH: VisitOccasion.BEREAVEMENT,
    CondolenceOccasion.RETIREMENT: VisitOccasion.RETIREMENT,
    CondolenceOccasion.CHILDBIRTH: VisitOccasion.OTHER,
    CondolenceOccasion.MARRIAGE: VisitOccasion.OTHER,
    CondolenceOccasion.MODEL_WORKER: VisitOccasion.OTHER,
    CondolenceOccasion.FRONT_LINE: VisitOccasion.OTHER,
    CondolenceOccasion.OTHER: VisitOccasion.OTHER,
}


def visit_occasion_for(occasion: str) -> str:
    """The visits block's occasion of a 慰问's visit."""
    return VISIT_OCCASIONS.get(occasion, VisitOccasion.OTHER)


def condolence_key(*, org: Org, member: Member, occasion: str, event_date: dt.date) -> str:
    """The ledger's idempotency key of one 慰问."""
    return f"welfare-condolence:{org.code}:{member.public_id}:{occasion}:{event_date:%Y%m%d}"


def _money(raw: Any, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(raw).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}}) from None
    if amount <= 0:
        raise ValidationError({field: _("%(label)s必须大于0") % {"label": label}})
    return amount


# --- standards ------------------------------------------------------------------------------------------------


@transaction.atomic
def condolence_standard_save(
    *,
    actor: Any,
    occasion: str,
    max_amount: Decimal,
    effective_from: dt.date,
    times_per_year: int | None = None,
    basis: str = "",
    org: Org | None = None,
    standard: CondolenceStandard | None = None,
    context: AuditContext | None = None,
) -> CondolenceStandard:
    """Create `org`'s standard, or change `standard` (never one a payment was checked against: add a new one with
    a later execution date instead). Needs `welfare.care_manage` on the union. One standard per union, occasion
    and execution date."""
    if standard is not None:
        standard = lock(CondolenceStandard, related=("org",), pk=standard.pk)
        org = standard.org
    if org is None:
        raise ValidationError({"org": _("请选择制定工会")})
    if not has_action(actor, CARE_MANAGE, org):
        raise PermissionDenied(_("无权维护该工会的慰问标准"))
    if standard is not None:
        used = CondolencePayment.objects.filter(standard=standard).count()
        if used:
            raise ValidationError(
                _(
                    "该标准已用于 %(n)d 笔慰问登记，不能修改；标准调整请新增一条执行日期更晚的标准，"
                    "原标准保留为历史"
                )
                % {"n": used}
            )
    if occasion not in CondolenceOccasion.values:
        raise ValidationError({"occasion": _("请选择慰问事由")})
    max_amount = _money(max_amount, "max_amount", _("标准上限"))
    if times_per_year is not None and times_per_year < 1:
        raise ValidationError({"times_per_year": _("每人每年次数上限至少为 1 次；不限次数请留空")})
    if effective_from is None:
        raise ValidationError({"effective_from": _("请填写执行日期")})
    twin = CondolenceStandard.objects.filter(org=org, occasion=occasion, effective_from=effective_from)
    if standard is not None:
        twin = twin.exclude(pk=standard.pk)
    clash = twin.first()
    label = CondolenceOccasion(occasion).label
    if clash is not None:
        raise ValidationError(
            {
                "effective_from": _(
                    "%(org)s已有%(day)s执行的“%(occasion)s”慰问标准（上限 %(amount)s 元），同一事由同一执行日期"
                    "只能有一条标准；请修改那一条，或选用其他执行日期"
                )
                % {
                    "org": org.name,
                    "day": f"{effective_from:%Y年%-m月%-d日}",
                    "occasion": label,
                    "amount": clash.max_amount,
                }
            }
        )
    fields: dict[str, Any] = {
        "occasion": occasion,
        "max_amount": max_amount,
        "times_per_year": times_per_year,
        "effective_from": effective_from,
        "basis": basis.strip()[:200],
        "updated_by": actor,
    }
    before = None
    try:
        with transaction.atomic():
            if standard is None:
                standard = CondolenceStandard.objects.create(org=org, **fields)
            else:
                before = {
                    "occasion": standard.occasion,
                    "max_amount": str(standard.max_amount),
                    "times_per_year": standard.times_per_year,
                    "effective_from": str(standard.effective_from),
                    "basis": standard.basis,
                }
                for field, value in fields.items():
                    setattr(standard, field, value)
                standard.save(update_fields=[*fields, "updated_at"])
    except IntegrityError:  # a twin saved at the same moment
        raise ValidationError(
            {"effective_from": _("同一事由同一执行日期只能有一条慰问标准，请选用其他执行日期")}
        ) from None
    times = _("不限") if times_per_year is None else _("%(n)d 次") % {"n": times_per_year}
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("慰问标准 %(org)s “%(occasion)s” 上限 %(amount)s 元，每人每年%(times)s，%(day)s起执行")
        % {"org": org.name, "occasion": label, "amount": max_amount, "times": times, "day": effective_from},
        actor=actor,
        context=context,
        subject=standard,
        org_id=org.pk,
        detail={"before": before, "basis": fields["basis"]},
    )
    return standard


# --- payments -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitInput:
    """The visit a 慰问 came with (who visited, when, what was said and given)."""

    visited_on: dt.date
    visitors: str
    content: str = ""
    gifts: str = ""


def _check_standard(
    *, org: Org, member: Member, occasion: str, event_date: dt.date, amount: Decimal, note: str
) -> CondolenceStandard | None:
    standard = standard_for(org, occasion, event_date)
    label = CondolenceOccasion(occasion).label
    if standard is None:
        if occasion != CondolenceOccasion.OTHER:
            raise ValidationError(
                {
                    "occasion": _(
                        "%(org)s及上级工会在%(day)s没有执行中的“%(occasion)s”慰问标准，不能登记；"
                        "请先制定慰问标准"
                    )
                    % {"org": org.name, "day": f"{event_date:%Y年%-m月%-d日}", "occasion": label}
                }
            )
        if not note.strip():
            raise ValidationError(
                {"note": _("事由为“其他”且没有适用的慰问标准时，请在备注中写明慰问原因和依据")}
            )
        return None
    if amount > standard.max_amount:
        raise ValidationError(
            {
                "amount": _(
                    "超出慰问标准：%(org)s“%(occasion)s”慰问标准（%(day)s起执行%(basis)s）上限为 %(max)s 元，"
                    "本次 %(amount)s 元"
                )
                % {
                    "org": standard.org.name,
                    "occasion": label,
                    "day": f"{standard.effective_from:%Y年%-m月%-d日}",
                    "basis": f"，{standard.basis}" if standard.basis else "",
                    "max": standard.max_amount,
                    "amount": amount,
                }
            }
        )
    if standard.times_per_year is not None:
        used = times_used(org=org, member=member, occasion=occasion, year=event_date.year)
        if used >= standard.times_per_year:
            raise ValidationError(
                {
                    "occasion": _(
                        "超出慰问次数：%(org)s“%(occasion)s”慰问标准每人每年最多 %(limit)d 次，"
                        "%(name)s %(year)d 年已慰问 %(used)d 次"
                    )
                    % {
                        "org": standard.org.name,
                        "occasion": label,
                        "limit": standard.times_per_year,
                        "name": member.name,
                        "year": event_date.year,
                        "used": used,
                    }
                }
            )
    return standard


def _same_or_refused(existing: CondolencePayment, *, amount: Decimal, line: BudgetLine) -> CondolencePayment:
    label = existing.get_occasion_display()
    if payment_is_reversed(existing):
        raise ValidationError(
            {
                "event_date": _(
                    "%(name)s %(day)s 的“%(occasion)s”慰问已登记并已冲销；同一会员、事由和发生日期只能登记一次，"
                    "冲销的记录保留为历史"
                )
                % {"name": existing.member.name, "day": existing.event_date, "occasion": label}
            }
        )
    if existing.amount == amount and existing.budget_line_id == line.pk:
        return existing  # the same submission again (a double click): paid once
    raise ValidationError(
        {
            "event_date": _(
                "%(name)s %(day)s 的“%(occasion)s”慰问已登记（%(amount)s 元），同一会员、事由和发生日期只发放一次；"
                "金额有误请先冲销原记录"
            )
            % {
                "name": existing.member.name,
                "day": existing.event_date,
                "occasion": label,
                "amount": existing.amount,
            }
        }
    )


def _record_visit(
    *, payment: CondolencePayment, actor: Any, visit: VisitInput, context: AuditContext | None
) -> Visit:
    recorded = visit_record(
        owner=payment,
        actor=actor,
        visited_on=visit.visited_on,
        occasion=visit_occasion_for(payment.occasion),
        visitors=visit.visitors,
        content=visit.content,
        gifts=visit.gifts,
        member=payment.member,
        context=context,
    )
    payment.visit = recorded
    payment.save(update_fields=["visit", "updated_at"])
    timeline_record(
        subject=payment,
        actor=actor,
        action="visit",
        action_label=_("登记走访"),
        note=_("%(on)s %(who)s 走访")
        % {"on": f"{visit.visited_on:%Y年%-m月%-d日}", "who": recorded.visitors},
    )
    return recorded


@transaction.atomic
def condolence_pay(
    *,
    actor: Any,
    org: Org,
    member: Member,
    occasion: str,
    event_date: dt.date,
    amount: Decimal,
    budget_line: BudgetLine,
    note: str = "",
    visit: VisitInput | None = None,
    context: AuditContext | None = None,
) -> CondolencePayment:
    """Enter and pay one 慰问 of `member` (of `org`'s subtree) by `org` from `budget_line` (a line of `org`'s
    funds), checked against the applicable standard; with `visit`, its visit is recorded in the same transaction.
    Needs `welfare.care_manage` on `org` and `ledger.manage` on the fund's union (checked by `ledger_pay`). The
    same member, occasion and event date again returns the first payment (same amount and line) or is refused."""
    if not has_action(actor, CARE_MANAGE, org):
        raise PermissionDenied(_("无权为该工会登记慰问"))
    if occasion not in CondolenceOccasion.values:
        raise ValidationError({"occasion": _("请选择慰问事由")})
    if event_date is None:
        raise ValidationError({"event_date": _("请填写事由发生日期")})
    if event_date > timezone.localdate():
        raise ValidationError({"event_date": _("事由发生日期不能晚于今天")})
    amount = _money(amount, "amount", _("慰问金额"))
    note = note.strip()[:200]
    # the member's row lock serialises two entries for the same member (the times-per-year count)
    member = lock(Member, related=("org",), pk=member.pk)
    if not member.org.path.startswith(org.path):
        raise ValidationError(
            {"member": _("%(name)s不是%(org)s的会员") % {"name": member.name, "org": org.name}}
        )
    line = BudgetLine.objects.select_related("fund__org").get(pk=budget_line.pk)
    if line.fund.org_id != org.pk:
        raise ValidationError({"budget_line": _("请选择%(org)s经费中的预算科目") % {"org": org.name}})
    existing = (
        CondolencePayment.objects.filter(org=org, member=member, occasion=occasion, event_date=event_date)
        .select_related("member")
        .first()
    )
    if existing is not None:
        return _same_or_refused(existing, amount=amount, line=line)
    standard = _check_standard(
        org=org, member=member, occasion=occasion, event_date=event_date, amount=amount, note=note
    )
    try:
        with transaction.atomic():
            payment = CondolencePayment.objects.create(
                org=org,
                member=member,
                occasion=occasion,
                event_date=event_date,
                amount=amount,
                standard=standard,
                budget_line=line,
                note=note,
                recorded_by=actor,
            )
    except IntegrityError:  # a twin committed while this call waited
        twin = CondolencePayment.objects.select_related("member").get(
            org=org, member=member, occasion=occasion, event_date=event_date
        )
        return _same_or_refused(twin, amount=amount, line=line)
    entry = ledger_pay(
        budget_line=line,
        amount=amount,
        payee_name=member.name,
        payee_member=member,
        idempotency_key=condolence_key(org=org, member=member, occasion=occasion, event_date=event_date),
        purpose=LEDGER_PURPOSE,
        owner=payment,
        actor=actor,
        context=context,
    )
    payment.ledger_entry = entry
    payment.save(update_fields=["ledger_entry", "updated_at"])
    standard_note = (
        _("按%(org)s标准（上限 %(max)s 元）") % {"org": standard.org.name, "max": standard.max_amount}
        if standard is not None
        else _("无适用标准（其他）")
    )
    timeline_record(
        subject=payment,
        actor=actor,
        action="pay",
        action_label=_("登记并支付"),
        note=f"{payment.get_occasion_display()} · {amount} 元 · {standard_note}",
    )
    if visit is not None:
        _record_visit(payment=payment, actor=actor, visit=visit, context=context)
    if member.user is not None:
        notify(
            recipients=[member.user],
            title=_("%(org)s慰问金已发放") % {"org": org.name},
            body=_("%(org)s向您发放%(occasion)s慰问金 %(amount)s 元")
            % {
                "org": org.name,
                "occasion": payment.get_occasion_display(),
                "amount": amount,
            },
            url=reverse("welfare_portal:condolence_receipt", args=[payment.public_id]),
            category=NOTIFY_CATEGORY,
        )
    return payment


@transaction.atomic
def condolence_reverse(
    *, payment: CondolencePayment, actor: Any, reason: str, context: AuditContext | None = None
) -> CondolencePayment:
    """Correct a payment: its ledger entry is reversed (`ledger_reverse`, which needs `ledger.manage` and the
    reason); the payment stays, shown as 已冲销. Needs `welfare.care_manage` on the paying union."""
    payment = lock(CondolencePayment, related=("org", "member"), pk=payment.pk)
    if not has_action(actor, CARE_MANAGE, payment.org):
        raise PermissionDenied(_("无权冲销该工会的慰问登记"))
    if payment.ledger_entry is None:
        raise ValidationError({"reason": _("该慰问没有台账支付记录，无需冲销")})
    if payment_is_reversed(payment):
        raise ValidationError({"reason": _("该慰问已冲销")})
    reversal = ledger_reverse(entry=payment.ledger_entry, reason=reason, actor=actor, context=context)
    timeline_record(
        subject=payment,
        actor=actor,
        action="reverse",
        action_label=_("冲销"),
        note=_("冲销 %(amount)s 元：%(reason)s") % {"amount": payment.amount, "reason": reversal.reason},
    )
    return payment


@transaction.atomic
def condolence_visit_record(
    *,
    payment: CondolencePayment,
    actor: Any,
    visit: VisitInput,
    context: AuditContext | None = None,
) -> Visit:
    """Record the visit of a payment (one per payment) through the visits block; needs `welfare.care_manage` on
    the paying union (the owner kind's `can_manage`)."""
    payment = lock(CondolencePayment, related=("org", "member"), pk=payment.pk)
    if not has_action(actor, CARE_MANAGE, payment.org):
        raise PermissionDenied(_("无权登记该慰问的走访"))
    if payment.visit_id is not None:
        raise ValidationError(_("该慰问已登记走访"))
    return _record_visit(payment=payment, actor=actor, visit=visit, context=context)


def condolence_export(
    *, actor: Any, filters: PaymentFilters, context: AuditContext | None = None
) -> tuple[bytes, str]:
    """The filtered payments as xlsx with the members' names: audited; the view must be a `sensitive_response`."""
    payments = payment_list_for_user(actor, filters).order_by("event_date", "pk")
    content, count = condolence_workbook(payments.iterator(chunk_size=500))
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出慰问登记（%(n)s 条，含会员姓名）") % {"n": count},
        actor=actor,
        context=context,
        detail={"rows": count, "filters": {k: v for k, v in vars(filters).items() if v}},
    )
    return content, f"慰问登记-{timezone.localdate():%Y%m%d}.xlsx"
