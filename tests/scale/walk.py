"""A filing walked through a running system over HTTP only, as its users do: the attorney
through the JSON API with a filing token, court staff through the pages (sign-in with password
and TOTP code, CSRF tokens from the forms), a member of the public through the public pages,
without an account. Each call names the web process it goes to."""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import requests

from efiling.core.db_router import WROTE_COOKIE

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JUDGE_CHOICE = re.compile(r'<select name="judge".*?<option value="([0-9]+)"', re.DOTALL)
TIMEOUT = 60


def _ok(response: requests.Response, *expected: int) -> requests.Response:
    if response.status_code not in (expected or (200,)):
        raise AssertionError(
            f"{response.request.method} {response.url}: {response.status_code}\n"
            f"{response.text[:2000]}"
        )
    return response


class Attorney:
    """The attorney's software: the JSON API with a bearer token."""

    def __init__(self, token: str, signature: str):
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.signature = signature

    def call(self, web: str, method: str, path: str, *expected: int, **options) -> dict:
        response = self.http.request(method, f"{web}/api/v1{path}", timeout=TIMEOUT, **options)
        return _ok(response, *expected).json()

    def file_new_case(self, web: str, pdf: bytes, caption: str) -> dict:
        """A new civil case in St. Louis County (a petitioner the attorney represents, a
        respondent, the petition), submitted; the envelope as GetFilingStatus shows it."""
        envelope = self.call(
            web, "POST", "/envelopes", 201,
            json={"court": "SL", "case_type": "CC", "caption": caption},
        )  # fmt: skip
        base = f"/envelopes/{envelope['id']}"
        for represented, role, last_name in ((True, "petitioner", "Lawson"),
                                             (False, "respondent", "Example")):  # fmt: skip
            self.call(
                web, "POST", f"{base}/parties", 201,
                json={"kind": "person", "role": role, "first_name": "Pat",
                      "last_name": last_name, "represented": represented},
            )  # fmt: skip
        filing = self.call(web, "POST", f"{base}/filings", 201, json={"code": "PET"})["filings"][0]
        self.call(
            web, "POST", f"{base}/filings/{filing['id']}/documents", 201,
            params={"kind": "lead", "file_name": "petition.pdf"}, data=pdf,
            headers={"Content-Type": "application/pdf"},
        )  # fmt: skip
        return self.call(
            web, "POST", f"{base}/submit", 200,
            json={"signature": self.signature},
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )  # fmt: skip

    def status(self, web: str, envelope_id: str, *expected: int) -> dict:
        return self.call(web, "GET", f"/envelopes/{envelope_id}", *(expected or (200,)))

    def cases(self, web: str) -> list[dict]:
        """GetCaseList: the attorney's cases, newest first."""
        return self.call(web, "GET", "/cases", params={"limit": 100})["items"]

    def case_numbered(self, web: str, number: str) -> dict:
        """GetCase of the attorney's case with this number."""
        case_id = next(case["id"] for case in self.cases(web) if case["number"] == number)
        return self.call(web, "GET", f"/cases/{case_id}")

    def wait_stamped(self, web: str, number: str, timeout: float = 90) -> dict:
        """GetCase, polled until the petition's docket entry is stamped (a task worker's job);
        the docket entry."""
        deadline = time.monotonic() + timeout
        while True:
            entry = self.case_numbered(web, number)["docket"][0]
            if entry["stamping"] == "stamped":
                return entry
            if entry["stamping"] == "failed" or time.monotonic() > deadline:
                raise AssertionError(f"docket entry 1 of {number} is {entry['stamping']}")
            time.sleep(0.5)

    def document(self, web: str, document_id: int) -> bytes:
        """GetDocument: the file-stamped copy."""
        response = self.http.get(f"{web}/api/v1/documents/{document_id}", timeout=TIMEOUT)
        return _ok(response).content


class CourtUser:
    """A clerk or judge in a browser-like session: cookies kept, CSRF tokens read from forms.
    `signature`: how they sign an order ("/s/ <full name>")."""

    def __init__(self, email: str, password: str, totp: str, signature: str = ""):
        self.http = requests.Session()
        self.email, self.password, self.totp = email, password, totp
        self.signature = signature

    def _form_token(self, url: str) -> str:
        page = _ok(self.http.get(url, timeout=TIMEOUT))
        found = CSRF_FIELD.search(page.text)
        if found is None:
            raise AssertionError(f"no form on {url}")
        return found.group(1)

    def post(self, url: str, data: dict, *expected: int, page: str = "") -> requests.Response:
        """The form on the page at `url` (or at `page`, when it posts elsewhere), posted to
        `url` (without following the redirect)."""
        data = {**data, "csrfmiddlewaretoken": self._form_token(page or url)}
        response = self.http.post(url, data=data, allow_redirects=False, timeout=TIMEOUT)
        return _ok(response, *(expected or (302,)))

    def sign_in(self, web: str) -> None:
        """Password, then the code of the authenticator app."""
        self.post(f"{web}/accounts/sign-in/", {"email": self.email, "password": self.password})
        self.post(f"{web}/accounts/sign-in/code/", {"code": pyotp.TOTP(self.totp).now()})
        _ok(self.http.get(f"{web}/accounts/profile/", allow_redirects=False, timeout=TIMEOUT))

    def accept(self, web: str, filing_id: int) -> None:
        """Open the filing for review and accept it."""
        response = self.post(f"{web}/court/review/{filing_id}/", {"decision": "accept"})
        assert response.headers["Location"].endswith("/court/SL/review/"), response.headers

    def search(self, web: str, query: str) -> str:
        """The court's case search (St. Louis County); the page's HTML."""
        response = self.http.get(f"{web}/court/SL/cases/", params={"q": query}, timeout=TIMEOUT)
        return _ok(response).text

    def finds(self, web: str, case: dict) -> bool:
        """Whether the court's case search for the case's number lists it (a result row links
        to the case page; the search box repeats the number in any case)."""
        row = f'<a href="/court/cases/{case["id"]}/">{case["number"]}</a>'
        return row in self.search(web, case["number"])

    def expunge(self, web: str, case: dict) -> None:
        """As the judge: write an order of expungement (RSMo 610.140) of the case (GetCase's
        id), send it to their own queue, and sign it: the case's record is closed."""
        form = f"{web}/court/cases/{case['id']}/orders/new/"
        choice = JUDGE_CHOICE.search(_ok(self.http.get(form, timeout=TIMEOUT)).text)
        if choice is None:
            raise AssertionError(f"no judge to choose on {form}")
        prepared = self.post(
            form,
            {
                "kind": "expungement",
                "title": "Order of expungement",
                "judge": choice.group(1),
                "body": "The records of this case are closed under RSMo 610.140.",
                "then": "submit",
            },
        )
        review = f"{web}{prepared.headers['Location']}"
        signed = self.post(f"{review}sign/", {"signature": self.signature}, page=review)
        assert "/orders/" in signed.headers["Location"], signed.headers

    def forget_recent_write(self) -> None:
        """Drop the read-your-writes marker, as the end of its lifetime does."""
        self.http.cookies.pop(WROTE_COOKIE, None)


class Visitor:
    """A member of the public: no account, no cookie of a recent writer."""

    def __init__(self):
        self.http = requests.Session()

    def get(self, web: str, path: str) -> requests.Response:
        return self.http.get(f"{web}{path}", timeout=TIMEOUT)

    def finds(self, web: str, number: str) -> bool:
        """Whether the public search by case number lists the case (a result row links to
        its public page)."""
        response = self.http.get(
            f"{web}/public/search/", params={"kind": "number", "number": number}, timeout=TIMEOUT
        )
        return f'href="/public/cases/{number}/"' in _ok(response).text
