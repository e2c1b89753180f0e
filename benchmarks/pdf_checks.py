"""PDF acceptance checks: how long inspect_pdf, clean_pdf, find_unredacted and split_pdf take on
a 100-page text PDF and a ~6.75 MB, 100-page image PDF, against the floor of simply opening
and saving the same file with pikepdf, measured in the same run; what running the whole upload
check (documents/upload.py) in a checker process adds to running it in the process itself,
and what the content walk (content.py) and the search for unreferenced objects (unshown.py)
cost of it, on those files and a 300-page text PDF; then how long inspect_pdf takes to refuse
files that declare far more pages than the court's limit, and to accept one at it; and how
long the checker takes to answer the hostile files of issue 9's second round.

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
from efiling.documents.content import survey_content
from efiling.documents.isolated import CheckerFailed, CheckerPool
from efiling.documents.pages import page_tree
from efiling.documents.pdf import inspect_pdf, survey
from efiling.documents.redaction import find_unredacted
from efiling.documents.revisions import read_pdf
from efiling.documents.split import split_pdf
from efiling.documents.unshown import unreachable_objects
from efiling.documents.upload import check_upload
from tests.documents import builders
from tests.documents import hostile_builders as hostile
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
    """inspect_pdf at the default page limit (2,000) on huge page trees and on one at the limit,
    and on decompression bombs (refused at the unpacked-size cap, not after inflating)."""
    files = {
        "700,000 pages: one page listed 700,000 times": structure.many_pages_pdf(
            work / "repeated.pdf", 700_000, repeat=True
        ),
        "200,000 pages packed in one object stream": structure.many_pages_pdf(
            work / "packed.pdf", 200_000
        ),
        "2,000 pages (at the limit)": structure.many_pages_pdf(work / "at-limit.pdf", 2_000),
        "bomb: 1.3 KB stream inflating to 512 MiB": builders.bomb_pdf(work / "bomb.pdf"),
        "bomb: object stream inflating to 256 MiB": builders.object_stream_bomb_pdf(
            work / "object-stream-bomb.pdf"
        ),
    }
    print("\nPage limit (2,000 pages) and decompression bombs")
    print(f"  {'file':48} {'size MB':>8} {'answer':>17} {'median ms':>10} {'p95 ms':>8}")
    for name, path in files.items():
        codes = [p.code for p in inspect_pdf(path).problems] or ["accepted"]
        times = [timed(lambda path=path: inspect_pdf(path)) for _ in range(RUNS)]
        print(
            f"  {name:48} {path.stat().st_size / 1_000_000:8.2f} {', '.join(codes):>17} "
            f"{statistics.median(times):10.1f} {percentile(times, 0.95):8.1f}"
        )


def walk_content(src: Path) -> float:
    """ms of survey_content alone (the file opened and its pages listed before)."""
    _data, _layout, pdf = read_pdf(src)
    with pdf:
        pages = page_tree(pdf, 2_000)
        return timed(lambda: survey_content(pdf, pages))


def find_unreferenced(src: Path) -> float:
    """ms of unreachable_objects alone (the object graph walked before, as inspect_pdf does)."""
    _data, _layout, pdf = read_pdf(src)
    with pdf:
        reachable = survey(pdf).reachable
        return timed(lambda: unreachable_objects(pdf, reachable))


def measure_isolation(files: dict[str, Path], work: Path, pool: CheckerPool) -> None:
    """The whole upload check (redaction included) in this process and in a checker."""
    print("\nUpload check in a checker process (redaction check on)")
    header = f"  {'file':28} {'in process':>11} {'in checker':>11} {'added':>7}"
    print(header + f" {'content walk':>13} {'unreferenced':>13}   (median ms)")
    for name, src in files.items():
        words = {
            "source": str(src),
            "cleaned_path": str(work / "checked.pdf"),
            "max_pages": 2_000,
            "redaction": True,
        }
        pool.run(check_upload, **words)  # warm: the checkers have started
        operations = {
            "in process": lambda words=words: timed(lambda: check_upload(**words)),
            "in checker": lambda words=words: timed(lambda: pool.run(check_upload, **words)),
            "content walk": lambda src=src: walk_content(src),
            "unreferenced": lambda src=src: find_unreferenced(src),
        }
        results = {label: [] for label in operations}
        for _ in range(RUNS):
            for label, action in operations.items():
                results[label].append(action())
        median = {label: statistics.median(times) for label, times in results.items()}
        print(
            f"  {name:28} {median['in process']:11.1f} {median['in checker']:11.1f} "
            f"{median['in checker'] - median['in process']:7.1f} {median['content walk']:13.1f} "
            f"{median['unreferenced']:13.1f}"
        )


def measure_hostile(work: Path, pool: CheckerPool) -> None:
    """The probes of issue 9's second round, through a checker: the answer and its time."""
    files = {
        "form fan-out, 6 levels (3.9 KB)": hostile.fanout_pdf(work / "fanout.pdf", 6),
        "3,000 boxes x 20 pages (5 KB)": hostile.boxes_over_text_pdf(work / "b20.pdf", 20),
        "3,000 boxes x 500 pages (73 KB)": hostile.boxes_over_text_pdf(work / "b500.pdf", 500),
        "1,000,000 objects, /N hidden (7 MB)": hostile.object_stream_pdf(
            work / "packed.pdf",
            1_000_000,
            b"<</N {N} %obj\n/Type/ObjStm/First {First}/Length {Length}/Filter/FlateDecode>>",
        ),
    }
    print("\nHostile files through a checker (one run each)")
    print(f"  {'file':38} {'seconds':>8}  answer")
    for name, path in files.items():
        words = {"source": str(path), "cleaned_path": str(work / "c.pdf"), "max_pages": 2_000}
        start = time.perf_counter()
        try:
            result = pool.run(check_upload, redaction=True, **words)
            answer = (result["refusals"] or ["accepted"])[0][:60]
            unchecked = [f for f in result["findings"] if f["kind"] == "hidden_text_unchecked"]
            if unchecked:
                answer += f"; not fully checked from page {unchecked[0]['page']}"
        except CheckerFailed as failure:
            answer = f"checker stopped: {failure.reason}"
        print(f"  {name:38} {time.perf_counter() - start:8.2f}  {answer}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="efiling-pdf-bench-") as folder:
        work = Path(folder)
        text = builders.text_pdf(work / "text.pdf", pages=PAGES, text=builders.DEFAULT_TEXT * 8)
        image = builders.image_only_pdf(work / "image.pdf", pages=PAGES, image_side=IMAGE_SIDE)
        print(f"{RUNS} runs per operation")
        measure("Text PDF", text, work, split_bytes=max(text.stat().st_size // 3, 20_000))
        measure("Image PDF", image, work, split_bytes=2 * 1024 * 1024)
        measure_page_limit(work)
        long_text = builders.text_pdf(
            work / "text300.pdf", pages=300, text=builders.DEFAULT_TEXT * 8
        )
        pool = CheckerPool(size=2, memory_bytes=1024**3, cpu_seconds=60, timeout_seconds=90)
        try:
            measure_isolation(
                {
                    "100-page text PDF": text,
                    "100-page image PDF (6.75 MB)": image,
                    "300-page text PDF": long_text,
                },
                work,
                pool,
            )
            measure_hostile(work, pool)
        finally:
            pool.close()


if __name__ == "__main__":
    main()
