"""Find what Rule 55.025 says a filer must redact but did not: pure functions on files, no Django.

`find_unredacted` reads the text layer of each page (PDFium) and reports Social Security numbers,
card numbers, financial account and routing numbers, dates of birth, and text that is still in
the file under a black box (hidden_text.py: a drawn rectangle or an annotation is not a
redaction); then the text a viewer shows outside the page content (outside_pages.py: comments,
form fields, bookmarks, the document's properties and XMP metadata), each finding saying where
it is. Excerpts are masked: a finding never repeats the full number.

`find_in_earlier_versions` reads the earlier versions an incrementally saved file still holds
(see revisions.py), and `find_in_unshown` the content no page shows (unshown.py); the court
never keeps either, so what they find becomes one note for the filer (`earlier_versions_note`,
`unshown_note`) rather than a warning to act on before filing.

Call these only on a file `inspect_pdf` accepted (stream sizes and the content each page draws
are not re-checked here). The checks favour few false alarms: a phone number, a case number
(26SL-CC00807) or a date without a birth-date label never fires. They are a help to the filer,
not a guarantee: a number written in words, split across lines or inside an image is not found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from efiling.documents._pdfium import read_pages
from efiling.documents.hidden_text import MAX_DOCUMENT_MARKS, PageMarks, hidden_texts, read_marks
from efiling.documents.outside_pages import texts_outside_pages
from efiling.documents.pages import page_tree
from efiling.documents.revisions import read_pdf


@dataclass
class Finding:
    page: int  # 1-based; 0 for a finding outside the pages (the document's properties)
    kind: str  # ssn | card | bank_account | date_of_birth | hidden_text | hidden_text_unchecked
    excerpt: str  # masked
    where: str = ""  # outside the page content: "in a comment on page 2"; else empty

    @property
    def message(self) -> str:
        place = self.where[:1].upper() + self.where[1:] if self.where else f"Page {self.page}"
        excerpt = f" ({self.excerpt})" if self.excerpt else ""
        return f"{place}: {KIND_MESSAGES[self.kind]}{excerpt}"

    def as_dict(self) -> dict:
        """What a document keeps of it (Document.redaction_findings)."""
        found = {"page": self.page, "kind": self.kind, "excerpt": self.excerpt}
        return {**found, "where": self.where} if self.where else found


# What each finding means to the filer (Rule 55.025), and what to do.
KIND_MESSAGES = {
    "ssn": "a Social Security number. Redact it and list it on the Confidential Redacted "
    "Information Filing Sheet",
    "card": "a payment card number. Redact it and list it on the Confidential Redacted "
    "Information Filing Sheet",
    "bank_account": "a financial account or routing number. Redact it and list it on the "
    "Confidential Redacted Information Filing Sheet",
    "date_of_birth": "a full date of birth. Redact it (the year alone may stay) and list it on "
    "the Confidential Redacted Information Filing Sheet",
    "hidden_text": "text hidden under a black box is still in the file, and anyone can copy it "
    "out. Remove the text itself with a redaction tool, not a drawn box",
    "hidden_text_unchecked": "the court's check could not look at every character and box for "
    "text hidden under black boxes (there are too many). Check yourself that every redaction "
    "removed the text itself",
}


# What each kind of number is, in a sentence about an earlier version ("showed what looks like").
KIND_NAMES = {
    "ssn": "a Social Security number",
    "card": "a payment card number",
    "bank_account": "a financial account or routing number",
    "date_of_birth": "a full date of birth",
}
# Each kind as a list shows it to the filer ("Social Security number"), never its key.
KIND_LABELS = {
    **{
        kind: name.removeprefix("a ")[:1].upper() + name.removeprefix("a ")[1:]
        for kind, name in KIND_NAMES.items()
    },
    "hidden_text": "Text hidden under a black box",
    "hidden_text_unchecked": "Black boxes the check could not finish",
}


# --- Masking ----------------------------------------------------------------------------------


def mask_digits(value: str, keep_last: int = 4) -> str:
    """Replace every digit but the last `keep_last` with "*", keeping separators."""
    digits = sum(ch.isdigit() for ch in value)
    out, seen = [], 0
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - keep_last else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_text(value: str, keep_first: int = 2, max_length: int = 40) -> str:
    """Keep the first `keep_first` letters or digits, replace the others with "*". Text taken
    from a PDF may hold control characters (NUL) or lone surrogates, which the database refuses:
    controls become spaces, surrogates are dropped."""
    value = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in value
        if unicodedata.category(ch) != "Cs"
    )
    value = " ".join(value.split())[:max_length]
    out, seen = [], 0
    for ch in value:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen <= keep_first else "*")
        else:
            out.append(ch)
    return "".join(out)


# --- Numbers ----------------------------------------------------------------------------------

SSN = re.compile(r"(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])")
SSN_LABELLED = re.compile(
    r"(?i)\b(?:ssn|ss\s?#|soc(?:ial)?\.?\s+sec(?:urity)?\.?(?:\s+(?:no|number|num))?\.?)"
    r"\s*[:#]?\s*(\d{9})(?!\d)"
)
CARD = re.compile(r"(?<![\w-])\d{3,}(?:[ -]\d{3,})*(?![\w-])")
NUMBER = re.compile(r"(?<![\w/.-])\d+(?:-\d+)*(?![\w/-]|\.\d)")
PHONE = re.compile(r"^\d{3}-\d{3}-\d{4}$")
ACCOUNT_WORDS = re.compile(
    r"(?i)\b(?:account|acct|a/c|checking|savings|routing|aba|rtn)\b(?:\s*(?:no|number|num|#))?"
)
ROUTING_WORDS = re.compile(r"(?i)\b(?:routing|aba|rtn)\b")
CONTEXT_CHARS = 30


def ssn_valid(area: str, group: str, serial: str) -> bool:
    return area != "000" and area != "666" and area[0] != "9" and group != "00" and serial != "0000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        n = int(ch)
        if index % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    n = len(digits)
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "Visa"
    if n == 16 and (51 <= p2 <= 55 or 2221 <= p4 <= 2720):
        return "Mastercard"
    if n == 15 and p2 in (34, 37):
        return "American Express"
    if 16 <= n <= 19 and (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925):
        return "Discover"
    if 14 <= n <= 19 and (300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095):
        return "Diners Club"
    if 16 <= n <= 19 and 3528 <= p4 <= 3589:
        return "JCB"
    if 16 <= n <= 19 and p2 == 62:
        return "UnionPay"
    return None


def aba_valid(digits: str) -> bool:
    """An ABA routing number: nine digits, a Federal Reserve prefix, and the checksum."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    d = [int(ch) for ch in digits]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _find_ssns(text: str, taken: list[tuple[int, int]]) -> list[str]:
    found = []
    for match in SSN.finditer(text):
        area, _sep, group, serial = match.groups()
        if ssn_valid(area, group, serial):
            found.append(f"***-**-{serial}")
            taken.append(match.span())
    for match in SSN_LABELLED.finditer(text):
        digits = match.group(1)
        if ssn_valid(digits[:3], digits[3:5], digits[5:]) and not _overlaps(match.span(1), taken):
            found.append(f"***-**-{digits[5:]}")
            taken.append(match.span(1))
    return found


def _find_cards(text: str, taken: list[tuple[int, int]]) -> list[str]:
    found = []
    for match in CARD.finditer(text):
        # Try every run of consecutive groups, so "Invoice 1234 4111 1111 1111 1111" finds the card.
        groups = [
            (m.start() + match.start(), m.end() + match.start())
            for m in re.finditer(r"\d+", match.group())
        ]
        for first in range(len(groups)):
            hit = False
            for last in range(len(groups) - 1, first - 1, -1):
                start, end = groups[first][0], groups[last][1]
                value = text[start:end]
                digits = re.sub(r"\D", "", value)
                if 13 <= len(digits) <= 19 and luhn_valid(digits) and card_brand(digits):
                    if not _overlaps((start, end), taken):
                        found.append(mask_digits(value))
                        taken.append((start, end))
                    hit = True
                    break
            if hit:
                break
    return found


def _find_accounts(text: str, taken: list[tuple[int, int]]) -> list[str]:
    found = []
    for match in NUMBER.finditer(text):
        value = match.group()
        digits = value.replace("-", "")
        if not 8 <= len(digits) <= 17 or PHONE.match(value) or _overlaps(match.span(), taken):
            continue
        before = text[max(0, match.start() - CONTEXT_CHARS) : match.start()]
        words = list(ACCOUNT_WORDS.finditer(before))
        if not words:
            continue
        routing_label = ROUTING_WORDS.search(words[-1].group())
        if routing_label and len(digits) == 9 and not aba_valid(digits):
            continue
        found.append(mask_digits(value))
        taken.append(match.span())
    return found


# --- Dates of birth ---------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month_name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = re.compile(
    r"(?i)(?<![\w/.-])(?:"
    r"(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    rf"|{_MONTH}\s+(?P<nd>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ny>\d{{4}})"
    r"|(?P<dd>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month_name2>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?"
    r"|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?)\.?,?\s+(?P<dy>\d{4})"
    r")(?![\w/-])"
)
BIRTH_WORDS = re.compile(
    r"(?i)(?:\bd\.\s?o\.\s?b\.?|\bdob\b|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn\b(?:\s+on)?)"
)


def _date_parts(match: re.Match) -> tuple[int, int, str] | None:
    """(month, day, year as written) if the match is a real calendar date."""
    g = match.groupdict()
    if g["m"]:
        month, day, year = int(g["m"]), int(g["d"]), g["y"]
        if month > 12 and day <= 12:  # day first (12/31 vs 31/12)
            month, day = day, month
    elif g["iy"]:
        month, day, year = int(g["im"]), int(g["id"]), g["iy"]
    elif g["month_name"]:
        month, day, year = _MONTHS[g["month_name"][:3].lower()], int(g["nd"]), g["ny"]
    else:
        month, day, year = _MONTHS[g["month_name2"][:3].lower()], int(g["dd"]), g["dy"]
    if 1 <= month <= 12 and 1 <= day <= 31:
        return month, day, year
    return None


def _find_births(text: str) -> list[str]:
    found = []
    for match in DATE.finditer(text):
        parts = _date_parts(match)
        if parts is None:
            continue
        before = text[max(0, match.start() - CONTEXT_CHARS) : match.start()]
        labels = list(BIRTH_WORDS.finditer(before))
        # The label must belong to this date: no other number between them.
        if labels and not any(ch.isdigit() for ch in before[labels[-1].end() :]):
            found.append(f"**/**/{parts[2]}")  # the year of birth alone is public (Case.net)
    return found


def find_in_text(text: str) -> list[tuple[str, str]]:
    """(kind, masked excerpt) for every sensitive number or date in `text`."""
    taken: list[tuple[int, int]] = []
    found = [("ssn", e) for e in _find_ssns(text, taken)]
    found += [("card", e) for e in _find_cards(text, taken)]
    found += [("bank_account", e) for e in _find_accounts(text, taken)]
    found += [("date_of_birth", e) for e in _find_births(text)]
    return found


# --- Public API -------------------------------------------------------------------------------

# Pages listed to find their comments: the file passed inspect_pdf, so its tree is within the
# court's limit; this only bounds the walk.
PAGE_TREE_BOUND = 100_000


def _page_reader(budget: list[int]):
    """PDFium's reading of one page (under its lock): its text and its marks, within the
    document's `budget` of marks (hidden_text.read_marks)."""

    def read(page) -> tuple[str, PageMarks]:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range(), read_marks(page, textpage, budget)
        finally:
            textpage.close()

    return read


def _unchecked(pages: list[int]) -> list[Finding]:
    """One finding per run of consecutive pages not checked fully for hidden text."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return [
        Finding(
            page=run[0],
            kind="hidden_text_unchecked",
            excerpt="",
            where=f"pages {run[0]} to {run[-1]}" if len(run) > 1 else "",
        )
        for run in runs
    ]


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()


def find_unredacted(path: Path, *, max_pages: int = 500) -> list[Finding]:
    """What the filer should have redacted on the first `max_pages` pages, page by page, then
    in the text shown outside the pages' content (comments, form fields, bookmarks, the
    document's properties and metadata)."""
    findings: list[Finding] = []
    unchecked: list[int] = []
    pages = read_pages(Path(path), _page_reader([MAX_DOCUMENT_MARKS]), max_pages)
    for number, (text, marks) in enumerate(pages, start=1):
        for kind, excerpt in find_in_text(text):
            findings.append(Finding(page=number, kind=kind, excerpt=excerpt))
        hidden, complete = hidden_texts(marks)
        for words in hidden:
            findings.append(Finding(page=number, kind="hidden_text", excerpt=mask_text(words)))
        if not complete:
            unchecked.append(number)
    findings += _unchecked(unchecked)
    _data, _layout, pdf = read_pdf(Path(path))
    with pdf:
        nodes = page_tree(pdf, PAGE_TREE_BOUND) or []
        for placed in texts_outside_pages(pdf, nodes[:max_pages]):
            findings += [
                Finding(page=placed.page, kind=kind, excerpt=excerpt, where=placed.where)
                for kind, excerpt in find_in_text(placed.text)
            ]
    return findings


def _numbers_in_pages(source: Path | bytes, max_pages: int) -> list[Finding]:
    """Sensitive numbers and dates (`find_in_text`) on the first `max_pages` pages."""
    return [
        Finding(page=number, kind=kind, excerpt=excerpt)
        for number, text in enumerate(read_pages(source, _page_text, max_pages), start=1)
        for kind, excerpt in find_in_text(text)
    ]


def find_in_earlier_versions(
    path: Path, ends: Iterable[int], *, max_pages: int = 500
) -> list[Finding]:
    """Sensitive numbers and dates (`find_in_text`) on the first `max_pages` pages of each
    earlier version kept in the file at `path`; the version ending at byte `end` for each of
    `ends` (PdfReport.earlier_versions: only versions inspect_pdf found within its limits).
    Text under black boxes is not looked for: the court does not keep these versions."""
    data = Path(path).read_bytes()
    findings: list[Finding] = []
    for end in ends:
        findings += _numbers_in_pages(data[:end], max_pages)
    return findings


def find_in_unshown(scratch: bytes) -> list[Finding]:
    """Sensitive numbers and dates in content no page shows, laid out by unshown.py on the
    pages of the scratch document `scratch` (one page per removed content stream)."""
    return _numbers_in_pages(scratch, 10_000)


def _listed(findings: Iterable[Finding], known: Iterable[Finding], page_words: bool) -> str:
    """The sensitive things found, not among `known`, in one phrase ("" if none)."""
    already = {(f.kind, f.excerpt) for f in known}
    items: dict[tuple[str, str], int] = {}
    for finding in findings:
        key = (finding.kind, finding.excerpt)
        if finding.kind in KIND_NAMES and key not in already:
            items.setdefault(key, finding.page)
    parts = [
        f"{KIND_NAMES[kind]} ({excerpt}, page {page})"
        if page_words
        else f"{KIND_NAMES[kind]} ({excerpt})"
        for (kind, excerpt), page in items.items()
    ]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def earlier_versions_note(findings: Iterable[Finding], shown: Iterable[Finding] = ()) -> str | None:
    """One note for the filer about what the earlier versions showed, leaving out what the
    last version shows too (`shown`: its findings, warned about already); None if nothing is
    left. The court does not keep those versions, so the note says so, and that the filer's
    source file still holds them."""
    listed = _listed(findings, shown, page_words=True)
    if not listed:
        return None
    return (
        f"An earlier version of this document inside the file showed what looks like {listed}. "
        "The court does not keep earlier versions: they were removed from the copy filed. "
        "Check your source file, which still holds them, and redact it before you use it again."
    )


def unshown_note(findings: Iterable[Finding], known: Iterable[Finding] = ()) -> str | None:
    """One note for the filer about what content no page showed held, leaving out what the
    pages or an earlier version show too (`known`); None if nothing is left."""
    listed = _listed(findings, known, page_words=False)
    if not listed:
        return None
    return (
        f"Content inside the file that no page showed contained what looks like {listed}. "
        "It was removed from the copy filed. Check your source file, which still holds it, "
        "and redact it before you use it again."
    )
