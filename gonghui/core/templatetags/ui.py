"""Template helpers for Tabler-styled forms and small display rules."""

from typing import Any

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def widget(field: forms.BoundField) -> SafeString:
    """Render a field's widget with the Tabler/Bootstrap class for its kind."""
    w = field.field.widget
    if isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return _choice_list(field)
    if isinstance(w, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(w, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = w.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


def _choice_list(field: forms.BoundField) -> SafeString:
    """A list of checkboxes or radio buttons as Tabler form-checks: a text box's class on a checkbox hides its tick."""
    items = []
    for choice in field.subwidgets:
        choice.data["attrs"] = {**choice.data["attrs"], "class": "form-check-input"}
        items.append(
            format_html(
                '<label class="form-check form-check-inline">{}<span class="form-check-label">{}</span></label>',
                choice.tag(),
                choice.choice_label,
            )
        )
    invalid = " is-invalid" if field.errors else ""
    return format_html(
        '<div id="{}" class="form-choices{}">{}</div>',
        field.auto_id,
        invalid,
        format_html_join("", "{}", ((item,) for item in items)),
    )


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)
