"""Writes of target lists (名单): make one from a member filter (its result frozen as entries) or from an imported
list of ID numbers or phones (matched among the members the actor may see in the list's union), delete one. Each
is one transaction with its audit row. A list of a union only ever holds members of that union's subtree."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import identifier_hash, mask_identifier, mask_phone, normalize_identifier
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.bulk import rows_insert
from gonghui.core.choices import AuditAction
from gonghui.core.excel import Column, RowError, SpreadsheetError, cell_text, read_records, template_workbook
from gonghui.orgs.models import Org

from ..choices import HOLDING_STATUSES, TargetListSource
from ..models import Member, TargetList, TargetListEntry
from ..permissions import VIEW, can_manage_members
from ..selectors.filters import MemberFilter, members_matching

NAME_MAX = 60
REASON_MAX = 200
IMPORT_MAX_ROWS = 50_000
LOOKUP_CHUNK = 900
ID_COLUMN = "身份证号"
PHONE_COLUMN = "手机号"
IMPORT_COLUMNS = (
    Column(
        "id_number",
        ID_COLUMN,
        aliases=("身份证号码", "证件号码", "公民身份号码", "身份证"),
        help="18位身份证号；与手机号至少填一项，都填时按身份证号匹配",
    ),
    Column("phone", PHONE_COLUMN, aliases=("手机号码", "手机", "联系电话"), help="11位手机号"),
    Column("name", "姓名", help="便于核对，不参与匹配"),
)


@dataclass
class TargetListImportReport:
    """What an import found: the rows read, the members matched, the rows not matched (row number, column, why,
    in Chinese) and the rows naming a member already matched above; `target_list` is None when nothing was
    written (全部无误才导入 with problems)."""

    rows: int = 0
    matched: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    target_list: TargetList | None = None


def _check_names(name: str, reason: str) -> tuple[str, str]:
    name, reason = name.strip(), reason.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("请填写名单名称")
    elif len(name) > NAME_MAX:
        errors["name"] = _("名单名称不能超过 %(n)d 个字") % {"n": NAME_MAX}
    if not reason:
        errors["reason"] = _("请填写名单用途")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("名单用途不能超过 %(n)d 个字") % {"n": REASON_MAX}
    if errors:
        raise ValidationError(errors)
    return name, reason


def _write(
    *,
    org: Org,
    name: str,
    reason: str,
    source: TargetListSource,
    criteria: dict[str, Any],
    member_ids: Sequence[int],
    actor: Actor,
    context: AuditContext | None,
) -> TargetList:
    target_list = TargetList.objects.create(
        org=org, name=name, reason=reason, source=source, criteria=criteria, created_by=actor
    )
    rows_insert(TargetListEntry, ({"target_list_id": target_list.pk, "member_id": m} for m in member_ids))
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=target_list,
        org_id=org.pk,
        summary=_("新建名单“%(name)s”（%(source)s，%(n)d 人）")
        % {"name": name, "source": TargetListSource(source).label, "n": len(member_ids)},
        detail={"source": str(source), "count": len(member_ids)},
    )
    return target_list


@transaction.atomic
def target_list_create_from_filter(
    *,
    org: Org,
    name: str,
    reason: str,
    member_filter: MemberFilter,
    actor: Actor,
    context: AuditContext | None = None,
) -> TargetList:
    """Freeze the filter's current result — the members the actor may see in `org`'s subtree — as a new list of
    `org`, keeping the criteria and the reason. An empty result is refused."""
    if not can_manage_members(actor, org):
        raise PermissionDenied
    name, reason = _check_names(name, reason)
    member_ids = list(
        members_matching(actor, member_filter, action=VIEW)
        .filter(org__path__startswith=org.path)
        .values_list("pk", flat=True)
    )
    if not member_ids:
        raise ValidationError(_("没有符合条件的会员，名单不能为空：请放宽筛选条件"))
    return _write(
        org=org,
        name=name,
        reason=reason,
        source=TargetListSource.FILTER,
        criteria=member_filter.as_dict(),
        member_ids=member_ids,
        actor=actor,
        context=context,
    )


def _chunks[T](values: Sequence[T]) -> list[Sequence[T]]:
    return [values[i : i + LOOKUP_CHUNK] for i in range(0, len(values), LOOKUP_CHUNK)]


def _candidates(actor: Actor, org: Org) -> Any:
    """The members an imported row may name: holding membership in `org`'s subtree, visible to the actor."""
    return Member.objects.visible_to(actor, VIEW).filter(
        org__path__startswith=org.path, status__in=HOLDING_STATUSES
    )


def _import_records(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        sheet = read_records(content, IMPORT_COLUMNS, max_rows=IMPORT_MAX_ROWS)
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if "id_number" not in sheet.mapping and "phone" not in sheet.mapping:
        raise ValidationError({"file": _("缺少必填列：身份证号或手机号（至少一列）")})
    if not sheet.records:
        raise ValidationError({"file": _("文件中没有数据行")})
    return sheet.records


def _match(
    actor: Actor, org: Org, records: list[tuple[int, dict[str, Any]]]
) -> tuple[list[int], TargetListImportReport]:
    """Each row's member, through the keyed hash of the ID number (any ID type) or the phone; the report lists the
    rows that name nobody among the candidates, in Chinese with their row numbers."""
    report = TargetListImportReport(rows=len(records))
    parsed = [
        (
            row,
            normalize_identifier(cell_text(r.get("id_number"))),
            normalize_identifier(cell_text(r.get("phone"))),
        )
        for row, r in records
    ]
    hashes = {(t, n): identifier_hash(t, n) for _row, n, _p in parsed if n for t in IdType.values}
    candidates = _candidates(actor, org)
    by_hash: dict[str, int] = {}
    for chunk in _chunks(sorted(set(hashes.values()))):
        by_hash.update(candidates.filter(id_number_hash__in=chunk).values_list("id_number_hash", "pk"))
    by_phone: dict[str, list[int]] = {}
    for chunk in _chunks(sorted({p for _row, _n, p in parsed if p})):
        for phone, pk in candidates.filter(phone__in=chunk).values_list("phone", "pk"):
            by_phone.setdefault(phone, []).append(pk)
    seen: set[int] = set()
    member_ids: list[int] = []
    for row, number, phone in parsed:
        if number:
            found = next(
                (by_hash[hashes[(t, number)]] for t in IdType.values if hashes[(t, number)] in by_hash), None
            )
            if found is None:
                report.errors.append(
                    RowError(
                        row,
                        ID_COLUMN,
                        _("本单位在籍会员中没有身份证号为 %(id)s 的会员") % {"id": mask_identifier(number)},
                    )
                )
                continue
        elif phone:
            owners = by_phone.get(phone, [])
            if len(owners) > 1:
                report.errors.append(
                    RowError(
                        row,
                        PHONE_COLUMN,
                        _("手机号 %(p)s 对应多名会员，请改填身份证号") % {"p": mask_phone(phone)},
                    )
                )
                continue
            if not owners:
                report.errors.append(
                    RowError(
                        row,
                        PHONE_COLUMN,
                        _("本单位在籍会员中没有手机号为 %(p)s 的会员") % {"p": mask_phone(phone)},
                    )
                )
                continue
            found = owners[0]
        else:
            report.errors.append(RowError(row, ID_COLUMN, _("身份证号和手机号都为空")))
            continue
        if found in seen:
            report.duplicates += 1
            continue
        seen.add(found)
        member_ids.append(found)
    report.matched = len(member_ids)
    return member_ids, report


def target_list_import_template() -> bytes:
    """The workbook a union fills in for 导入名单: the columns and a sheet of instructions, no example row."""
    return template_workbook(IMPORT_COLUMNS, title="名单")


@transaction.atomic
def target_list_import(
    *,
    org: Org,
    name: str,
    reason: str,
    content: bytes,
    matched_only: bool,
    actor: Actor,
    file_name: str = "",
    context: AuditContext | None = None,
) -> TargetListImportReport:
    """A list of `org` from a spreadsheet with a column 身份证号 or 手机号 (either per row; the ID number wins when
    both are filled). With problems, `matched_only` False (全部无误才导入) writes nothing and returns the report;
    True (只导入匹配的行) writes the matched members. A file no reader trusts (empty, not a workbook, formulas, a
    zip bomb, too many rows) is refused as a whole with a ValidationError on `file`."""
    if not can_manage_members(actor, org):
        raise PermissionDenied
    name, reason = _check_names(name, reason)
    member_ids, report = _match(actor, org, _import_records(content))
    if report.errors and not matched_only:
        return report
    if not member_ids:
        raise ValidationError({"file": _("没有匹配到任何会员，未生成名单")})
    report.target_list = _write(
        org=org,
        name=name,
        reason=reason,
        source=TargetListSource.IMPORT,
        criteria={"imported": {"file": file_name[:100], "rows": report.rows, "matched": report.matched}},
        member_ids=member_ids,
        actor=actor,
        context=context,
    )
    return report


@transaction.atomic
def target_list_delete(*, target_list: TargetList, actor: Actor, context: AuditContext | None = None) -> None:
    """Delete the list and its entries (the members themselves stay)."""
    if not can_manage_members(actor, target_list.org):
        raise PermissionDenied
    count = target_list.entries.count()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=target_list,
        org_id=target_list.org_id,
        summary=_("删除名单“%(name)s”（%(n)d 人）") % {"name": target_list.name, "n": count},
        detail={"count": count, "public_id": str(target_list.public_id)},
    )
    target_list.delete()
