"""Writes of 困难职工帮扶 — part `classing`: the local 低保 lines (`line_save`, one per union and year), a file's rigid
spending, recorded event and exclusions (`file_expenses_set`, the amounts and notes sealed), the computed class
stored with its sealed explanation (`file_classify`) and the class a person decides (`file_class_decide`: a note
when it differs from the computation; 意外致困 only with a recorded event).

The spending and the class change only before 审核 (`selectors.classing.CLASSABLE_STATUSES`); a filed household is
reclassified by its yearly 复核. Timeline notes name classes, never figures."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.orgs.models import Org

from ..choices import ENDED_STATUSES, AccidentKind, Exclusion, FileAction, HardshipClass, RigidExpense
from ..classing import CENT, ClassResult
from ..events import file_event
from ..models import HardshipFile, PovertyLine
from ..permissions import can_handle_file, can_manage_for
from ..sealing import seal, unseal
from ..selectors.classing import CLASSABLE_STATUSES, file_classification

MAX_LINE = Decimal("100000")
MAX_MULTIPLE = Decimal("10")
MAX_EXPENSE = Decimal("10000000")
NOTE_MAX = 1000


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


@transaction.atomic
def line_save(
    *,
    org: Org,
    year: int,
    monthly_line: Decimal,
    relative_multiple: Decimal,
    accident_multiple: Decimal,
    source: str,
    actor: Any,
    line: PovertyLine | None = None,
    context: AuditContext | None = None,
) -> PovertyLine:
    """Add (`line` None) or change a union's 低保 line of a year and its multiples. One line per union and year."""
    if not can_manage_for(actor, org) or (line is not None and not can_manage_for(actor, line.org)):
        raise PermissionDenied
    if line is not None:
        line = lock(PovertyLine, pk=line.pk)
    errors: dict[str, str] = {}
    this_year = timezone.localdate().year
    if line is not None and line.org_id != org.pk:
        errors["org"] = "不能更改低保标准所属的工会，请为该工会新增一条"
    if not 2000 <= year <= this_year + 1:
        errors["year"] = f"年度应在 2000 至 {this_year + 1} 之间"
    amount = _decimal(monthly_line)
    if amount is None or not Decimal(0) < amount < MAX_LINE:
        errors["monthly_line"] = "低保标准应为大于 0、小于 100,000 的金额（元/人·月）"
    relative = _decimal(relative_multiple)
    if relative is None or not Decimal(1) <= relative <= MAX_MULTIPLE:
        errors["relative_multiple"] = "相对困难倍数应在 1 至 10 之间"
    accident = _decimal(accident_multiple)
    if accident is None or not Decimal(1) <= accident <= MAX_MULTIPLE:
        errors["accident_multiple"] = "意外致困倍数应在 1 至 10 之间"
    source = source.strip()
    if len(source) > 200:
        errors["source"] = "依据文件不能超过 200 字"
    if "year" not in errors and "org" not in errors:
        taken = PovertyLine.objects.filter(org=org, year=year)
        if line is not None:
            taken = taken.exclude(pk=line.pk)
        if taken.exists():
            errors["year"] = f"{org.name}已有 {year} 年的低保标准，请修改原记录"
    if errors or amount is None or relative is None or accident is None:
        raise ValidationError(errors)
    values = {
        "year": year,
        "monthly_line": amount.quantize(CENT, ROUND_HALF_UP),
        "relative_multiple": relative.quantize(CENT, ROUND_HALF_UP),
        "accident_multiple": accident.quantize(CENT, ROUND_HALF_UP),
        "source": source,
        "updated_by": actor,
    }
    created = line is None
    if line is None:
        line = PovertyLine(org=org, **values)
    else:
        for name, value in values.items():
            setattr(line, name, value)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError:
        raise ValidationError({"year": f"{org.name}已有 {year} 年的低保标准，请修改原记录"}) from None
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"{'新增' if created else '修改'}低保标准：{org.name} {year} 年 {line.monthly_line} 元/人·月",
        actor=actor,
        context=context,
        subject=line,
        org_id=org.pk,
        detail={
            "year": year,
            "monthly_line": str(line.monthly_line),
            "relative_multiple": str(line.relative_multiple),
            "accident_multiple": str(line.accident_multiple),
        },
    )
    return line


def _locked_file(file: HardshipFile, actor: Any) -> HardshipFile:
    if not can_handle_file(actor, file):
        raise PermissionDenied
    return lock(HardshipFile, pk=file.pk, related=("org",))


def _require_classable(file: HardshipFile, what: str) -> None:
    if file.status not in CLASSABLE_STATUSES:
        raise ValidationError(
            f"档案{file.get_status_display()}，不能再{what}（建档后的类别调整在年度复核中办理）"
        )


def _store(file: HardshipFile) -> ClassResult:
    """Compute the class now and store the suggestion with its sealed explanation (the file is locked)."""
    result = file_classification(file)
    sealed = unseal(file.sealed)
    sealed["explanation"] = [*result.explanation, *result.flags]
    file.sealed = seal(sealed)
    file.suggested_class = result.suggested or ""
    file.save(update_fields=["sealed", "suggested_class", "updated_at"])
    return result


def _result_text(result: ClassResult) -> str:
    if result.suggested is None:
        return "未能测算类别：" + "；".join(result.flags)
    return f"测算类别：{HardshipClass(result.suggested).label}"


@transaction.atomic
def file_expenses_set(
    *,
    file: HardshipFile,
    actor: Any,
    expenses: Mapping[str, Decimal],
    accident_kind: str,
    accident_date: dt.date | None,
    accident_note: str,
    exclusions: Iterable[str],
    exclusion_note: str,
) -> HardshipFile:
    """Record the household's rigid spending (元/年 per `RigidExpense`; 0 or missing = none), the event 意外致困
    requires (kind and date, not in the future; no kind clears the event) and the exclusions. Amounts and notes are
    sealed; the class is computed afresh and stored (`file_classify`); the timeline says what was recorded and the
    class, not how much."""
    file = _locked_file(file, actor)
    _require_classable(file, "修改刚性支出")
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for kind, value in expenses.items():
        if kind not in RigidExpense.values:
            errors["expenses"] = "刚性支出类别不正确"
            continue
        amount = _decimal(value) if value not in (None, "") else Decimal(0)
        if amount is None or amount < 0 or amount >= MAX_EXPENSE:
            errors[kind] = f"{RigidExpense(kind).label}应为 0 至 10,000,000 元之间的金额"
        elif amount > 0:
            cleaned[kind] = str(amount.quantize(CENT, ROUND_HALF_UP))
    accident_note = accident_note.strip()
    if accident_kind and accident_kind not in AccidentKind.values:
        errors["accident_kind"] = "意外事件类别不正确"
    if accident_kind and accident_date is None:
        errors["accident_date"] = "请填写意外事件发生日期"
    if accident_date is not None and accident_date > timezone.localdate():
        errors["accident_date"] = "意外事件日期不能晚于今天"
    if accident_date is not None and not accident_kind:
        errors["accident_kind"] = "请选择意外事件类别，或清空事件日期"
    chosen = list(dict.fromkeys(exclusions))
    if any(value not in Exclusion.values for value in chosen):
        errors["exclusions"] = "排除情形不正确"
    exclusion_note = exclusion_note.strip()
    for name, text in (("accident_note", accident_note), ("exclusion_note", exclusion_note)):
        if len(text) > NOTE_MAX:
            errors[name] = f"说明不能超过 {NOTE_MAX} 字"
    if errors:
        raise ValidationError(errors)
    sealed = unseal(file.sealed)
    sealed["expenses"] = cleaned
    sealed["accident_note"] = accident_note if accident_kind else ""
    sealed["exclusion_note"] = exclusion_note if chosen else ""
    file.sealed = seal(sealed)
    file.accident_kind = accident_kind
    file.accident_date = accident_date if accident_kind else None
    file.exclusions = chosen
    file.save(update_fields=["sealed", "accident_kind", "accident_date", "exclusions", "updated_at"])
    result = _store(file)
    parts = [f"刚性支出 {len(cleaned)} 项（金额已加密）"]
    parts.append(f"意外事件：{AccidentKind(accident_kind).label}" if accident_kind else "无意外事件")
    parts.append(
        "排除情形：" + "、".join(str(Exclusion(value).label) for value in chosen) if chosen else "无排除情形"
    )
    file_event(
        file=file,
        actor=actor,
        action=FileAction.CLASSIFY,
        from_state=file.status,
        note="登记测算依据：" + "；".join([*parts, _result_text(result)]),
    )
    return file


@transaction.atomic
def file_classify(*, file: HardshipFile, actor: Any) -> ClassResult:
    """Compute the file's class, store it as `suggested_class` with the sealed explanation, and say so on the
    timeline (the class, not the figures)."""
    file = _locked_file(file, actor)
    if file.status in ENDED_STATUSES:
        raise ValidationError(f"档案{file.get_status_display()}，不再测算类别")
    result = _store(file)
    file_event(
        file=file, actor=actor, action=FileAction.CLASSIFY, from_state=file.status, note=_result_text(result)
    )
    return result


@transaction.atomic
def file_class_decide(*, file: HardshipFile, actor: Any, decided_class: str, note: str) -> HardshipFile:
    """A person decides the class. The class is computed afresh first (and stored); a decision that differs from
    it (or made when it cannot be computed) needs a note; 意外致困 needs the recorded event."""
    file = _locked_file(file, actor)
    _require_classable(file, "核定类别")
    note = note.strip()
    if decided_class not in HardshipClass.values:
        raise ValidationError({"decided_class": "请选择核定类别"})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"核定说明不能超过 {NOTE_MAX} 字"})
    if decided_class == HardshipClass.ACCIDENT and not (file.accident_kind and file.accident_date):
        raise ValidationError({"decided_class": "意外致困须先在“刚性支出与事件”中登记意外事件（类别和日期）"})
    result = _store(file)
    if result.suggested is None and not note:
        raise ValidationError({"note": "未能测算类别（" + "；".join(result.flags) + "），请填写核定说明"})
    if result.suggested is not None and decided_class != result.suggested and not note:
        raise ValidationError(
            {
                "note": f"核定类别与测算类别（{HardshipClass(result.suggested).label}）不同，请填写核定说明",
            }
        )
    from_state = file.status
    file.decided_class = decided_class
    file.class_note = note
    file.class_decided_by = actor
    file.class_decided_at = timezone.now()
    file.save(
        update_fields=["decided_class", "class_note", "class_decided_by", "class_decided_at", "updated_at"]
    )
    differs = "，与测算不同，已说明理由" if result.suggested != decided_class else ""
    file_event(
        file=file,
        actor=actor,
        action=FileAction.CLASSIFY,
        from_state=from_state,
        note=f"核定类别：{HardshipClass(decided_class).label}（{_result_text(result)}{differs}）",
    )
    return file
