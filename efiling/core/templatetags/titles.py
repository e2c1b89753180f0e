"""{% error_title_prefix %}: "Error: " when a form of the page came back with errors, for the
start of the page's title, so that a screen reader user hears at once that the submission
failed (WCAG 2.1 3.3.1; GOV.UK's and USWDS's pattern). Every bound form and formset in the
template's context counts, whatever its name; a page whose errors are no form's (an upload
refused, a search kind) overrides base.html's block `title_prefix`."""

from django import forms, template

register = template.Library()


def _has_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    values = (value for layer in context.dicts for value in layer.values())
    return "Error: " if any(_has_errors(value) for value in values) else ""
