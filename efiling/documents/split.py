"""Split a PDF on page boundaries into parts that each fit a size limit (a court's maximum
attachment size): pure functions on files, no Django.

Greedy: each part takes as many following pages as fit once saved. Saved size grows with the
number of pages (a longer run of pages holds everything a shorter one does), so the longest run
that fits is found by doubling and then halving the run, saving each trial to a file: about
2 x log2(pages per part) saves per part, and no part is ever held in memory.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pikepdf

SAFE_BASE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")


class PageTooLarge(ValueError):
    """One page alone is larger than the size limit, so no split can help."""

    def __init__(self, page_number: int, size: int, max_bytes: int | None = None):
        self.page_number = page_number
        self.size = size
        self.max_bytes = max_bytes
        limit = f" (the limit is {max_bytes:,} bytes)" if max_bytes else ""
        super().__init__(
            f"Page {page_number} alone takes {size:,} bytes{limit}, so the document cannot be "
            "split into small enough parts. Reduce that page (for example, scan it at a lower "
            "resolution or in black and white) and try again."
        )


def _save_pages(source: pikepdf.Pdf, first: int, last: int, target: Path) -> int:
    """Save pages first..last (0-based, inclusive) of `source` to `target`; return its size."""
    with pikepdf.new() as part:
        part.pages.extend(source.pages[first : last + 1])
        # Stream data is copied as it is: never decoded, never recompressed.
        part.save(
            target, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
        )
    return target.stat().st_size


def _longest_fit(source: pikepdf.Pdf, first: int, max_bytes: int, trial: Path, kept: Path) -> int:
    """The last page index of the longest run from `first` that fits, saved as `kept`.

    Each run that fits replaces `kept`; runs that fit only ever get longer here, so `kept` ends
    holding the answer.
    """
    total = len(source.pages)

    def fits(last: int) -> bool:
        size = _save_pages(source, first, last, trial)
        if size <= max_bytes:
            os.replace(trial, kept)
            return True
        return False

    if not fits(first):
        raise PageTooLarge(first + 1, trial.stat().st_size, max_bytes)
    good, step, bad = first, 1, total  # bad: first index known not to fit, or past the end
    while good + step < total:  # double the run until it no longer fits
        if not fits(good + step):
            bad = good + step
            break
        good += step
        step *= 2
    while bad - good > 1:  # then halve the gap
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def split_pdf(src: Path, out_dir: Path, *, max_bytes: int, base_name: str) -> list[Path]:
    """Write `<base_name>-part-1-of-N.pdf` ... into `out_dir`, each at most `max_bytes`, pages in
    order, every page exactly once. Raises PageTooLarge if a single page does not fit."""
    if not SAFE_BASE_NAME.fullmatch(base_name):
        raise ValueError("base_name must be letters, digits, '.', '_' or '-' (no path)")
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    trial = out_dir / f".{base_name}.trial.pdf"
    pending: list[Path] = []  # parts under temporary names until the count is known
    try:
        with pikepdf.open(src) as source:
            total = len(source.pages)
            if total == 0:
                raise ValueError("the document has no pages")
            first = 0
            while first < total:
                kept = out_dir / f".{base_name}.part-{len(pending) + 1}.pdf"
                pending.append(kept)
                first = _longest_fit(source, first, max_bytes, trial, kept) + 1
        count = len(pending)
        parts = []
        for number, path in enumerate(pending, start=1):
            final = out_dir / f"{base_name}-part-{number}-of-{count}.pdf"
            os.replace(path, final)
            parts.append(final)
        return parts
    except BaseException:
        for path in pending:
            path.unlink(missing_ok=True)
        raise
    finally:
        trial.unlink(missing_ok=True)
