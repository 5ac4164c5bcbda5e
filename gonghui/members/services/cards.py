"""Writes of member cards (会员卡).

A member applies in the portal, or a union applies in bulk for its members; a union gathers applied applications of
its subtree into a batch, exports the batch in the bank's template and marks it sent; the bank's result file sets
the card numbers; the union hands the cards out.

    已申请 ──加入批次──▶ 已报送银行 ──银行回盘──▶ 已制卡 ──领取──▶ 已领取
      ▲  (editable)        │ (draft batch only)          └──────┬──────┘
      └──────移出批次───────┘                                  挂失 ▼
                                                            已挂失 ──补办──▶ a new application (kind 补办)

Batches: 待报送 ──报送银行──▶ 已报送银行 ──导入回盘──▶ 银行已回盘 (further result files may follow)."""

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import (
    decrypt_identifier,
    identifier_hash,
    mask_identifier,
    normalize_identifier,
)
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.errors import validation_error_text
from gonghui.core.excel import (
    Column,
    RowError,
    SheetSpec,
    SpreadsheetError,
    cell_text,
    read_records,
    write_workbook,
)
from gonghui.core.locking import lock
from gonghui.core.models import AuditAction
from gonghui.core.numbering import case_number, number_next
from gonghui.core.timeline import timeline_record
from gonghui.core.workflow import Transition, Workflow
from gonghui.notifications.services import notify

from ..choices import (
    CARD_HELD_STATUSES,
    HOLDING_STATUSES,
    OPEN_STATUSES,
    BankTemplateKind,
    CardAction,
    CardBatchAction,
    CardBatchStatus,
    CardHandlingAction,
    CardKind,
    CardStatus,
)
from ..models import CardApplication, CardBankTemplate, CardBatch, Member
from ..permissions import (
    can_export_batch,
    can_handle_own_card,
    can_manage_batch,
    can_manage_card,
    can_manage_member,
    can_manage_members,
    is_own_member,
)
from ..selectors.cards import card_batch_applications, card_batch_candidates
from ..selectors.portal import request_reference
from .card_templates import card_bank_template_default, card_batch_columns

# what the services read from a locked row, joined in the locking statement
_BATCH_JOINS = ("org",)
_APPLICATION_JOINS = ("member", "org")
BATCH_SERIES = "会员卡批次"

card_workflow = Workflow(
    state_field="status",
    state_enum=CardStatus,
    transitions=(
        Transition(
            action=CardAction.BATCH,
            sources=frozenset({CardStatus.APPLIED}),
            target=CardStatus.SENT_TO_BANK,
            allowed=can_manage_card,
        ),
        Transition(
            action=CardHandlingAction.UNBATCH,
            sources=frozenset({CardStatus.SENT_TO_BANK}),
            target=CardStatus.APPLIED,
            allowed=can_manage_card,
        ),
        Transition(
            action=CardAction.MADE,
            sources=frozenset({CardStatus.SENT_TO_BANK}),
            target=CardStatus.MADE,
            allowed=can_manage_card,
        ),
        Transition(
            action=CardAction.COLLECT,
            sources=frozenset({CardStatus.MADE}),
            target=CardStatus.COLLECTED,
            allowed=can_manage_card,
        ),
        Transition(
            action=CardAction.REPORT_LOST,
            sources=frozenset({CardStatus.MADE, CardStatus.COLLECTED}),
            target=CardStatus.LOST,
            allowed=can_handle_own_card,
        ),
        # 修改申请信息 (领卡地址, 备注) until the union puts the application into a batch; the state stays
        Transition(
            action=CardHandlingAction.EDIT,
            sources=frozenset({CardStatus.APPLIED}),
            target=CardStatus.APPLIED,
            allowed=can_handle_own_card,
        ),
        # 补办: a held card is reported lost first, then a new application of kind 补办 follows (the old one
        # stays 已挂失); only a member who still holds membership
        Transition(
            action=CardAction.REISSUE,
            sources=frozenset({CardStatus.MADE, CardStatus.COLLECTED, CardStatus.LOST}),
            target=CardStatus.LOST,
            allowed=lambda actor, application: (
                can_handle_own_card(actor, application) and application.member.status in HOLDING_STATUSES
            ),
        ),
    ),
)

batch_workflow = Workflow(
    state_field="status",
    state_enum=CardBatchStatus,
    transitions=(
        Transition(
            action=CardBatchAction.SEND,
            sources=frozenset({CardBatchStatus.DRAFT}),
            target=CardBatchStatus.SENT,
            allowed=can_manage_batch,
        ),
        Transition(
            action=CardBatchAction.RETURN,
            sources=frozenset({CardBatchStatus.SENT}),
            target=CardBatchStatus.RETURNED,
            allowed=can_manage_batch,
        ),
    ),
)


def _card_event(
    application: CardApplication,
    *,
    actor: Actor,
    action: models.TextChoices,
    note: str = "",
    from_state: str = "",
    to_state: str = "",
) -> None:
    timeline_record(
        subject=application,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def _batch_event(batch: CardBatch, *, actor: Actor, action: CardBatchAction, note: str = "") -> None:
    timeline_record(
        subject=batch,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        to_state=batch.status,
        note=note,
    )


def _check_may_apply(member: Member, actor: Actor) -> None:
    if not (is_own_member(actor, member) or can_manage_member(actor, member)):
        raise PermissionDenied
    if member.status not in HOLDING_STATUSES:
        raise ValidationError(_("%(name)s 不是在籍会员，不能申请会员卡") % {"name": member.name})
    mine = CardApplication.objects.filter(member=member)
    if mine.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("%(name)s 已有办理中的会员卡申请") % {"name": member.name})
    if member.card_number or mine.filter(status__in=CARD_HELD_STATUSES).exists():
        raise ValidationError(_("%(name)s 已办理会员卡；如卡片遗失，请先挂失再补办") % {"name": member.name})


@transaction.atomic
def card_apply(*, member: Member, actor: Actor, mailing_address: str = "", note: str = "") -> CardApplication:
    """A card application for one member, by the member (portal) or by their union. After a lost card the
    new application is a 补办 (reissue)."""
    _check_may_apply(member, actor)
    lost = CardApplication.objects.filter(member=member, status=CardStatus.LOST).exists()
    application = CardApplication(
        member=member,
        org=member.org,
        kind=CardKind.REISSUE if lost else CardKind.NEW,
        status=CardStatus.APPLIED,
        mailing_address=mailing_address.strip(),
        note=note.strip(),
        applied_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    application.full_clean(exclude=["member", "org", "applied_by", "batch"], validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("%(name)s 已有办理中的会员卡申请") % {"name": member.name}) from None
    own = is_own_member(actor, member)
    who = "会员本人申请" if own else "工会代为申请"
    _card_event(
        application,
        actor=actor,
        action=CardAction.REISSUE if lost else CardAction.APPLY,
        to_state=CardStatus.APPLIED,
        note=f"{who}（{application.get_kind_display()}）",
    )
    if own:
        # the receipt of the member's own application, in 消息 (inbox only)
        notify(
            recipients=[actor],
            title=_("已收到您的会员卡%(kind)s申请") % {"kind": application.get_kind_display()},
            body=_("编号%(ref)s。%(org)s将统一报送银行制卡，制好后请到工会领取，进度可在“我的办理”中查看。")
            % {"ref": request_reference(application), "org": member.org.name},
            url=reverse("members:card_mine"),
            category="members.card",
        )
    return application


@dataclass
class CardBulkResult:
    created: list[CardApplication] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (member name, reason)


@transaction.atomic
def card_apply_bulk(*, members: Iterable[Member], actor: Actor, mailing_address: str = "") -> CardBulkResult:
    """Applications for many members at once; a member who cannot apply is skipped with the reason."""
    result = CardBulkResult()
    for member in members:
        if not can_manage_member(actor, member):
            raise PermissionDenied
        try:
            with transaction.atomic():
                result.created.append(card_apply(member=member, actor=actor, mailing_address=mailing_address))
        except ValidationError as exc:
            result.skipped.append((member.name, validation_error_text(exc)))
    return result


@transaction.atomic
def card_application_update(
    *, application: CardApplication, actor: Actor, mailing_address: str, note: str
) -> CardApplication:
    """Change the mailing address and note; allowed until the application is put into a batch."""
    if not can_handle_own_card(actor, application):
        raise PermissionDenied
    locked = lock(CardApplication, pk=application.pk, related=_APPLICATION_JOINS)
    card_workflow.check(locked, action=CardHandlingAction.EDIT, actor=actor)
    changes = {"mailing_address": mailing_address.strip(), "note": note.strip()}
    labels = {"mailing_address": "领卡地址", "note": "备注"}
    changed = [labels[name] for name, value in changes.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["member", "org", "applied_by", "batch"], validate_constraints=False)
    locked.save(update_fields=[*changes, "updated_at"])
    _card_event(locked, actor=actor, action=CardHandlingAction.EDIT, note="修改了：" + "、".join(changed))
    return locked


@transaction.atomic
def card_collect(*, application: CardApplication, actor: Actor) -> CardApplication:
    locked = lock(CardApplication, pk=application.pk, related=_APPLICATION_JOINS)
    card_workflow.apply(locked, action=CardAction.COLLECT, actor=actor, note=f"卡号 {locked.card_number}")
    return locked


@transaction.atomic
def card_collect_many(*, applications: Iterable[CardApplication], actor: Actor) -> int:
    """Mark many made cards collected; all or nothing."""
    count = 0
    for application in applications:
        card_collect(application=application, actor=actor)
        count += 1
    return count


@transaction.atomic
def card_report_lost(*, application: CardApplication, actor: Actor, note: str = "") -> CardApplication:
    """The card is lost: the application becomes 已挂失 and the member's card number is cleared."""
    locked = lock(CardApplication, pk=application.pk, related=_APPLICATION_JOINS)
    card_workflow.apply(locked, action=CardAction.REPORT_LOST, actor=actor, note=note.strip())
    member = lock(Member, pk=locked.member_id)
    if member.card_number and member.card_number == locked.card_number:
        member.card_number = ""
        member.save(update_fields=["card_number", "updated_at"])
    locked.member.card_number = member.card_number
    return locked


@transaction.atomic
def card_reissue(
    *, application: CardApplication, actor: Actor, mailing_address: str = "", note: str = ""
) -> CardApplication:
    """补办: a new application of kind 补办 for a lost card (a made or collected card is reported lost first).
    Refused as the workflow table says (state, or an actor who is neither the member nor their union); a member
    who no longer holds membership is told so."""
    if not can_handle_own_card(actor, application):
        raise PermissionDenied
    member = Member.objects.select_related("org").get(pk=application.member_id)
    if member.status not in HOLDING_STATUSES:
        raise ValidationError(_("%(name)s 不是在籍会员，不能补办会员卡") % {"name": member.name})
    application.member = member
    card_workflow.check(application, action=CardAction.REISSUE, actor=actor)
    if card_workflow.can(application, CardAction.REPORT_LOST, actor):
        application = card_report_lost(application=application, actor=actor, note=note)
        member.card_number = application.member.card_number  # cleared by the report
    fresh = card_apply(member=member, actor=actor, mailing_address=mailing_address, note=note)
    _card_event(application, actor=actor, action=CardAction.REISSUE, note="已提交补办申请")
    return fresh


@transaction.atomic
def card_batch_create(*, org: Any, actor: Actor, bank_template: CardBankTemplate | None = None) -> CardBatch:
    if not can_manage_members(actor, org):
        raise PermissionDenied
    if bank_template is not None and bank_template.kind != BankTemplateKind.CARD:
        raise ValidationError({"bank_template": _("请选择制卡模板（代发模板用于资金发放）")})
    year = timezone.localdate().year
    number = number_next(issuer_id=org.pk, series=BATCH_SERIES, year=year)
    batch = CardBatch.objects.create(
        org=org,
        number=case_number(f"{org.code}-HYK", year, number, width=3),
        bank_template=bank_template or card_bank_template_default(),
    )
    _batch_event(batch, actor=actor, action=CardBatchAction.CREATE, note=f"银行模板：{batch.bank_template}")
    return batch


def _require_draft(batch: CardBatch) -> None:
    if batch.status != CardBatchStatus.DRAFT:
        raise ValidationError(_("批次已报送银行，不能再调整其中的申请"))


@transaction.atomic
def card_batch_add(*, batch: CardBatch, applications: Iterable[CardApplication], actor: Actor) -> int:
    """Put applied applications of the batch union's subtree into the draft batch (已报送银行, no longer
    editable). All or nothing."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied
    locked_batch = lock(CardBatch, pk=batch.pk, related=_BATCH_JOINS)
    _require_draft(locked_batch)
    wanted = [a.pk for a in applications]
    rows = list(
        CardApplication.objects.select_for_update()
        .filter(pk__in=wanted)
        .select_related("member", "org")
        .order_by("id")
    )
    for application in rows:
        if not application.org.path.startswith(locked_batch.org.path):
            raise ValidationError(
                _("%(name)s 的申请不属于 %(org)s 及其下级工会")
                % {"name": application.member.name, "org": locked_batch.org.name}
            )
        if application.status != CardStatus.APPLIED or application.batch_id is not None:
            raise ValidationError(
                _("%(name)s 的申请当前为“%(status)s”，不能加入批次")
                % {"name": application.member.name, "status": application.get_status_display()}
            )
        application.batch = locked_batch
        card_workflow.apply(
            application,
            action=CardAction.BATCH,
            actor=actor,
            note=f"加入批次 {locked_batch.number}",
            update_fields=["batch"],
        )
    if rows:
        _batch_event(locked_batch, actor=actor, action=CardBatchAction.ADD, note=f"加入 {len(rows)} 份申请")
    return len(rows)


@transaction.atomic
def card_batch_add_all(*, batch: CardBatch, actor: Actor) -> int:
    """全部加入: every application still waiting in the subtree. They are read under a row lock, and PostgreSQL
    re-checks a locked row against the filter once a concurrent 全部加入 (a double click, another draft batch of
    the same union) commits: rows it took drop out, so each application lands in one batch and the later click
    adds none instead of failing on the first name."""
    waiting = (
        card_batch_candidates(batch=batch)
        .select_for_update(of=("self",))
        .order_by("id")
        .values_list("pk", flat=True)
    )
    applications = list(CardApplication.objects.filter(pk__in=list(waiting)))
    return card_batch_add(batch=batch, applications=applications, actor=actor)


@transaction.atomic
def card_batch_remove(*, batch: CardBatch, application: CardApplication, actor: Actor) -> CardApplication:
    if not can_manage_batch(actor, batch):
        raise PermissionDenied
    locked_batch = lock(CardBatch, pk=batch.pk, related=_BATCH_JOINS)
    _require_draft(locked_batch)
    locked = lock(CardApplication, pk=application.pk, related=_APPLICATION_JOINS)
    if locked.batch_id != locked_batch.pk:
        raise ValidationError(_("该申请不在本批次中"))
    locked.batch = None
    card_workflow.apply(
        locked,
        action=CardHandlingAction.UNBATCH,
        actor=actor,
        note=f"移出批次 {locked_batch.number}",
        update_fields=["batch"],
    )
    _batch_event(
        locked_batch,
        actor=actor,
        action=CardBatchAction.REMOVE,
        note=f"移出 {application.member.name} 的申请",
    )
    return locked


@transaction.atomic
def card_batch_send(*, batch: CardBatch, actor: Actor) -> CardBatch:
    locked = lock(CardBatch, pk=batch.pk, related=_BATCH_JOINS)
    if locked.status == CardBatchStatus.DRAFT and not locked.applications.exists():
        raise ValidationError(_("批次中还没有申请，不能报送"))
    locked.sent_on = timezone.localdate()
    count = locked.applications.count()
    batch_workflow.apply(
        locked,
        action=CardBatchAction.SEND,
        actor=actor,
        note=f"共 {count} 份申请",
        update_fields=["sent_on"],
    )
    return locked


def _export_value(key: str, application: CardApplication, index: int, batch: CardBatch) -> Any:
    member = application.member
    org = application.org
    match key:
        case "sequence":
            return index
        case "name":
            return member.name
        case "gender":
            return member.get_gender_display()
        case "id_type":
            return member.get_id_type_display()
        case "id_number":
            return decrypt_identifier(member.id_number_encrypted)
        case "birth_date":
            return member.birth_date.isoformat() if member.birth_date else ""
        case "phone":
            return member.phone
        case "unit_name":
            return org.unit_name or org.name
        case "org_name":
            return org.name
        case "org_code":
            return org.code
        case "member_number":
            return member.member_number or ""
        case "mailing_address":
            return application.mailing_address or org.address
        case "kind":
            return application.get_kind_display()
        case "note":
            return application.note
        case "batch_number":
            return batch.number
    return ""


@transaction.atomic
def card_batch_export(*, batch: CardBatch, actor: Actor, context: AuditContext | None = None) -> bytes:
    """The batch in the bank's template (xlsx). It carries unmasked ID numbers and phones for the bank, so
    it needs members.reveal on the batch's union and is audited."""
    if not can_export_batch(actor, batch):
        raise PermissionDenied
    columns = card_batch_columns(batch)
    applications = list(card_batch_applications(batch=batch))
    rows = [
        [_export_value(c["field"], application, index, batch) for c in columns]
        for index, application in enumerate(applications, start=1)
    ]
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [SheetSpec(name=batch.number, headers=[c["header"] for c in columns], rows=rows)],
    )
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=batch,
        org_id=batch.org_id,
        summary=f"导出会员卡批次 {batch.number} 的银行制卡文件（{len(rows)} 人，含完整证件号码）",
        detail={"rows": len(rows), "template": str(batch.bank_template or ""), "unmasked": True},
    )
    _batch_event(batch, actor=actor, action=CardBatchAction.EXPORT, note=f"{len(rows)} 人")
    return buffer.getvalue()


RESULT_COLUMNS = (
    Column(
        "id_number",
        "证件号码",
        aliases=("身份证号", "身份证号码", "公民身份号码", "证件号", "身份证", "客户证件号码"),
        required=True,
    ),
    Column(
        "card_number",
        "卡号",
        aliases=("会员卡号", "银行卡号", "卡号码", "制卡卡号", "卡片号码"),
        required=True,
    ),
    Column("name", "姓名", aliases=("客户姓名", "户名")),
)

_CARD_NUMBER = re.compile(r"^\d{8,32}$")


@dataclass
class CardImportReport:
    rows: int
    matched: int
    unmatched: list[RowError]


def _result_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        return read_records(content, RESULT_COLUMNS, max_rows=50_000).records
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None


@transaction.atomic
def card_batch_import_result(*, batch: CardBatch, actor: Actor, content: bytes) -> CardImportReport:
    """The bank's result file: rows matched by ID number (keyed hash) to the batch's applications get their
    card numbers (application and member) and move to 已制卡; the other rows are reported with their row
    number and reason. One transaction: either every matched row is applied or none."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied
    locked_batch = lock(CardBatch, pk=batch.pk, related=_BATCH_JOINS)
    if locked_batch.status == CardBatchStatus.DRAFT:
        raise ValidationError({"file": _("批次报送银行后才能导入银行回盘文件")})
    records = _result_rows(content)
    applications = list(
        CardApplication.objects.select_for_update()
        .filter(batch=locked_batch)
        .select_related("member", "org")
        .order_by("id")
    )
    by_hash = {a.member.id_number_hash: a for a in applications}
    id_types = sorted({a.member.id_type for a in applications}) or [IdType.RESIDENT]
    unmatched: list[RowError] = []
    first_row_of_id: dict[str, int] = {}
    first_row_of_card: dict[str, int] = {}
    planned: list[tuple[int, CardApplication, str]] = []
    for row, record in records:
        number = normalize_identifier(cell_text(record.get("id_number")))
        card = normalize_identifier(cell_text(record.get("card_number")))
        if not number:
            unmatched.append(RowError(row, "证件号码", _("证件号码为空")))
            continue
        application = next(
            (by_hash[h] for h in (identifier_hash(t, number) for t in id_types) if h in by_hash), None
        )
        if application is None:
            unmatched.append(
                RowError(
                    row,
                    "证件号码",
                    _("本批次中没有证件号码为 %(id)s 的申请") % {"id": mask_identifier(number)},
                )
            )
            continue
        key = application.member.id_number_hash
        if key in first_row_of_id:
            unmatched.append(
                RowError(row, "证件号码", _("证件号码与第 %(n)d 行重复") % {"n": first_row_of_id[key]})
            )
            continue
        first_row_of_id[key] = row
        if not card:
            unmatched.append(RowError(row, "卡号", _("卡号为空")))
            continue
        if not _CARD_NUMBER.match(card):
            unmatched.append(RowError(row, "卡号", _("卡号应为8至32位数字")))
            continue
        if card in first_row_of_card:
            unmatched.append(
                RowError(row, "卡号", _("卡号与第 %(n)d 行重复") % {"n": first_row_of_card[card]})
            )
            continue
        first_row_of_card[card] = row
        name = cell_text(record.get("name")).replace(" ", "")
        if name and name != application.member.name.replace(" ", ""):
            unmatched.append(
                RowError(
                    row, "姓名", _("姓名与证件号码对应的会员（%(n)s）不一致") % {"n": application.member.name}
                )
            )
            continue
        if application.status != CardStatus.SENT_TO_BANK:
            unmatched.append(
                RowError(
                    row,
                    "证件号码",
                    _("该申请当前为“%(s)s”，未重复登记卡号") % {"s": application.get_status_display()},
                )
            )
            continue
        planned.append((row, application, card))
    taken = dict(
        Member.objects.filter(card_number__in=[card for _row, _a, card in planned]).values_list(
            "card_number", "pk"
        )
    )
    matched = 0
    try:
        with transaction.atomic():
            for row, application, card in planned:
                if taken.get(card, application.member_id) != application.member_id:
                    unmatched.append(RowError(row, "卡号", _("卡号已被其他会员使用")))
                    continue
                application.card_number = card
                card_workflow.apply(
                    application,
                    action=CardAction.MADE,
                    actor=actor,
                    note=f"卡号 {card}（批次 {locked_batch.number} 回盘文件第 {row} 行）",
                    update_fields=["card_number"],
                )
                member = application.member
                member.card_number = card
                member.save(update_fields=["card_number", "updated_at"])
                matched += 1
    except IntegrityError:
        raise ValidationError({"file": _("卡号与其他会员冲突，本次导入未做任何更改，请核对后重试")}) from None
    if matched:
        note = f"回盘 {len(records)} 行：登记卡号 {matched} 人，未匹配 {len(unmatched)} 行"
        if locked_batch.status == CardBatchStatus.SENT:
            locked_batch.returned_on = timezone.localdate()
            batch_workflow.apply(
                locked_batch,
                action=CardBatchAction.RETURN,
                actor=actor,
                note=note,
                update_fields=["returned_on"],
            )
        else:
            _batch_event(locked_batch, actor=actor, action=CardBatchAction.RETURN, note=note)
    unmatched.sort(key=lambda e: e.row)
    return CardImportReport(rows=len(records), matched=matched, unmatched=unmatched)
