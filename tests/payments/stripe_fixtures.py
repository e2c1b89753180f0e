"""Stripe, as its documentation describes it, for the adapter's tests (Stripe cannot be reached
from here): webhook events of the documented shape, signed as Stripe signs them (the
Stripe-Signature header "t=<unix time>,v1=<HMAC-SHA256 of 't.body' under the endpoint's
secret, hex>"), and a tiny local HTTP server that answers the Checkout Session API
(POST /v1/checkout/sessions, GET /v1/checkout/sessions/<id>) with the documented objects, so
that the official library really sends its requests (stripe.api_base points at it)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import stripe

WEBHOOK_SECRET = "whsec_test_efiling_0123456789abcdef"
SECRET_KEY = "sk_test_efiling_0123456789"


def signature_header(body: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send with `body`."""
    timestamp = int(time.time()) if at is None else at
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def checkout_session(
    session_id: str,
    *,
    reference: str,
    amount_cents: int,
    payment_status: str = "paid",
    status: str = "complete",
    currency: str = "usd",
) -> dict:
    """A Checkout Session object (the fields the adapter reads, and a few more as Stripe
    sends them)."""
    return {
        "id": session_id,
        "object": "checkout.session",
        "amount_subtotal": amount_cents,
        "amount_total": amount_cents,
        "client_reference_id": reference,
        "currency": currency,
        "livemode": False,
        "metadata": {"deposit_reference": reference},
        "mode": "payment",
        "payment_status": payment_status,
        "status": status,
        "url": None if status != "open" else f"https://checkout.stripe.com/c/pay/{session_id}",
    }


def event(kind: str, session: dict, *, event_id: str = "evt_test_1") -> bytes:
    """A webhook event body as Stripe sends it."""
    body = {
        "id": event_id,
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "data": {"object": session},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }
    return json.dumps(body).encode()


class FakeStripe:
    """What the fake API received, and the sessions it holds."""

    def __init__(self):
        self.requests: list[dict] = []
        self.sessions: dict[str, dict] = {}
        self.fail_with: int | None = None


def _handler(state: FakeStripe):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", "req_test")
            self.end_headers()
            self.wfile.write(data)

        def _refuse_unless_authorized(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                self._answer(401, {"error": {"type": "invalid_request_error", "message": "key"}})
                return True
            if state.fail_with:
                self._answer(
                    state.fail_with, {"error": {"type": "api_error", "message": "unavailable"}}
                )
                return True
            return False

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            state.requests.append(
                {
                    "method": "POST",
                    "path": self.path,
                    "form": {k: v[0] for k, v in form.items()},
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                }
            )
            if self._refuse_unless_authorized():
                return
            if self.path != "/v1/checkout/sessions":
                self._answer(404, {"error": {"type": "invalid_request_error"}})
                return
            session_id = f"cs_test_{len(state.sessions) + 1:04d}"
            session = checkout_session(
                session_id,
                reference=form["client_reference_id"][0],
                amount_cents=int(form["line_items[0][price_data][unit_amount]"][0]),
                payment_status="unpaid",
                status="open",
            )
            state.sessions[session_id] = session
            self._answer(200, session)

        def do_GET(self):
            state.requests.append({"method": "GET", "path": self.path})
            if self._refuse_unless_authorized():
                return
            session = state.sessions.get(self.path.rsplit("/", 1)[-1].split("?")[0])
            if session is None:
                self._answer(404, {"error": {"type": "invalid_request_error"}})
                return
            self._answer(200, session)

        def log_message(self, *args):
            """Quiet: the test reads the answers, not the server's log."""

    return Handler


@contextmanager
def fake_stripe_api():
    """Run the fake API on a free loopback port with stripe.api_base pointing at it."""
    state = FakeStripe()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    previous = stripe.api_base, stripe.max_network_retries
    stripe.api_base = f"http://127.0.0.1:{server.server_port}"
    stripe.max_network_retries = 0
    try:
        yield state
    finally:
        stripe.api_base, stripe.max_network_retries = previous
        server.shutdown()
        server.server_close()
