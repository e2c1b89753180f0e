"""What `inspect_pdf` finds, in the filer's words: each problem's code, what happens about it
(refuse, clean, warn) and what the filer reads. The reasons for each choice are in
docs/decisions/0003-pdf-acceptance.md."""

from __future__ import annotations

from dataclasses import dataclass

REFUSE = "refuse"
CLEAN = "clean"
WARN = "warn"


@dataclass
class PdfProblem:
    code: str
    message: str
    action: str  # REFUSE | CLEAN | WARN


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


# The filer reads these: say what is wrong and what to do.
def problem(
    code: str, *, count: int = 0, limit: int = 0, page: int = 0, detail: str = ""
) -> PdfProblem:
    """The problem `code` with its message; `count`, `limit`, `page` and `detail` fill in the
    words of the codes that use them."""
    messages = {
        "empty": (REFUSE, "This file is empty (0 bytes). Choose the document again and upload it."),
        "not_pdf": (
            REFUSE,
            "This file is not a PDF, whatever its name says. Save or print the document as PDF "
            "and upload that file.",
        ),
        "damaged": (
            REFUSE,
            "This PDF is damaged or incomplete (for example, cut off while it was downloaded or "
            "copied). Open it, check that every page is there, save it again as PDF and upload "
            "the new file.",
        ),
        "password_protected": (
            REFUSE,
            "This file is password-protected. Remove the password and upload it again.",
        ),
        "too_many_pages": (
            REFUSE,
            f"This PDF has more than {limit:,} pages, the most this court accepts in one "
            "document. Split it into documents of at most "
            f"{limit:,} pages and upload each of them (for example, as separate exhibits).",
        ),
        "too_many_objects": (
            REFUSE,
            f"This PDF is built from more than {limit:,} separate parts (PDF objects), far "
            f"more than a document of at most {count:,} pages needs, and more than the court's "
            "systems can safely open. Print or save it again as PDF, or split it into smaller "
            "documents, and upload the new files.",
        ),
        "page_size": (
            REFUSE,
            f"Page {page:,} of this PDF {detail}, so the court cannot show or file-stamp it. "
            "Print or save the document again as PDF on ordinary paper sizes and upload that "
            "file.",
        ),
        "restricted": (
            CLEAN,
            "This PDF is locked against printing, copying or changes (an owner password). The "
            "court must be able to stamp, print and copy what it files, so the lock will be "
            "removed. The content stays as it is.",
        ),
        "too_large_unpacked": (
            REFUSE,
            "This PDF unpacks to far more data than its size suggests (more than "
            f"{megabytes(limit)}), more than the court's systems can safely open. Print or save "
            "it again as an ordinary PDF and upload that file.",
        ),
        "too_much_content": (
            REFUSE,
            f"Page {page:,} of this PDF draws the same parts over and over (more than "
            f"{limit:,} times, or far more content than a page holds), so it takes more work to "
            "open than the court's systems allow. Print it again to a new PDF (or save it as "
            "PDF from the program that made it) and upload that file.",
        ),
        "too_much_work": (
            REFUSE,
            "This PDF takes more work to open than the court's systems allow (more memory or "
            "time than any ordinary document needs). Print it again to a new PDF (or save it "
            "as PDF from the program that made it) and upload that file.",
        ),
        "no_pages": (
            REFUSE,
            "This PDF has no pages. Check that you chose the right file and upload it again.",
        ),
        "embedded_files": (
            REFUSE,
            f"This PDF has {plural(count, 'other file')} attached inside it. Everything filed "
            "must be visible on the pages: remove the attachments from the PDF, upload each of "
            "them as a separate exhibit, and upload this document again.",
        ),
        "dynamic_form": (
            REFUSE,
            "This PDF is a dynamic (XFA) form that many readers show as a blank or 'please wait' "
            "page, so the court may not see your content. Print it to a new PDF and upload that "
            "file.",
        ),
        "javascript": (
            CLEAN,
            f"This PDF contains {plural(count, 'script')} (JavaScript). Filed documents must not "
            "run programs, so the scripts will be removed. What is printed on the pages stays "
            "as it is.",
        ),
        "launch": (
            CLEAN,
            f"This PDF has {plural(count, 'command')} that would start a program or open a file "
            "on the reader's computer. They will be removed.",
        ),
        "external_links": (
            CLEAN,
            f"This PDF has {plural(count, 'link')} to outside material (web addresses, other "
            "files or forms that send data). Filings must be self-contained, so the links will "
            "be removed; their text stays on the page. If the court needs the linked material, "
            "file it as an exhibit.",
        ),
        "media": (
            CLEAN,
            f"This PDF contains {plural(count, 'sound, video or 3D item')}. Filed documents are "
            "pages only, so they will be removed; file media as a separate exhibit if needed.",
        ),
        "xfa": (
            CLEAN,
            "This PDF carries a second, XFA version of its form. It will be removed; the form as "
            "shown on the pages is kept.",
        ),
        "hidden_copies": (
            CLEAN,
            "This PDF keeps extra copies of its content (page thumbnails or editing data) that "
            "may still show text you changed or redacted. They will be removed.",
        ),
        "damaged_annotations": (
            CLEAN,
            f"This PDF has {plural(count, 'comment or form field', 'comments or form fields')} "
            "whose position on the page is damaged, so each viewer would show "
            f"{'it' if count == 1 else 'them'} differently, or not at all. "
            f"{'It' if count == 1 else 'They'} will be removed; the pages' own content stays "
            "as it is.",
        ),
        "unused_content": (
            CLEAN,
            f"This PDF holds {plural(count, 'item')} that no page shows (content, images, fonts "
            "or other data left in the file, for example by earlier editing). A viewer does not "
            "show them, but anyone can take them out of the file, so they will be removed; the "
            "pages stay as they are.",
        ),
        "earlier_versions": (
            CLEAN,
            f"This PDF still holds {plural(count, 'earlier version')} of the document (it was "
            "saved with changes added to the end of the file). A viewer shows only the latest "
            "version, but anyone can take the earlier ones out, with everything they showed. "
            "Only the latest version, as the pages show it, will be kept.",
        ),
        "trailing_data": (
            CLEAN,
            f"This PDF has {plural(count, 'byte')} of other data after its end (for example, "
            "another file joined to it), which a viewer does not show. They will be removed; "
            "the pages stay as they are.",
        ),
        "stray_data": (
            CLEAN,
            f"This PDF has {plural(count, 'byte')} of other data between its parts (for example, "
            "another file hidden inside it), which a viewer does not show. They will be removed; "
            "the pages stay as they are.",
        ),
        "not_text_searchable": (
            WARN,
            "This PDF is not text-searchable: its pages look like scanned images, so the court "
            "cannot search or copy the text. If you can, create the PDF from your word processor "
            "or run text recognition (OCR) on the scan before filing.",
        ),
    }
    action, message = messages[code]
    return PdfProblem(code=code, message=message, action=action)
