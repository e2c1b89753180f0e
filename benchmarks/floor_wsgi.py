"""The WSGI application that benchmarks/filing_submit.py serves with gunicorn: the product's
(config.wsgi), and in front of it, under /bench-floor/, a do-nothing endpoint that reads the
whole request body and answers 201 with an empty JSON object, without Django (issue 16: the
floor of an envelope is the same server receiving the same bytes). Not part of the product's
URL configuration: only this benchmark serves it.
"""

from config.wsgi import application as product

FLOOR_PREFIX = "/bench-floor/"
BLOCK = 256 * 1024


def application(environ, start_response):
    """The do-nothing endpoint for paths under FLOOR_PREFIX, the product for every other."""
    if not environ.get("PATH_INFO", "").startswith(FLOOR_PREFIX):
        return product(environ, start_response)
    remaining = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"]
    while remaining > 0:
        block = body.read(min(BLOCK, remaining))
        if not block:
            break
        remaining -= len(block)
    start_response("201 Created", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]
