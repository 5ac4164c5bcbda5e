"""The people of a campaign: from a member filter or tag, a 名单, an imported spreadsheet (all or nothing); 剔除 before payment. Only members of the campaign union's subtree; a person is named once."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext
from gonghui.core.excel import SheetSpec, SpreadsheetError, clean_text, read_records, write_workbook
from gonghui.core.locking import lock
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member, MemberTag, TargetList
from gonghui.members.permissions import VIEW as MEMBERS_VIEW
from gonghui.members.selectors.filters import MemberFilter, member_filter_q

from ...choices import AmountMode, CampaignAction, CampaignStatus, RecipientStatus
from ...models import ReliefCampaign, ReliefRecipient
from .common import (
    CATEGORY_MAX,
    IMPORT_COLUMNS,
    IMPORT_MAX_ROWS,
    REASON_MAX,
    amount_for,
    event,
    require_manage,
    require_status,
)


@dataclass
class AddReport:
    added: int = 0
    duplicates: int = 0


def _subtree_members(campaign: ReliefCampaign, actor: Any) -> Any:
    """The members a campaign may name: holding membership in the campaign union's subtree, visible to the actor."""
    return Member.objects.visible_to(actor, MEMBERS_VIEW).filter(
        org__path__startswith=campaign.org.path, status__in=HOLDING_STATUSES
    )


def _add(
    campaign: ReliefCampaign, actor: Any, people: Sequence[tuple[Member, str]], *, source: str
) -> AddReport:
    """Insert the people (member, category) not already in the campaign; the caller holds the campaign's lock and
    has checked the members."""
    report = AddReport()
    existing = set(campaign.recipients.values_list("member_id", flat=True))
    problems: list[str] = []
    rows: list[ReliefRecipient] = []
    for member, category in people:
        if member.pk in existing:
            report.duplicates += 1
            continue
        existing.add(member.pk)
        amount = amount_for(campaign, category)
        if amount is None:
            problems.append(
                _("%(name)s：类别“%(c)s”没有金额") % {"name": member.name, "c": category or _("未填")}
            )
            continue
        rows.append(ReliefRecipient(campaign=campaign, member=member, category=category, amount=amount))
    if problems:
        raise ValidationError({"category": problems[:20]})
    ReliefRecipient.objects.bulk_create(rows)
    report.added = len(rows)
    event(
        campaign,
        actor,
        CampaignAction.RECIPIENTS,
        before=campaign.status,
        note=_("%(source)s：新增 %(n)d 人，已在名单中 %(d)d 人")
        % {"source": source, "n": report.added, "d": report.duplicates},
    )
    return report


def _locked_draft(campaign: ReliefCampaign, actor: Any) -> ReliefCampaign:
    campaign = lock(ReliefCampaign, related=("org",), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.DRAFT, doing=_("调整名单（名单只能在准备中调整）"))
    return campaign


def _categories_by_tag(
    members: Sequence[Member], tag_categories: dict[str, str], default: str
) -> list[tuple[Member, str]]:
    """Each member's category: the first of `tag_categories` (tag name → category, in order) whose tag the member
    carries, else `default`."""
    if not tag_categories:
        return [(m, default) for m in members]
    tags = dict(MemberTag.objects.filter(name__in=list(tag_categories)).values_list("name", "pk"))
    through = Member.tags.through.objects.filter(member_id__in=[m.pk for m in members])
    held: dict[int, set[int]] = {}
    for member_id, tag_id in through.values_list("member_id", "membertag_id"):
        held.setdefault(member_id, set()).add(tag_id)
    out: list[tuple[Member, str]] = []
    for member in members:
        category = next(
            (c for t, c in tag_categories.items() if tags.get(t) in held.get(member.pk, set())), default
        )
        out.append((member, category))
    return out


@transaction.atomic
def relief_recipients_add_from_filter(
    *,
    campaign: ReliefCampaign,
    actor: Any,
    member_filter: MemberFilter,
    category: str = "",
    tag_categories: dict[str, str] | None = None,
    source: str = "",
) -> AddReport:
    """Add the members of the campaign union's subtree matching the filter (e.g. all tagged 援鄂医疗队); a
    person's category by `tag_categories` (tag → category), else `category`. People already named are ignored."""
    campaign = _locked_draft(campaign, actor)
    members = list(
        _subtree_members(campaign, actor)
        .filter(member_filter_q(member_filter))
        .order_by("org__path", "name", "pk")
    )
    if not members:
        raise ValidationError(_("没有符合条件的本会及下级工会在籍会员"))
    people = _categories_by_tag(members, tag_categories or {}, category.strip()[:CATEGORY_MAX])
    return _add(campaign, actor, people, source=source or _("按条件筛选"))


@transaction.atomic
def relief_recipients_add_by_tag(
    *,
    campaign: ReliefCampaign,
    actor: Any,
    tag: str,
    category: str = "",
    tag_categories: dict[str, str] | None = None,
) -> AddReport:
    """Add every member of the campaign union's subtree tagged `tag` (e.g. 援鄂医疗队), of `category` (or by
    `tag_categories`, tag name → category)."""
    found = MemberTag.objects.filter(name=tag.strip()).first()
    if found is None:
        raise ValidationError({"tag": _("没有名为“%(t)s”的会员标签") % {"t": tag}})
    return relief_recipients_add_from_filter(
        campaign=campaign,
        actor=actor,
        member_filter=MemberFilter(tags=(found.pk,)),
        category=category,
        tag_categories=tag_categories,
        source=_("标签“%(t)s”") % {"t": found.name},
    )


@transaction.atomic
def relief_recipients_add_from_list(
    *,
    campaign: ReliefCampaign,
    actor: Any,
    target_list: TargetList,
    category: str = "",
    tag_categories: dict[str, str] | None = None,
) -> AddReport:
    """Add the members of a 名单. Every one must hold membership in the campaign union's subtree: otherwise the
    whole list is refused, naming who is outside."""
    campaign = _locked_draft(campaign, actor)
    listed = list(
        Member.objects.filter(pk__in=target_list.entries.values("member_id")).order_by(
            "org__path", "name", "pk"
        )
    )
    allowed = set(
        _subtree_members(campaign, actor).filter(pk__in=[m.pk for m in listed]).values_list("pk", flat=True)
    )
    outside = [m for m in listed if m.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "target_list": _("名单中有 %(n)d 人不是本会及下级工会的在籍会员，不能加入：%(names)s")
                % {"n": len(outside), "names": "、".join(m.name for m in outside[:10])}
            }
        )
    if not listed:
        raise ValidationError({"target_list": _("该名单没有人员")})
    people = _categories_by_tag(listed, tag_categories or {}, category.strip()[:CATEGORY_MAX])
    return _add(campaign, actor, people, source=_("名单“%(n)s”") % {"n": target_list.name})


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)


def relief_import_template() -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="慰问名单", headers=[c.label for c in IMPORT_COLUMNS], rows=[])])
    return buffer.getvalue()


@transaction.atomic
def relief_recipients_import(*, campaign: ReliefCampaign, actor: Any, content: bytes) -> ImportReport:
    """People from a spreadsheet (姓名, 手机号 or 会员编号, 类别), matched among the holding members of the campaign
    union's subtree; the name must match. All or nothing: with any bad row nothing is added and every bad row is
    named (ValidationError on `file`). People already named are ignored."""
    campaign = _locked_draft(campaign, actor)
    try:
        sheet = read_records(content, IMPORT_COLUMNS, max_rows=IMPORT_MAX_ROWS)
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if "phone" not in sheet.mapping and "member_number" not in sheet.mapping:
        raise ValidationError({"file": _("缺少必填列：手机号或会员编号（至少一列）")})
    if not sheet.records:
        raise ValidationError({"file": _("文件中没有数据行")})
    parsed = [
        (
            row,
            clean_text(r.get("name")),
            clean_text(r.get("phone")).replace(" ", ""),
            clean_text(r.get("member_number")),
            clean_text(r.get("category"))[:CATEGORY_MAX],
        )
        for row, r in sheet.records
    ]
    candidates = _subtree_members(campaign, actor)
    numbers = {n for *_x, n, _c in parsed if n}
    phones = {p for _r, _n, p, _m, _c in parsed if p}
    by_number = {m.member_number: m for m in candidates.filter(member_number__in=numbers)}
    by_phone: dict[str, list[Member]] = {}
    for candidate in candidates.filter(phone__in=phones):
        by_phone.setdefault(candidate.phone, []).append(candidate)
    report = ImportReport(rows=len(parsed))
    people: list[tuple[Member, str]] = []
    seen: set[int] = set()
    for row, name, phone, number, category in parsed:
        where = _("第%(row)d行") % {"row": row}
        if not name:
            report.errors.append(_("%(w)s：姓名为空") % {"w": where})
            continue
        member: Member | None
        if number:
            member = by_number.get(number)
            if member is None:
                report.errors.append(
                    _("%(w)s：本会及下级工会在籍会员中没有会员编号为 %(n)s 的会员")
                    % {"w": where, "n": number}
                )
                continue
        elif phone:
            owners = by_phone.get(phone, [])
            if len(owners) > 1:
                report.errors.append(_("%(w)s：手机号对应多名会员，请改填会员编号") % {"w": where})
                continue
            if not owners:
                report.errors.append(
                    _("%(w)s：本会及下级工会在籍会员中没有手机号为 %(p)s 的会员") % {"w": where, "p": phone}
                )
                continue
            member = owners[0]
        else:
            report.errors.append(_("%(w)s：手机号和会员编号都为空") % {"w": where})
            continue
        if member.name != name:
            report.errors.append(
                _("%(w)s：姓名“%(name)s”与会员名册（%(roster)s）不一致")
                % {"w": where, "name": name, "roster": member.name}
            )
            continue
        if campaign.amount_mode == AmountMode.CATEGORY and amount_for(campaign, category) is None:
            report.errors.append(
                _("%(w)s：类别“%(c)s”不是本活动的类别（%(all)s）")
                % {"w": where, "c": category or _("未填"), "all": "、".join(campaign.category_amounts)}
            )
            continue
        if member.pk in seen:
            report.duplicates += 1
            continue
        seen.add(member.pk)
        people.append((member, category))
    if report.errors:
        raise ValidationError({"file": report.errors})
    added = _add(campaign, actor, people, source=_("导入名单"))
    report.added, report.duplicates = added.added, report.duplicates + added.duplicates
    return report


@transaction.atomic
def relief_recipient_exclude(
    *, recipient: ReliefRecipient, actor: Any, reason: str, context: AuditContext | None = None
) -> ReliefRecipient:
    """剔除 a person not yet paid (待发放), with a reason; the person stays listed as 已剔除 and is never paid."""
    recipient = lock(ReliefRecipient, related=("campaign__org", "member"), pk=recipient.pk)
    campaign = recipient.campaign
    require_manage(actor, campaign)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写剔除原因")})
    require_status(
        campaign, CampaignStatus.DRAFT, CampaignStatus.SUBMITTED, CampaignStatus.APPROVED, doing=_("剔除人员")
    )
    if recipient.status != RecipientStatus.PENDING:
        raise ValidationError(
            _("%(name)s当前为“%(s)s”，只有待发放的人员可以剔除")
            % {"name": recipient.member.name, "s": recipient.get_status_display()}
        )
    recipient.status = RecipientStatus.EXCLUDED
    recipient.note = reason[:REASON_MAX]
    recipient.save(update_fields=["status", "note", "updated_at"])
    event(
        campaign,
        actor,
        CampaignAction.RECIPIENTS,
        before=campaign.status,
        note=_("剔除 %(name)s：%(reason)s") % {"name": recipient.member.name, "reason": reason},
    )
    return recipient


# --- approval ---------------------------------------------------------------------------------------------------
