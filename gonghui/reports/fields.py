"""The form of a 报送 task: its field definitions (stored as JSON on the task) and the checking of the values a
recipient fills in.

A sender types one field per line — `名称 | 类型 | 必填或选填 | 选项1、选项2` — e.g. `教职工人数 | 数字 | 必填` or
`活动形式 | 选项 | 选填 | 线上、线下`; `field_lines_parse` turns the lines into definitions (or says which line is
wrong), `fields_validate` checks definitions that arrive as JSON, `field_values_clean` checks a submission."""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.core.excel import cell_date

from .choices import FieldType

MAX_FIELDS = 50
MAX_LABEL = 40
MAX_TEXT = 2000
MAX_CHOICES = 30
TYPE_NAMES: dict[str, str] = {
    **{str(t.label): str(t.value) for t in FieldType},
    **{str(t.value): str(t.value) for t in FieldType},
    "数值": FieldType.NUMBER,
    "单选": FieldType.CHOICE,
    "附件": FieldType.FILE,
}
REQUIRED_WORDS = {"必填": True, "是": True, "选填": False, "否": False, "": True}
_CHOICE_SEPARATORS = ("，", ",", "/", "／", "；", ";")


def _split(line: str) -> list[str]:
    return [part.strip() for part in line.replace("｜", "|").split("|")]


def _choices(text: str) -> list[str]:
    for sep in _CHOICE_SEPARATORS:
        text = text.replace(sep, "、")
    return [c.strip() for c in text.split("、") if c.strip()]


def field_lines_parse(text: str) -> list[dict[str, Any]]:
    """Definitions from the sender's lines; a ValidationError on "fields" names the line and the problem."""
    definitions: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = _split(raw)
        label = parts[0]
        type_name = parts[1] if len(parts) > 1 else "文本"
        required_word = parts[2] if len(parts) > 2 else ""
        choices = _choices(parts[3]) if len(parts) > 3 else []
        if type_name not in TYPE_NAMES:
            errors.append(f"第{number}行：类型“{type_name}”无效，应为文本、数字、日期、选项或文件")
            continue
        if required_word not in REQUIRED_WORDS:
            errors.append(f"第{number}行：第三项应为“必填”或“选填”，而不是“{required_word}”")
            continue
        definitions.append(
            {
                "key": f"f{len(definitions) + 1}",
                "label": label,
                "type": TYPE_NAMES[type_name],
                "required": REQUIRED_WORDS[required_word],
                "choices": choices,
            }
        )
        try:
            fields_validate(definitions[-1:], line=number)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if not errors:
        try:
            fields_validate(definitions)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"fields": errors})
    return definitions


def fields_validate(definitions: Sequence[Mapping[str, Any]], *, line: int | None = None) -> None:
    """Every definition well formed: a label, a known type, choices for a choice field, unique labels."""
    where = f"第{line}行：" if line is not None else ""
    errors: list[str] = []
    if len(definitions) > MAX_FIELDS:
        errors.append(f"字段不能超过 {MAX_FIELDS} 个")
    seen: set[str] = set()
    keys: set[str] = set()
    for index, item in enumerate(definitions, start=1):
        at = where or f"第{index}个字段："
        label = str(item.get("label") or "").strip()
        key = str(item.get("key") or "")
        if not label:
            errors.append(f"{at}缺少字段名称")
            continue
        if len(label) > MAX_LABEL:
            errors.append(f"{at}字段名称“{label[:10]}…”超过 {MAX_LABEL} 个字")
        if label in seen:
            errors.append(f"{at}字段名称“{label}”重复")
        seen.add(label)
        if not key or key in keys:
            errors.append(f"{at}字段“{label}”缺少唯一的编号")
        keys.add(key)
        if item.get("type") not in FieldType.values:
            errors.append(f"{at}字段“{label}”的类型无效")
        choices = item.get("choices") or []
        if item.get("type") == FieldType.CHOICE:
            if len(choices) < 2:
                errors.append(f"{at}选项字段“{label}”至少要有两个选项，用顿号分隔")
            elif len(choices) > MAX_CHOICES or len(set(choices)) != len(choices):
                errors.append(f"{at}选项字段“{label}”的选项重复或超过 {MAX_CHOICES} 个")
        elif choices:
            errors.append(f"{at}只有选项字段可以列出选项（“{label}”不是选项字段）")
    if errors:
        raise ValidationError(errors)


def fields_as_lines(definitions: Sequence[Mapping[str, Any]]) -> str:
    """The definitions back as the sender's lines (for editing a draft)."""
    lines = []
    for item in definitions:
        parts = [
            str(item["label"]),
            str(FieldType(item["type"]).label),
            "必填" if item.get("required") else "选填",
        ]
        if item.get("choices"):
            parts.append("、".join(item["choices"]))
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def number_value(text: str) -> int | float:
    """A number as typed (full-width digits and thousands separators allowed); ValueError when it is not one."""
    cleaned = (
        text.strip().translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-")).replace(",", "")
    )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if not math.isfinite(as_float):
        raise ValueError(text)
    return as_float


def field_values_clean(
    definitions: Sequence[Mapping[str, Any]], raw: Mapping[str, Any], *, files_present: set[str]
) -> dict[str, Any]:
    """The filled-in values of the non-file fields, checked; file fields are only checked for presence
    (`files_present`: keys with a new upload or a kept earlier one). Errors are keyed by field key."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item in definitions:
        key, label, kind = str(item["key"]), str(item["label"]), item["type"]
        if kind == FieldType.FILE:
            if item.get("required") and key not in files_present:
                errors[key] = f"请上传“{label}”"
            continue
        text = str(raw.get(key) or "").strip()
        if not text:
            if item.get("required"):
                errors[key] = f"请填写“{label}”"
            continue
        if kind == FieldType.TEXT:
            if len(text) > MAX_TEXT:
                errors[key] = f"“{label}”不能超过 {MAX_TEXT} 个字"
            else:
                values[key] = text
        elif kind == FieldType.NUMBER:
            try:
                values[key] = number_value(text)
            except ValueError:
                errors[key] = f"“{label}”须填写数字，“{text[:20]}”不是数字"
        elif kind == FieldType.DATE:
            try:
                day = cell_date(text)
            except ValueError:
                day = None
            if day is None or not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
                errors[key] = f"“{label}”须填写日期（如 2020-03-01），“{text[:20]}”不是日期"
            else:
                values[key] = day.isoformat()
        elif kind == FieldType.CHOICE:
            if text not in (item.get("choices") or []):
                errors[key] = f"“{label}”须从 {'、'.join(item.get('choices') or [])} 中选择"
            else:
                values[key] = text
    if errors:
        raise ValidationError(errors)
    return values


def number_fields(definitions: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [item for item in definitions if item.get("type") == FieldType.NUMBER]
