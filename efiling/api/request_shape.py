"""What an operation's request may hold besides its declared inputs: nothing. Installed once,
on every operation (api.urls: `api.add_decorator(inputs_checked)`), it runs after
authentication and ninja's own parameter checks, before the handler:

- an operation that declares no request body (no body schema, and no requestBody in its
  OpenAPI text, as UploadDocument's PDF has) refuses a body other than empty or `{}`:
  422 `unexpected_body`, field "body" (it used to be ignored silently); an empty form (a
  multipart body with no field, as some clients frame "nothing") is no body either;
- a query parameter the operation does not declare is 422 `unknown_parameter` naming it (a
  misspelt `?unred=true` used to list every notice); a declared one given more than once,
  unless it is a list, is 422 `repeated_parameter` (ninja read the last one).
Unknown fields inside a body are the schema's to refuse (api.schemas.BodySchema)."""

import re
from functools import wraps

from efiling.core.errors import ValidationFailed

BODY_SOURCES = frozenset({"body", "form", "file"})
# The longest body that may still be an empty object ("{ }" with some white space).
EMPTY_OBJECT_MAX_BYTES = 64
EMPTY_OBJECT = re.compile(rb"\s*(?:\{\s*\})?\s*")
FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
NO_BODY = "This operation takes no request body: send none (or {})."


def declares_body(operation) -> bool:
    """Whether `operation` (a ninja Operation) takes a request body."""
    extra = operation.openapi_extra or {}
    return "requestBody" in extra or any(
        model.__ninja_param_source__ in BODY_SOURCES for model in operation.models
    )


def query_parameters(operation) -> tuple[set[str], set[str]]:
    """(every query parameter `operation` declares, those of them that take a list)."""
    names: set[str] = set()
    lists: set[str] = set()
    for model in operation.models:
        if model.__ninja_param_source__ == "query":
            names |= set(getattr(model, "__ninja_flatten_map__", None) or model.model_fields)
            lists |= set(getattr(model, "__ninja_collection_fields__", ()))
    return names, lists


def _body_problem(request) -> bool:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length == "0":
        return False
    if not length.isdigit() or int(length) > EMPTY_OBJECT_MAX_BYTES:
        return True  # refused without reading it
    body = request.body  # read first: the form below is parsed from it, and so may others be
    if request.content_type in FORM_TYPES:  # an empty form is framed, but holds nothing
        return bool(request.POST or request.FILES)
    return not EMPTY_OBJECT.fullmatch(body)


def _query_problem(request, names: set[str], lists: set[str]) -> ValidationFailed | None:
    for name in request.GET:
        if name not in names:
            declared = ", ".join(sorted(names)) or "none"
            return ValidationFailed(
                f"The query parameter {name} is not one this operation takes (it takes: "
                f"{declared}); check its spelling against /api/v1/docs.",
                code="unknown_parameter",
                field=name,
            )
        if name not in lists and len(request.GET.getlist(name)) > 1:
            return ValidationFailed(
                f"The query parameter {name} is given more than once: it takes one value.",
                code="repeated_parameter",
                field=name,
            )
    return None


def inputs_checked(handler):
    """ninja's "operation" decorator: the handler of an operation, refusing what the operation
    does not declare (the module's text) with ValidationFailed (422)."""
    operation = handler._ninja_operation
    takes_body = declares_body(operation)
    names, lists = query_parameters(operation)

    @wraps(handler)
    def checked(request, *args, **kwargs):
        if not takes_body and _body_problem(request):
            raise ValidationFailed(NO_BODY, code="unexpected_body", field="body")
        problem = _query_problem(request, names, lists)
        if problem is not None:
            raise problem
        return handler(request, *args, **kwargs)

    return checked
