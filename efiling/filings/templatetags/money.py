from django import template

register = template.Library()


@register.filter
def money(cents) -> str:
    """Whole cents as dollars: 12345 -> "$123.45"."""
    cents = int(cents or 0)
    return f"${cents // 100:,}.{cents % 100:02d}"
