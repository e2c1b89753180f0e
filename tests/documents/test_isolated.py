"""Checker processes with hard limits (issue 9, second round, A; decision 0008): whatever a
PDF makes the libraries do (crash, exhaust memory, spin), the process that asked only waits,
gets CheckerFailed, and its own memory does not grow; the pool keeps serving."""

import os
import threading
import time
from pathlib import Path

import pytest

from efiling.documents.isolated import CheckerError, CheckerFailed, CheckerPool
from efiling.documents.upload import check_upload
from tests.documents import checker_hooks as hooks
from tests.documents import hostile_builders as hostile

MB = 1024 * 1024


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


@pytest.fixture
def pool():
    pool = CheckerPool(
        size=2, memory_bytes=512 * MB, cpu_seconds=3, timeout_seconds=20, tasks_per_checker=5
    )
    yield pool
    pool.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_task_runs_in_another_process_and_returns_plain_values(pool):
    assert pool.run(hooks.process_id) != os.getpid()
    assert pool.run(hooks.allocate, megabytes=2) == 2 * MB


def test_a_checker_is_replaced_after_its_tasks(pool):
    pids = [pool.run(hooks.process_id) for _ in range(12)]
    assert max(pids.count(pid) for pid in set(pids)) <= 5
    assert len(set(pids)) >= 3


def test_a_crash_is_a_refusal_and_the_pool_keeps_serving(pool):
    with pytest.raises(CheckerFailed) as failed:
        pool.run(hooks.crash)
    assert failed.value.reason == "died"
    assert pool.run(hooks.allocate, megabytes=1) == MB


def test_memory_past_the_limit_is_a_refusal(pool):
    with pytest.raises(CheckerFailed) as failed:
        pool.run(hooks.allocate, megabytes=600)
    assert failed.value.reason == "memory"
    assert pool.run(hooks.allocate, megabytes=100) == 100 * MB  # within the limit


def test_cpu_time_past_the_limit_stops_the_process(pool):
    with pytest.raises(CheckerFailed) as failed:
        pool.run(hooks.spin)
    assert failed.value.reason == "died"  # the kernel's SIGXCPU, past 3 CPU seconds


def test_wall_clock_time_past_the_limit_kills_the_process():
    pool = CheckerPool(size=1, memory_bytes=512 * MB, cpu_seconds=30, timeout_seconds=1)
    try:
        pid = pool.run(hooks.process_id)
        with pytest.raises(CheckerFailed) as failed:
            pool.run(hooks.sleep, seconds=60)
        assert failed.value.reason == "timeout"
        assert not alive(pid)
        assert pool.run(hooks.process_id) != pid
    finally:
        pool.close()


@pytest.mark.parametrize(("kind", "transient"), [("value", False), ("os", True)])
def test_an_exception_comes_back_with_its_words_and_the_checker_stays(pool, kind, transient):
    pid = pool.run(hooks.process_id)
    with pytest.raises(CheckerError) as error:
        pool.run(hooks.fail, kind=kind)
    assert f"a {kind} error" in str(error.value) and error.value.transient is transient
    assert pid in {pool.run(hooks.process_id), pool.run(hooks.process_id)}


def test_tasks_from_many_threads_share_the_checkers(pool):
    results, threads = [], []
    for _ in range(6):
        thread = threading.Thread(target=lambda: results.append(pool.run(hooks.process_id)))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    assert len(results) == 6 and os.getpid() not in results


def test_what_pdfium_does_with_a_fanout_file_stays_in_the_checker(pool, tmp_path):
    """Without the upload check's own bounds, PDFium reading the probe's 6-level fan-out grew
    a worker past 5 GB: in a checker it stops at the memory limit (or the CPU limit), and the
    asking process's memory does not grow."""
    path = hostile.fanout_pdf(tmp_path / "fanout.pdf", 6)
    before = resident_mb()
    with pytest.raises(CheckerFailed) as failed:
        pool.run(hooks.all_text, path=str(path))
    assert failed.value.reason in {"memory", "died"}
    # The check itself refuses the file at once, with its reason.
    result = pool.run(
        check_upload,
        source=str(path),
        cleaned_path=str(tmp_path / "c.pdf"),
        max_pages=2000,
        redaction=True,
    )
    assert result["refusals"][0].startswith("Page 1 of this PDF draws the same parts over")
    assert resident_mb() - before < 20


def test_a_checker_that_ended_while_idle_is_replaced_without_blaming_a_file(pool):
    pid = pool.run(hooks.process_id)
    os.kill(pid, 9)  # an operator, or the kernel's out-of-memory killer
    while alive(pid) and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z":
        time.sleep(0.01)  # until it has ended (a zombie until the pool reaps it)
    assert all(pool.run(hooks.process_id) != pid for _ in range(3))
