"""File-stamping throughput: stamp_pdf on a 100-page text PDF and a ~6.75 MB, 100-page image
PDF, in pages per second, against the floor of simply opening and re-saving the same file with
pikepdf (the library stamp_pdf saves with), measured in the same run; and stamp_pdf run in a
checker process, as the stamping task runs it (decision 0008).

    uv run python benchmarks/stamping.py [RUNS]

Prints, per operation, pages per second at the median time and at the 95th percentile time
(the slow runs) of RUNS runs (default 9), and the stamp's throughput as a share of the baseline
(issue 16's row: the share for each file, target at least 0.8), the three operations taking
turns in each run.
"""

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pikepdf

from benchmarks.rows import STAMPING, bench_arguments, bench_row
from efiling.documents.isolated import CheckerPool
from efiling.documents.stamp import stamp_pdf
from tests.documents import builders

(RUNS,), _flags = bench_arguments([("RUNS", 9, 1)])
PAGES = 100
IMAGE_SIDE = 259  # 259 x 259 gray noise bytes per page: 100 pages make about 6.75 MB
WORDS = {
    "court_name": "St. Louis County Circuit Court",
    "filed_at_local": datetime(2026, 11, 27, 15, 4, tzinfo=ZoneInfo("America/Chicago")),
    "case_number": "26SL-CC00001",
    "docket_number": 1,
}
BASELINE = "baseline: pikepdf open + save"
STAMP = "stamp_pdf"
CHECKER = "stamp_pdf in a checker"


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


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


def measure(name: str, src: Path, work: Path, pool: CheckerPool) -> float:
    """The file's lines (see the module's text); the stamp's pages/s as a share of the
    baseline's."""
    size = src.stat().st_size
    stamped = work / "stamped.pdf"
    stamp_pdf(src, stamped, **WORDS)  # once before timing: imports, font metrics, file cache
    growth = stamped.stat().st_size - size
    print(f"\n{name}: {PAGES} pages, {size / 1_000_000:.2f} MB ({size:,} bytes)")
    print(f"  stamped file: {growth:+,} bytes ({growth / PAGES:+.0f} per page)")
    pool.run(stamp_pdf, src=str(src), dst=str(stamped), **WORDS)  # the checkers have started
    operations = {
        BASELINE: lambda: open_and_save(src, work / "baseline.pdf"),
        STAMP: lambda: stamp_pdf(src, stamped, **WORDS),
        CHECKER: lambda: pool.run(stamp_pdf, src=str(src), dst=str(stamped), **WORDS),
    }
    results = {label: [] for label in operations}
    for _ in range(RUNS):  # interleaved, so that drift hits every operation alike
        for label, action in operations.items():
            results[label].append(timed(action))
    print(f"  {'operation':30} {'median ms':>10} {'p95 ms':>8} {'pages/s':>9} {'p95 pages/s':>12}")
    for label, times in results.items():
        median, slow = statistics.median(times), percentile(times, 0.95)
        print(
            f"  {label:30} {median * 1000:10.1f} {slow * 1000:8.1f} "
            f"{PAGES / median:9.0f} {PAGES / slow:12.0f}"
        )
    ratio = statistics.median(results[BASELINE]) / statistics.median(results[STAMP])
    print(f"  stamping runs at {ratio:.2f} x the baseline's pages/s ({1 / ratio:.1f} x its time)")
    return ratio


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="efiling-stamp-bench-") as folder:
        work = Path(folder)
        text = builders.text_pdf(work / "text.pdf", pages=PAGES, text=builders.DEFAULT_TEXT * 8)
        image = builders.image_only_pdf(work / "image.pdf", pages=PAGES, image_side=IMAGE_SIDE)
        print(f"{RUNS} runs per operation")
        pool = CheckerPool(size=1, memory_bytes=1024**3, cpu_seconds=60, timeout_seconds=90)
        try:
            ratios = {
                "text": measure("Text PDF", text, work, pool),
                "scans": measure("Image PDF", image, work, pool),
            }
        finally:
            pool.close()
    bench_row(
        measure=STAMPING,
        figure=", ".join(f"{ratio:.2f} ({name})" for name, ratio in ratios.items()),
        met=min(ratios.values()) >= 0.8,
    )


if __name__ == "__main__":
    main()
