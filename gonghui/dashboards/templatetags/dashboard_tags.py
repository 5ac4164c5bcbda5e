from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """A percentage from the statistics (None when the denominator is zero) as text."""
    return "—" if value is None else f"{value:.1f}%"
