"""Payment person by person through the ledger (one live entry per person), the bank's payment file, the
bank's answers, 冲销."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.audit import AuditContext
from gonghui.core.locking import lock
from gonghui.ledger.choices import PaymentStatus
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.permissions import can_manage_ledger
from gonghui.ledger.selectors import payee_latest_entry
from gonghui.ledger.services import (
    ledger_entries_export,
    ledger_pay,
    ledger_result_record,
    ledger_results_read,
    ledger_reverse,
    payment_layouts,
)
from gonghui.members.models import Member
from gonghui.notifications.services import notify

from ...choices import CampaignAction, CampaignStatus, RecipientStatus
from ...models import ReliefCampaign, ReliefRecipient
from .common import (
    PAID_STATUSES,
    REASON_MAX,
    event,
    is_live,
    relief_key,
    require_manage,
    require_status,
)

CARD_BANK_NAME = "工会会员服务卡"
CARD_ACCOUNT = re.compile(r"^\d{8,32}$")


def _bank_account(actor: Any, member: Member) -> tuple[str, str]:
    """The member's account: the latest live ledger payment's (as 帮扶救助 does), else the number of the member's
    工会会员服务卡 (made by the bank: a debit card) when it is one, else none (the bank file then shows the person
    without an account, and the campaign page says how many)."""
    latest = payee_latest_entry(actor, member)
    if latest is not None:
        return latest.bank_name, decrypt_identifier(latest.bank_account_encrypted)
    card = re.sub(r"[\s-]", "", member.card_number or "")
    if CARD_ACCOUNT.match(card):
        return CARD_BANK_NAME, card
    return "", ""


def _pay(recipient_id: int, actor: Any, context: AuditContext | None) -> tuple[ReliefRecipient, bool]:
    """Pay one person (inside the caller's transaction); True when this call paid, False when a live entry was
    already there."""
    recipient = lock(
        ReliefRecipient,
        related=("campaign__org", "campaign__budget_line__fund__org", "member__user"),
        pk=recipient_id,
    )
    if is_live(recipient.ledger_entry_id):
        return recipient, False
    campaign = recipient.campaign
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.APPROVED, doing=_("发放"))
    if recipient.status != RecipientStatus.PENDING:
        raise ValidationError(
            _("%(name)s当前为“%(s)s”，不能发放")
            % {"name": recipient.member.name, "s": recipient.get_status_display()}
        )
    member = recipient.member
    bank_name, bank_account = _bank_account(actor, member)
    try:
        entry = ledger_pay(
            budget_line=campaign.budget_line,
            amount=recipient.amount,
            payee_name=member.name,
            payee_member=member,
            idempotency_key=relief_key(campaign, member, recipient.attempt),
            owner=recipient,
            purpose=campaign.name,
            bank_name=bank_name,
            bank_account=bank_account,
            actor=actor,
            context=context,
        )
    except ValidationError as exc:
        raise ValidationError(
            _("%(name)s（%(amount)s 元）未能发放：%(why)s")
            % {"name": member.name, "amount": recipient.amount, "why": "；".join(exc.messages)}
        ) from None
    recipient.ledger_entry = entry
    recipient.status = RecipientStatus.PAID
    recipient.paid_at = timezone.now()
    recipient.save(update_fields=["ledger_entry", "status", "paid_at", "updated_at"])
    if member.user is not None:
        notify(
            recipients=[member.user],
            title=_("慰问金已发放"),
            body=_("%(campaign)s：%(amount)s 元已发放，到账时间以银行为准")
            % {"campaign": campaign.name, "amount": recipient.amount},
            url=reverse("welfare_portal:relief_receipt", args=[recipient.public_id]),
            category="welfare",
        )
    return recipient, True


@transaction.atomic
def relief_pay_one(
    *, recipient: ReliefRecipient, actor: Any, context: AuditContext | None = None
) -> ReliefRecipient:
    """Pay one person of an APPROVED campaign, exactly once: the row lock, then nothing when a live entry is there,
    else `ledger_pay` under the person's current attempt key; an overspend leaves nothing written."""
    return _pay(recipient.pk, actor, context)[0]


@dataclass
class PayReport:
    paid: int = 0
    amount: Decimal = Decimal("0.00")
    already: int = 0
    error: str = ""


def relief_pay_all(*, campaign: ReliefCampaign, actor: Any, context: AuditContext | None = None) -> PayReport:
    """发放: pay every 待发放 person of an APPROVED campaign, each in a transaction of its own. Stops at the first
    refusal (an overspend, say) and reports it; those already paid stay paid. Safe to run twice or at once."""
    campaign = ReliefCampaign.objects.select_related("org", "budget_line__fund__org").get(pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.APPROVED, doing=_("发放"))
    if not can_manage_ledger(actor, campaign.budget_line.fund.org):
        raise PermissionDenied(_("发放须有资金来源所属工会的资金台账管理权限"))
    report = PayReport()
    ids = list(
        campaign.recipients.filter(status=RecipientStatus.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    for pk in ids:
        try:
            with transaction.atomic():
                recipient, paid = _pay(pk, actor, context)
        except ValidationError as exc:
            report.error = "；".join(exc.messages)
            break
        if paid:
            report.paid += 1
            report.amount += recipient.amount
        else:
            report.already += 1
    if report.paid or report.error:
        with transaction.atomic():
            note = _("本次发放 %(n)d 人，%(amount)s 元") % {"n": report.paid, "amount": report.amount}
            if report.error:
                note += _("；发放中止：%(e)s") % {"e": report.error}
            event(campaign, actor, CampaignAction.PAY, before=campaign.status, note=note)
    return report


# --- the bank file and the bank's answers -----------------------------------------------------------------------


def _entries(campaign: ReliefCampaign) -> QuerySet[LedgerEntry]:
    """The ledger entries owned by the campaign's people (every attempt's, reversals included)."""
    return LedgerEntry.objects.filter(
        owner_type=ContentType.objects.get_for_model(ReliefRecipient),
        owner_id__in=[str(pk) for pk in campaign.recipients.values_list("pk", flat=True)],
    )


def relief_bank_file(
    *, campaign: ReliefCampaign, actor: Any, layout: str = "", context: AuditContext | None = None
) -> tuple[bytes, str]:
    """The bank's payment file of the campaign: its people's live entries awaiting the bank (已发放, no answer
    yet), in a payment layout of the ledger (`payment_layouts`), written by `ledger_entries_export` (full
    accounts: `ledger.manage` and `ledger.reveal` on the fund's union; audited; its view must be a
    `sensitive_response`)."""
    campaign = ReliefCampaign.objects.select_related("org", "budget_line__fund__org").get(pk=campaign.pk)
    require_manage(actor, campaign)
    layouts = {item.key: item for item in payment_layouts()}
    chosen = layouts.get(layout) or next(iter(layouts.values()))
    awaiting = campaign.recipients.filter(status=RecipientStatus.PAID, ledger_entry__isnull=False)
    with transaction.atomic():
        payment_file = ledger_entries_export(
            org=campaign.budget_line.fund.org,
            entries=_entries(campaign).filter(pk__in=awaiting.values("ledger_entry")),
            actor=actor,
            subject=campaign,
            label=_("送温暖慰问活动“%(name)s”") % {"name": campaign.name},
            columns=chosen.columns,
            detail={"layout": chosen.key},
            context=context,
        )
        if not payment_file.rows:  # the export's audit row goes back with this refusal
            raise ValidationError(_("没有待银行处理的发放记录（已发放且尚无银行结果的人员）"))
        event(
            campaign,
            actor,
            CampaignAction.EXPORT,
            before=campaign.status,
            note=_("%(n)d 笔，格式：%(layout)s") % {"n": payment_file.rows, "layout": chosen.name},
        )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return payment_file.content, f"{campaign.name}-银行批量文件-{stamp}.xlsx"


@dataclass
class ResultsReport:
    confirmed: int = 0
    failed: int = 0
    unchanged: int = 0


@transaction.atomic
def relief_results_record(
    *,
    campaign: ReliefCampaign,
    actor: Any,
    answers: Iterable[tuple[str, str, str]],
    context: AuditContext | None = None,
) -> ResultsReport:
    """Record the bank's answers (key, `PaymentStatus`, reason) for the campaign's people: 已到账 or 支付失败. An
    answer a person already has changes nothing; an answer for an entry since reversed is ignored. Nothing is paid
    here."""
    campaign = lock(ReliefCampaign, related=("org", "budget_line__fund__org"), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.APPROVED, CampaignStatus.CLOSED, doing=_("导入银行结果"))
    report = ResultsReport()
    answers = list(answers)
    entries = {
        e.idempotency_key: e
        for e in LedgerEntry.objects.filter(
            idempotency_key__in=[key for key, _s, _r in answers], reverses__isnull=True
        ).select_related("owner_type")
    }
    unknown = [key for key, _s, _r in answers if key not in entries]
    if unknown:
        raise ValidationError({"file": _("业务编号不是本活动的发放：%(k)s") % {"k": "、".join(unknown[:5])}})
    for key, status, reason in answers:
        entry = entries[key]
        if entry.owner_type is None or entry.owner_type.model != "reliefrecipient":
            raise ValidationError({"file": _("业务编号“%(k)s”不是本活动的发放") % {"k": key}})
        recipient = lock(ReliefRecipient, related=("member",), pk=int(entry.owner_id))
        if recipient.campaign_id != campaign.pk:
            raise ValidationError({"file": _("业务编号“%(k)s”不是本活动的发放") % {"k": key}})
        target = RecipientStatus.CONFIRMED if status == PaymentStatus.PAID else RecipientStatus.FAILED
        if recipient.ledger_entry_id != entry.pk or not is_live(entry.pk) or recipient.status == target:
            report.unchanged += 1
            continue
        ledger_result_record(
            entry=entry, status=PaymentStatus(status), reason=reason, actor=actor, context=context
        )
        recipient.status = target
        recipient.note = reason[:REASON_MAX] if target == RecipientStatus.FAILED else recipient.note
        recipient.save(update_fields=["status", "note", "updated_at"])
        if target == RecipientStatus.CONFIRMED:
            report.confirmed += 1
        else:
            report.failed += 1
    event(
        campaign,
        actor,
        CampaignAction.RESULTS,
        before=campaign.status,
        note=_("到账 %(c)d 人，失败 %(f)d 人，无变化 %(u)d 人")
        % {"c": report.confirmed, "f": report.failed, "u": report.unchanged},
    )
    return report


@transaction.atomic
def relief_results_import(
    *, campaign: ReliefCampaign, actor: Any, content: bytes, context: AuditContext | None = None
) -> ResultsReport:
    """The bank's answer file (业务编号, 结果 成功/失败, 失败原因; the ledger's result columns) for this campaign's
    payments, read by the ledger (`ledger_results_read`). All or nothing: a key not of this campaign, an unknown
    result or a failure without a reason refuses the file, every bad row named. Imported again, the file changes nothing and pays nobody."""
    answers = ledger_results_read(entries=_entries(campaign), data=content, scope=_("本活动的发放"))
    return relief_results_record(
        campaign=campaign,
        actor=actor,
        answers=[(answer.entry.idempotency_key, answer.status, answer.reason) for answer in answers],
        context=context,
    )


# --- corrections and the end ------------------------------------------------------------------------------------


@transaction.atomic
def relief_reverse(
    *, recipient: ReliefRecipient, actor: Any, reason: str, context: AuditContext | None = None
) -> ReliefRecipient:
    """冲销 a person's payment (已发放, 已到账 or 支付失败) with `ledger_reverse`: the attempt moves on, and the person is
    待发放 again while the campaign is 发放中 (paid under the new key), else 已冲销."""
    recipient = lock(ReliefRecipient, related=("campaign__org", "member", "ledger_entry"), pk=recipient.pk)
    campaign = recipient.campaign
    require_manage(actor, campaign)
    if recipient.status not in PAID_STATUSES or not is_live(recipient.ledger_entry_id):
        raise ValidationError(
            _("%(name)s当前为“%(s)s”，没有可冲销的发放")
            % {"name": recipient.member.name, "s": recipient.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲销原因")})
    entry = recipient.ledger_entry
    assert entry is not None  # noqa: S101 - checked by is_live above
    ledger_reverse(entry=entry, reason=reason, actor=actor, context=context)
    recipient.attempt += 1
    recipient.status = (
        RecipientStatus.PENDING if campaign.status == CampaignStatus.APPROVED else RecipientStatus.REVERSED
    )
    recipient.note = reason[:REASON_MAX]
    recipient.save(update_fields=["attempt", "status", "note", "updated_at"])
    event(
        campaign,
        actor,
        CampaignAction.REVERSE,
        before=campaign.status,
        note=_("%(name)s %(amount)s 元：%(reason)s")
        % {"name": recipient.member.name, "amount": entry.amount, "reason": reason},
    )
    return recipient
