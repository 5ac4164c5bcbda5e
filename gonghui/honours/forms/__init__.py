"""Forms of the honours app, one module per part; `NamedErrorsForm` gives Django's default messages the field's
Chinese name (请填写荣誉称号, 年度应为整数) so a cadre sees which field is wrong."""

from typing import Any

from django import forms


def _defaults(field: forms.Field) -> dict[str, str]:
    merged: dict[str, str] = {}
    for klass in reversed(type(field).__mro__):
        merged.update(
            {key: str(value) for key, value in getattr(klass, "default_error_messages", {}).items()}
        )
    return merged


def name_field_errors(field: forms.Field) -> None:
    """Replace the field's Django default messages (not the ones a form set itself) with ones naming the field."""
    label = str(field.label or "")
    if not label:
        return
    defaults = _defaults(field)
    if isinstance(field, forms.FileField):
        required = f"请上传{label}"
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        required = f"请选择{label}"
    else:
        required = f"请填写{label}"
    wanted = {
        "required": required,
        "invalid_choice": f"请从列表中选择{label}",
        "min_value": f"{label}不能小于 %(limit_value)s",
        "max_value": f"{label}不能大于 %(limit_value)s",
        "max_length": f"{label}不能超过 %(limit_value)d 个字",
    }
    if isinstance(field, forms.IntegerField):
        wanted["invalid"] = f"{label}应为整数"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        wanted["invalid"] = f"{label}应为数字"
    elif isinstance(field, forms.DateField):
        wanted["invalid"] = f"{label}格式不正确，请选择日期"
    for key, message in wanted.items():
        current = field.error_messages.get(key)
        if current is None and key not in ("max_length", "min_value", "max_value"):
            continue
        if current is None or str(current) == defaults.get(key):
            field.error_messages[key] = message


class NamedErrorsForm(forms.Form):
    """A form whose fields' default error messages name the field in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_field_errors(field)
