"""`{% icon "name" %}`: a symbol of the vendored Tabler sprite (static/vendor/tabler-icons/sprite.svg), hidden from
screen readers: the text beside it names the thing, read once."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "vendor/tabler-icons/sprite.svg"


@register.simple_tag
def icon(name: str, css: str = "") -> str:
    classes = f"portal-icon {css}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static(SPRITE),
        name,
    )
