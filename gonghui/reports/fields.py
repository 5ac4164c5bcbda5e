"""The form of a 报送 task: its field definitions (stored as JSON on the task) and the checking of the values a
recipient fills in.

A definition is `{"key": "f1", "label": "会员数", "type": "number", "required": true, "choices": []}`, plus
`"multiline"` on a text field (false: a one-line input of at most 200 characters; absent, as on tasks made before
the form builder: a text box of up to 2000) and, on a number field, the cross-field checks `"max_field"` /
`"min_field"` (the key of another number field it may not exceed / fall below, e.g. 会员数 ≤ 职工数).

The sender defines the fields in the form builder (one row per field: 名称, 类型, 必填, 选项, 数值检查);
`fields_from_rows` turns the rows into definitions (errors name the row: "第3个字段：名称不能为空") and
`fields_as_rows` gives them back for editing. `field_lines_parse` reads the older one-line-per-field notation
(`名称 | 类型 | 必填或选填 | 选项1、选项2 | 不大于 另一字段`), still used by the demo seed and the tests. `fields_validate` checks
definitions however they arrive, `field_values_clean` checks a submission."""

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
MAX_LINE = 200
MAX_CHOICES = 30
TYPE_NAMES: dict[str, str] = {
    **{str(t.label): str(t.value) for t in FieldType},
    **{str(t.value): str(t.value) for t in FieldType},
    "数值": FieldType.NUMBER,
    "单选": FieldType.CHOICE,
    "附件": FieldType.FILE,
    "单行文本": FieldType.TEXT,
    "多行文本": FieldType.TEXT,
}
# The builder's types: a text field is offered as 单行文本 and 多行文本 (`multiline`).
TEXTAREA = "textarea"
BUILDER_TYPES = [
    (FieldType.TEXT.value, "单行文本"),
    (TEXTAREA, "多行文本"),
    (FieldType.NUMBER.value, "数字"),
    (FieldType.DATE.value, "日期"),
    (FieldType.CHOICE.value, "选项"),
    (FieldType.FILE.value, "文件"),
]
# Cross-field checks of a number field: the builder's choice → the definition's key and its words.
COMPARES = {"max": ("max_field", "不大于", "大于"), "min": ("min_field", "不小于", "小于")}
COMPARE_CHOICES = [("", "不检查"), *[(name, words[1]) for name, words in COMPARES.items()]]
REQUIRED_WORDS = {"必填": True, "是": True, "选填": False, "否": False, "": True}
_CHOICE_SEPARATORS = ("，", ",", "/", "／", "；", ";")


def _split(line: str) -> list[str]:
    return [part.strip() for part in line.replace("｜", "|").split("|")]


def _choices(text: str) -> list[str]:
    for sep in _CHOICE_SEPARATORS:
        text = text.replace(sep, "、")
    return [c.strip() for c in text.split("、") if c.strip()]


def field_lines_parse(text: str) -> list[dict[str, Any]]:
    """Definitions from lines `名称 | 类型 | 必填或选填 | 选项 | 检查`, the last two optional (`检查`: a number
    field's "不大于 教职工人数" or "不小于 …"); a ValidationError on "fields" names the line and the problem."""
    definitions: list[dict[str, Any]] = []
    errors: list[str] = []
    checks: list[tuple[int, dict[str, Any], str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = _split(raw)
        label = parts[0]
        type_name = parts[1] if len(parts) > 1 else "文本"
        required_word = parts[2] if len(parts) > 2 else ""
        choices = _choices(parts[3]) if len(parts) > 3 else []
        if type_name not in TYPE_NAMES:
            errors.append(f"第{number}行：类型“{type_name}”无效，应为文本、多行文本、数字、日期、选项或文件")
            continue
        if required_word not in REQUIRED_WORDS:
            errors.append(f"第{number}行：第三项应为“必填”或“选填”，而不是“{required_word}”")
            continue
        definition: dict[str, Any] = {
            "key": f"f{len(definitions) + 1}",
            "label": label,
            "type": TYPE_NAMES[type_name],
            "required": REQUIRED_WORDS[required_word],
            "choices": choices,
        }
        if definition["type"] == FieldType.TEXT:
            definition["multiline"] = type_name == "多行文本"
        definitions.append(definition)
        if len(parts) > 4 and parts[4]:
            checks.append((number, definition, parts[4]))
        try:
            fields_validate(definitions[-1:], line=number)
        except ValidationError as exc:
            errors.extend(exc.messages)
    errors.extend(_line_checks_resolve(checks, definitions))
    if not errors:
        try:
            fields_validate(definitions)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"fields": errors})
    return definitions


def _line_checks_resolve(
    checks: Sequence[tuple[int, dict[str, Any], str]], definitions: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Put each line's "不大于 职工数" on its definition as the other field's key; the problems, by line."""
    keys = {str(d["label"]): str(d["key"]) for d in definitions}
    words = {w: name for name, w, _ in COMPARES.values()}
    errors: list[str] = []
    for number, definition, check in checks:
        word, other = check[:3], check[3:].strip()
        if word not in words or not other:
            errors.append(f"第{number}行：第五项应为“不大于 字段名称”或“不小于 字段名称”，而不是“{check}”")
        elif other not in keys:
            errors.append(f"第{number}行：没有名为“{other}”的字段")
        else:
            definition[words[word]] = keys[other]
    return errors


def fields_validate(
    definitions: Sequence[Mapping[str, Any]],
    *,
    line: int | None = None,
    numbers: Sequence[int] | None = None,
) -> None:
    """Every definition well formed: a label, a known type, choices for a choice field, unique labels and keys,
    cross-field checks only between two different number fields. Messages start with where the definition is:
    "第3行：" (`line`, for the lines notation), "第3个字段：" (`numbers`: the builder row of each definition, else its
    position)."""
    errors: list[str] = []
    if len(definitions) > MAX_FIELDS:
        errors.append(f"字段不能超过 {MAX_FIELDS} 个")
    seen: set[str] = set()
    keys: set[str] = set()
    types = {str(item.get("key") or ""): item.get("type") for item in definitions}
    for index, item in enumerate(definitions, start=1):
        number = numbers[index - 1] if numbers is not None else index
        at = f"第{line}行：" if line is not None else f"第{number}个字段："
        label = str(item.get("label") or "").strip()
        key = str(item.get("key") or "")
        if not label:
            errors.append(f"{at}名称不能为空")
            continue
        if len(label) > MAX_LABEL:
            errors.append(f"{at}名称“{label[:10]}…”超过 {MAX_LABEL} 个字")
        if label in seen:
            errors.append(f"{at}字段名称“{label}”重复")
        seen.add(label)
        if not key or key in keys:
            errors.append(f"{at}字段“{label}”缺少唯一的编号")
        keys.add(key)
        kind = item.get("type")
        if kind not in FieldType.values:
            errors.append(f"{at}字段“{label}”的类型无效")
        if "multiline" in item and (kind != FieldType.TEXT or not isinstance(item["multiline"], bool)):
            errors.append(f"{at}只有文本字段可以设为单行或多行（“{label}”）")
        choices = item.get("choices") or []
        if kind == FieldType.CHOICE:
            if len(choices) < 2:
                errors.append(f"{at}选项字段“{label}”至少要有两个选项，用顿号分隔")
            elif len(choices) > MAX_CHOICES or len(set(choices)) != len(choices):
                errors.append(f"{at}选项字段“{label}”的选项重复或超过 {MAX_CHOICES} 个")
        elif choices:
            errors.append(f"{at}只有选项字段可以列出选项（“{label}”不是选项字段）")
        for name, words, _ in COMPARES.values():
            other = item.get(name)
            if other is None:
                continue
            if kind != FieldType.NUMBER:
                errors.append(f"{at}只有数字字段可以设置“{words}”检查（“{label}”不是数字字段）")
            elif other == key:
                errors.append(f"{at}“{label}”不能与自身比较")
            elif types.get(str(other)) != FieldType.NUMBER:
                errors.append(f"{at}“{label}”{words}的字段不存在或不是数字字段")
    if errors:
        raise ValidationError(errors)


def _row_is_blank(row: Mapping[str, Any]) -> bool:
    """An untouched builder row (the spare rows at the end): no name, no options, no check, not 必填, 单行文本."""
    return (
        not any(str(row.get(name) or "").strip() for name in ("label", "choices", "compare", "compare_field"))
        and not row.get("required")
        and str(row.get("type") or FieldType.TEXT) == FieldType.TEXT
    )


def _next_keys(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """A key per row: a row keeps its key (`f7`) unless another row took it first; new rows get the next free
    numbers, so the keys of a draft's fields stay put while it is edited."""
    taken: set[str] = set()
    kept: list[str | None] = []
    for row in rows:
        key = str(row.get("key") or "")
        if len(key) > 1 and key[0] == "f" and key[1:].isdigit() and key not in taken:
            taken.add(key)
            kept.append(key)
        else:
            kept.append(None)
    counter = max((int(k[1:]) for k in taken), default=0)
    keys: list[str] = []
    for kept_key in kept:
        if kept_key is None:
            counter += 1
        keys.append(kept_key or f"f{counter}")
    return keys


def fields_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Definitions from the builder's rows (`key`, `label`, `type` — one of BUILDER_TYPES —, `required`,
    `choices` as 线上、线下, `compare` — "", "max" or "min" —, `compare_field`: the 名称 of the other number
    field). Blank rows are skipped; a ValidationError lists every problem, naming the row ("第3个字段：…")."""
    numbers = [n for n, row in enumerate(rows, start=1) if not _row_is_blank(row)]
    filled = [rows[n - 1] for n in numbers]
    keys = _next_keys(filled)
    errors: list[str] = []
    definitions: list[dict[str, Any]] = []
    for number, key, row in zip(numbers, keys, filled, strict=True):
        at = f"第{number}个字段："
        label = str(row.get("label") or "").strip()
        kind = str(row.get("type") or "")
        if kind not in dict(BUILDER_TYPES):
            errors.append(f"{at}类型无效，应为{'、'.join(name for _, name in BUILDER_TYPES)}")
            continue
        definition: dict[str, Any] = {
            "key": key,
            "label": label,
            "type": FieldType.TEXT.value if kind == TEXTAREA else kind,
            "required": bool(row.get("required")),
            "choices": _choices(str(row.get("choices") or "")) if kind == FieldType.CHOICE else [],
        }
        if definition["type"] == FieldType.TEXT:
            definition["multiline"] = kind == TEXTAREA
        definitions.append(definition)
    if len(filled) > len(definitions):  # a type was invalid: the cross references cannot be resolved
        raise ValidationError(errors)
    by_label = {d["label"]: d for d in definitions if d["label"]}
    for number, row, definition in zip(numbers, filled, definitions, strict=True):
        compare = str(row.get("compare") or "")
        other_label = str(row.get("compare_field") or "").strip()
        if not compare:
            continue
        at = f"第{number}个字段："
        if compare not in COMPARES:
            errors.append(f"{at}数值检查无效")
            continue
        name, words, _ = COMPARES[compare]
        if definition["type"] != FieldType.NUMBER:
            errors.append(f"{at}只有数字字段可以设置“{words}”检查")
        elif not other_label:
            errors.append(f"{at}请选择“{words}”哪个字段")
        elif other_label == definition["label"]:
            errors.append(f"{at}“{definition['label']}”不能与自身比较")
        elif other_label not in by_label:
            errors.append(f"{at}没有名为“{other_label}”的字段")
        elif by_label[other_label]["type"] != FieldType.NUMBER:
            errors.append(f"{at}“{other_label}”不是数字字段，不能比较大小")
        else:
            definition[name] = by_label[other_label]["key"]
    try:
        fields_validate(definitions, numbers=numbers)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(sorted(errors, key=message_row))
    return definitions


def message_row(message: str) -> int:
    """The row a message names ("第3个字段：…" → 3), 0 for a message about the whole form: the order shown."""
    head = message.removeprefix("第").split("个字段", 1)[0]
    return int(head) if head.isdigit() else 0


def fields_as_rows(definitions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The definitions back as builder rows (for editing a draft); a text field of an older task (no
    `multiline`) is a 多行文本, as it was shown to its fillers."""
    labels = {str(item["key"]): str(item["label"]) for item in definitions}
    rows: list[dict[str, Any]] = []
    for item in definitions:
        kind = str(item["type"])
        if kind == FieldType.TEXT and item.get("multiline", True):
            kind = TEXTAREA
        compare = next((c for c, (name, _, _) in COMPARES.items() if item.get(name)), "")
        rows.append(
            {
                "key": str(item["key"]),
                "label": str(item["label"]),
                "type": kind,
                "required": bool(item.get("required")),
                "choices": "、".join(item.get("choices") or []),
                "compare": compare,
                "compare_field": (labels.get(str(item.get(COMPARES[compare][0]))) or "") if compare else "",
            }
        )
    return rows


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
            limit = MAX_TEXT if item.get("multiline", True) else MAX_LINE
            if len(text) > limit:
                errors[key] = f"“{label}”不能超过 {limit} 个字"
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
    errors.update(_cross_field_errors(definitions, values, skip=set(errors)))
    if errors:
        raise ValidationError(errors)
    return values


def _cross_field_errors(
    definitions: Sequence[Mapping[str, Any]], values: Mapping[str, Any], *, skip: set[str]
) -> dict[str, str]:
    """The cross-field checks that fail, on the field that declares them: "会员数不能大于职工数（120）". A check
    with either value left empty (or already wrong) is not made."""
    labels = {str(item["key"]): str(item["label"]) for item in definitions}
    errors: dict[str, str] = {}
    for item in definitions:
        key = str(item["key"])
        if key in skip or key not in values:
            continue
        for compare, (name, _, word) in COMPARES.items():
            other = str(item.get(name) or "")
            if other not in values or other in skip or other not in labels:
                continue
            mine, theirs = values[key], values[other]
            if (mine > theirs) if compare == "max" else (mine < theirs):
                errors[key] = f"{item['label']}不能{word}{labels[other]}（{theirs}）"
                break
    return errors


def number_fields(definitions: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [item for item in definitions if item.get("type") == FieldType.NUMBER]
