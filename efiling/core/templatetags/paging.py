"""{% page_url number %}: the link to another page of the list a page shows (core.paging)."""

from django import template

from efiling.core.paging import page_link

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    return page_link(context["request"], number)
