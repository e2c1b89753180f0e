"""PDF acceptance checks: how long inspect_pdf, clean_pdf, find_unredacted and split_pdf take on
a 100-page text PDF and a ~6.75 MB, 100-page image PDF, against the floor of simply opening
and saving the same file with pikepdf, measured in the same run; then how long inspect_pdf takes
to refuse files that declare far more pages than the court's limit, and to accept one at it.

    uv run python benchmarks/pdf_checks.py [RUNS]

Prints the median and the 95th percentile of RUNS runs (default 9) per operation, in ms.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pikepdf

from efiling.documents.cleaning import clean_pdf
from efiling.documents.pdf import inspect_pdf
from efiling.documents.redaction import find_unredacted
from efiling.documents.split import split_pdf
from tests.documents import builders
from tests.documents import structure_builders as structure

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
PAGES = 100
IMAGE_SIDE = 259  # 259 x 259 gray noise bytes per page: 100 pages make about 6.75 MB


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def open_and_save(src: Path, dst: Path) -> None:
    with pikepdf.open(src) as pdf:
        len(pdf.pages)
        pdf.save(dst)


def measure(name: str, src: Path, work: Path, split_bytes: int) -> None:
    size = src.stat().st_size
    print(f"\n{name}: {PAGES} pages, {size / 1_000_000:.2f} MB ({size:,} bytes)")
    report = inspect_pdf(src)
    parts = split_pdf(src, work / "parts-check", max_bytes=split_bytes, base_name="check")
    print(
        f"  inspect_pdf: problems {[p.code for p in report.problems]}, "
        f"split at {split_bytes:,} bytes gives {len(parts)} parts"
    )
    operations = {
        "baseline: pikepdf open + save": lambda: open_and_save(src, work / "baseline.pdf"),
        "inspect_pdf": lambda: inspect_pdf(src),
        "clean_pdf": lambda: clean_pdf(src, work / "clean.pdf"),
        "find_unredacted": lambda: find_unredacted(src),
        "split_pdf": lambda: split_pdf(src, work / "parts", max_bytes=split_bytes, base_name="p"),
    }
    results = {label: [] for label in operations}
    for _ in range(RUNS):  # interleaved, so that drift hits every operation alike
        for label, action in operations.items():
            results[label].append(timed(action))
    baseline = statistics.median(results["baseline: pikepdf open + save"])
    print(f"  {'operation':32} {'median ms':>10} {'p95 ms':>10} {'x baseline':>11}")
    for label, times in results.items():
        median = statistics.median(times)
        print(
            f"  {label:32} {median:10.1f} {percentile(times, 0.95):10.1f} {median / baseline:11.1f}"
        )


def measure_page_limit(work: Path) -> None:
    """inspect_pdf at the default page limit (2,000) on huge page trees and on one at the limit."""
    files = {
        "700,000 pages: one page listed 700,000 times": structure.many_pages_pdf(
            work / "repeated.pdf", 700_000, repeat=True
        ),
        "200,000 pages packed in one object stream": structure.many_pages_pdf(
            work / "packed.pdf", 200_000
        ),
        "2,000 pages (at the limit)": structure.many_pages_pdf(work / "at-limit.pdf", 2_000),
    }
    print("\nPage limit (2,000 pages)")
    print(f"  {'file':48} {'size MB':>8} {'answer':>17} {'median ms':>10} {'p95 ms':>8}")
    for name, path in files.items():
        codes = [p.code for p in inspect_pdf(path).problems] or ["accepted"]
        times = [timed(lambda path=path: inspect_pdf(path)) for _ in range(RUNS)]
        print(
            f"  {name:48} {path.stat().st_size / 1_000_000:8.2f} {', '.join(codes):>17} "
            f"{statistics.median(times):10.1f} {percentile(times, 0.95):8.1f}"
        )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="efiling-pdf-bench-") as folder:
        work = Path(folder)
        text = builders.text_pdf(work / "text.pdf", pages=PAGES, text=builders.DEFAULT_TEXT * 8)
        image = builders.image_only_pdf(work / "image.pdf", pages=PAGES, image_side=IMAGE_SIDE)
        print(f"{RUNS} runs per operation")
        measure("Text PDF", text, work, split_bytes=max(text.stat().st_size // 3, 20_000))
        measure("Image PDF", image, work, split_bytes=2 * 1024 * 1024)
        measure_page_limit(work)


if __name__ == "__main__":
    main()
