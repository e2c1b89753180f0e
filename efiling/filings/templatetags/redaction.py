"""{{ finding.kind|redaction_kind }}: a redaction finding's kind in words ("Social Security
number"), never its key ("ssn"); an unknown key is shown with its underscores as spaces."""

from django import template

from efiling.documents.redaction import KIND_LABELS

register = template.Library()


@register.filter
def redaction_kind(kind: str) -> str:
    return KIND_LABELS.get(kind, str(kind).replace("_", " "))
