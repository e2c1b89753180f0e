"""How long `efiling serve` takes from its start until /healthz answers 200, on a throw-away
embedded database and data folder (a temporary EFILING_DATA_DIR): cold (an empty database: it
migrates, collects the static files and loads the courts and filing codes), then warm (nothing
changed: it checks and skips all of that), RUNS times each way after the first cold start;
a cold start is made cold again by a fresh data folder.

    uv run python benchmarks/serve_start.py [RUNS]

Prints each run's seconds, then the median of the warm starts and the ratio cold/warm.
"""

import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        conn.request("GET", "/healthz")
        status = conn.getresponse().status
        conn.close()
    except OSError:
        return False
    return status == 200


def start_seconds(data_dir: Path) -> float:
    """One start of `efiling serve` on `data_dir`: seconds until /healthz says 200."""
    port = unused_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EFILING_"))}
    env |= {"EFILING_DATA_DIR": str(data_dir), "EFILING_LOG_LEVEL": "WARNING"}
    started = time.monotonic()
    serve = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "efiling.cli", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not answers(port):
            if serve.poll() is not None or time.monotonic() - started > 300:
                raise RuntimeError(f"efiling serve did not start (exit code {serve.poll()})")
            time.sleep(0.05)
        return time.monotonic() - started
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    root = Path(tempfile.mkdtemp(prefix="efiling-bench-serve-"))
    try:
        cold, warm = [], []
        for run in range(runs):
            data_dir = root / f"cold-{run}"
            cold.append(start_seconds(data_dir))
            print(f"cold start {run + 1}: {cold[-1]:.2f} s", flush=True)
        for run in range(runs):
            warm.append(start_seconds(root / "cold-0"))
            print(f"warm start {run + 1}: {warm[-1]:.2f} s", flush=True)
        load = os.getloadavg()[0]
        print(f"load average (1 min) at the end: {load:.1f} on {os.cpu_count()} cores")
        print(
            f"serve start until /healthz 200: cold median {statistics.median(cold):.2f} s, "
            f"warm median {statistics.median(warm):.2f} s "
            f"(ratio {statistics.median(cold) / statistics.median(warm):.1f}x)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
