"""Forms of 自评 and 考核评分: one row per manual indicator — points (0 … the indicator's points, two decimals) or, for
a veto item, 达标 / 不达标 — and a note; the 自评 form adds evidence files per indicator. Nothing is required here
(a draft may leave rows open): the services check what a submit needs and name the indicator in every error."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from ..rules import show
from ..selectors.assessing import IndicatorRow, criterion_name
from ..services.assessing import ManualInput

PASSED, FAILED = "passed", "failed"
VERDICTS = [("", "（请选择）"), (PASSED, "达标"), (FAILED, "不达标")]


class OptionalFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class OptionalFilesField(forms.FileField):
    """Zero or more files in one field; the service checks each against the upload policy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", OptionalFilesInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


def _initial_points(row: IndicatorRow, given: Decimal | None) -> str | None:
    return None if given is None else format(given.normalize(), "f")


def _verdict(passed: bool | None) -> str:
    return "" if passed is None else (PASSED if passed else FAILED)


class ManualRowsForm(forms.Form):
    """Points or verdict and a note for each manual indicator row; `what` names the points (自评分 / 考核分)."""

    what = "得分"
    note_label = "说明"

    def __init__(self, *args: Any, rows: Sequence[IndicatorRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manual = [row for row in rows if row.is_manual]
        for row in self.manual:
            indicator = row.indicator
            label = f"「{criterion_name(indicator)}」"
            if indicator.is_veto:
                self.fields[f"points_{indicator.pk}"] = forms.ChoiceField(
                    label=f"{label}{'结论'}",
                    choices=VERDICTS,
                    required=False,
                    initial=_verdict(self.initial_passed(row)),
                )
            else:
                self.fields[f"points_{indicator.pk}"] = forms.DecimalField(
                    label=f"{self.what}（0–{show(indicator.points)} 分）",
                    required=False,
                    max_digits=6,
                    decimal_places=2,
                    initial=_initial_points(row, self.initial_points(row)),
                    error_messages={
                        "invalid": f"{label}的{self.what}须为数字",
                        "max_decimal_places": f"{label}的{self.what}最多保留两位小数",
                        "max_digits": f"{label}的{self.what}超出范围",
                    },
                    widget=forms.NumberInput(
                        attrs={
                            "inputmode": "decimal",
                            "step": "0.01",
                            "min": "0",
                            "max": show(indicator.points),
                        }
                    ),
                )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=self.note_label,
                required=False,
                max_length=2000,
                initial=self.initial_note(row),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def initial_points(self, row: IndicatorRow) -> Decimal | None:
        return None

    def initial_passed(self, row: IndicatorRow) -> bool | None:
        return None

    def initial_note(self, row: IndicatorRow) -> str:
        return ""

    def entered(self) -> dict[int, ManualInput]:
        """Every row as entered (open points and verdicts as None), by indicator id."""
        found: dict[int, ManualInput] = {}
        for row in self.manual:
            pk = row.indicator.pk
            raw = self.cleaned_data.get(f"points_{pk}")
            note = self.cleaned_data.get(f"note_{pk}", "")
            if row.indicator.is_veto:
                passed = None if not raw else raw == PASSED
                found[pk] = ManualInput(passed=passed, note=note)
            else:
                found[pk] = ManualInput(points=raw, note=note)
        return found

    def by_indicator(self) -> dict[int, dict[str, forms.BoundField]]:
        """The bound fields of each manual row by indicator id ("points", "note", "evidence" when present)."""
        found: dict[int, dict[str, forms.BoundField]] = {}
        for row in self.manual:
            pk = row.indicator.pk
            found[pk] = {
                name: self[f"{name}_{pk}"]
                for name in ("points", "note", "evidence")
                if f"{name}_{pk}" in self.fields
            }
        return found


class SelfAssessForm(ManualRowsForm):
    """自评: 自评分 or 达标 / 不达标, 自评说明 and new evidence files per manual indicator."""

    what = "自评分"
    note_label = "自评说明"

    def __init__(self, *args: Any, rows: Sequence[IndicatorRow], **kwargs: Any) -> None:
        super().__init__(*args, rows=rows, **kwargs)
        for row in self.manual:
            required = "（必须上传）" if row.indicator.evidence_required else ""
            self.fields[f"evidence_{row.indicator.pk}"] = OptionalFilesField(
                label=f"上传佐证材料{required}（图片、PDF、Office 文件，可多选）"
            )

    def initial_points(self, row: IndicatorRow) -> Decimal | None:
        return row.score.self_points if row.score else None

    def initial_passed(self, row: IndicatorRow) -> bool | None:
        return row.self_passed

    def initial_note(self, row: IndicatorRow) -> str:
        return row.score.self_note if row.score else ""

    def uploads(self) -> dict[int, list[Any]]:
        return {
            row.indicator.pk: files
            for row in self.manual
            if (files := self.cleaned_data.get(f"evidence_{row.indicator.pk}") or [])
        }


class AssessForm(ManualRowsForm):
    """考核评分: 考核分 or 达标 / 不达标 and 考核说明 (the explanation of a gap from the 自评分)."""

    what = "考核分"
    note_label = "考核说明（与自评差异较大时必填）"

    def initial_points(self, row: IndicatorRow) -> Decimal | None:
        if row.mine is None or row.indicator.is_veto:
            return None
        return row.mine.points

    def initial_passed(self, row: IndicatorRow) -> bool | None:
        return row.my_passed

    def initial_note(self, row: IndicatorRow) -> str:
        return row.mine.comment if row.mine else ""


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退回原因"},
    )


class AssessFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    pending = forms.BooleanField(label="只看待评分", required=False)
