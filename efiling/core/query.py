"""One value of a request parameter read by a view outside a form: a query parameter, a
posted field (such as a button's action) or an uploaded file sent more than once is refused
naming it (400), never read as its last value as Django's QueryDict.get does (a test holds
every view to these: tests/core/test_request_values.py). Parameters a view does not read
(utm_* and the like that links pick up) stay ignored."""

from efiling.core.errors import DomainError


def _one(data, name: str, default, where: str):
    values = data.getlist(name)
    if len(values) > 1:
        raise DomainError(
            f"The {where} {name} is given {len(values)} times: it takes one value, so give it "
            "once.",
            code="repeated_parameter",
            field=name,
        )
    return values[0] if values else default


def query_value(request, name: str, default: str | None = None) -> str | None:
    """The query parameter `name` (`default` when absent); DomainError (400,
    repeated_parameter, field `name`) when the address gives it more than once."""
    return _one(request.GET, name, default, "address's query parameter")


def posted_value(request, name: str, default: str | None = None) -> str | None:
    """The posted field `name` (`default` when absent); DomainError (400, repeated_parameter)
    when the form sent it more than once."""
    return _one(request.POST, name, default, "form's field")


def uploaded_file(request, name: str):
    """The uploaded file of the field `name` (None when absent); DomainError (400,
    repeated_parameter) when the form sent more than one file under that name."""
    return _one(request.FILES, name, None, "form's file field")
