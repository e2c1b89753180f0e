"""How the API reads a JSON request body: strictly, so that nothing a client sent is quietly
read as something else.

- Only `Content-Type: application/json` (with no charset, or charset=utf-8) is read as JSON:
  a body sent as text/plain, as a form, with no content type, or declared in another charset
  is refused with 415 `unsupported_media_type` (it used to be parsed all the same).
- The body must be UTF-8 without a byte order mark (RFC 8259 section 8.1): a BOM, UTF-16 or
  UTF-32 (which Python's json.loads would detect and read) or bytes that are not UTF-8 are
  400 `invalid_json`.
- A name given twice in one object is 400 `invalid_json` naming it (json.loads keeps the last
  one silently); NaN and Infinity, which are not JSON, are refused; the body must be an object.
Unknown fields and values of the wrong type are the schema's to refuse (api.schemas.BodySchema).
A body sent without a Content-Length (chunked) never reaches here: the request checks answer
411 first (efiling.core.middleware).
"""

from __future__ import annotations

import codecs
import json

from ninja.parser import Parser

from efiling.core.errors import DomainError, LengthRequired, UnsupportedMediaType

JSON_TYPE = "application/json"
UTF8_NAMES = frozenset({"utf-8", "utf8"})
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NAME_SHOWN = 60  # characters of a repeated name quoted back


def invalid_json(message: str, *, field: str | None = None) -> DomainError:
    return DomainError(message, code="invalid_json", field=field)


def _object(pairs: list[tuple[str, object]]) -> dict:
    """json.loads' object_pairs_hook: an object whose names are all different."""
    found: dict = {}
    for name, value in pairs:
        if name in found:
            shown = name if len(name) <= NAME_SHOWN else name[:NAME_SHOWN] + "\u2026"
            raise invalid_json(
                f'The request body gives "{shown}" twice in one object: send each field once.',
                field=shown,
            )
        found[name] = value
    return found


def _constant(name: str):
    raise invalid_json(f"The request body holds {name}, which is not a JSON number.")


def json_content_type_problem(request) -> str | None:
    """Why the request's Content-Type is not JSON in UTF-8, in words, or None."""
    charset = request.content_params.get("charset")
    if request.content_type != JSON_TYPE:
        sent = request.content_type or "no content type"
        return f"this request has {sent}"
    if charset is not None and charset.strip().lower() not in UTF8_NAMES:
        return f"this request declares charset={charset}"
    return None


class StrictJsonParser(Parser):
    """ninja's parser, reading JSON bodies as the module's text says (query strings as ninja
    does)."""

    def parse_body(self, request) -> dict:
        problem = json_content_type_problem(request)
        if problem:
            raise UnsupportedMediaType(
                "Send the request body as JSON in UTF-8, with the header "
                f"Content-Type: application/json ({problem}).",
                code="unsupported_media_type",
            )
        body = request.body
        if body.startswith(BOMS):  # UTF-32's begin as UTF-16's do
            raise invalid_json(
                "The request body starts with a byte order mark: send JSON in UTF-8 without one."
            )
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise invalid_json(
                "The request body is not UTF-8 (UTF-16 and other encodings are not read)."
            ) from None
        try:
            data = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
        except json.JSONDecodeError as exc:
            raise invalid_json(
                f"The request body is not valid JSON: {exc.msg} (line {exc.lineno}, column "
                f"{exc.colno})."
            ) from None
        except RecursionError:
            raise invalid_json("The request body is nested too deeply to be read.") from None
        if not isinstance(data, dict):
            raise invalid_json("The request body must be a JSON object: {...}.")
        return data


def file_body_check(request, *, accepted: dict[str, str], what: str) -> None:
    """A body that carries a file (an upload, a record to verify) before anything reads it:
    its Content-Type one of `accepted` (type -> how to send it, in words), else 415 naming
    them and what the request has; its length declared, else 411 (a chunked body is never
    read). `what` names the file ("the PDF")."""
    if request.content_type not in accepted:
        ways = ", or ".join(accepted.values())
        raise UnsupportedMediaType(
            f"Send {what} {ways} (this request has {request.content_type or 'no content type'})."
        )
    if not request.META.get("CONTENT_LENGTH", "").strip().isdigit():
        raise LengthRequired(
            f"Send {what} with a Content-Length header (a chunked upload is not accepted)."
        )
