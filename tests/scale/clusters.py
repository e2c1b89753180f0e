"""PostgreSQL clusters of a test's own, on spare loopback ports, in a temporary folder that the
`postgres` user owns: PostgreSQL refuses to run as root, and CI runs as root, so every server
command runs as `postgres` (runuser) when this process is root, and as this user otherwise.
Each cluster is stopped by its own data folder (pg_ctl), and the folder is removed with it.

`ClusterSet` makes the folder; `ClusterSet.primary` starts a new cluster (optionally archiving
its WAL into the set's archive folder); `Cluster.standby` makes a streaming replica of a running
cluster (pg_basebackup -R); `Cluster.base_backup` and `ClusterSet.restore` are the backup and
point-in-time restore of the drill (docs/operations.md, "Backups")."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.gunicorn_server import HOST, unused_port

SERVER_USER = "postgres"
# The marks of a test that starts clusters of its own: it runs in the PostgreSQL pass of CI
# (EFILING_TEST_DATABASE_URL names PostgreSQL), never skipped there; the SQLite pass skips it.
POSTGRES_PASS = os.environ.get("EFILING_TEST_DATABASE_URL", "").startswith(
    ("postgres://", "postgresql://")
)
OWN_CLUSTERS = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not POSTGRES_PASS,
        reason="starts PostgreSQL clusters of its own: runs in the PostgreSQL pass "
        "(EFILING_TEST_DATABASE_URL), not the SQLite one",
    ),
]
# Settings of every test cluster: small, quick, loopback only. Durability (fsync) is not what
# these tests check, and turning it off keeps migrations fast on a shared machine.
TEST_SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "max_connections": "60",
    "shared_buffers": "'32MB'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "replica",
    "max_wal_senders": "5",
    "wal_keep_size": "'64MB'",
    "log_min_messages": "warning",
}


def postgres_bin() -> Path:
    """The newest PostgreSQL server programs installed (Debian: /usr/lib/postgresql/<n>/bin);
    failing loudly when there are none, as the PostgreSQL pass needs them."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    if not candidates:
        raise RuntimeError(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed under "
            "/usr/lib/postgresql: install Debian's postgresql package."
        )
    return candidates[-1].parent


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


class ClusterSet:
    """A temporary folder for clusters, their logs and a WAL archive; `close` stops every
    cluster made in it and removes it."""

    def __init__(self):
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="efiling-pg-"))
        self.archive = self.root / "wal-archive"
        self.archive.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            for path in (self.root, self.archive):
                os.chown(path, user.pw_uid, user.pw_gid)
        self.root.chmod(0o700)
        self.clusters: list[Cluster] = []

    def run(self, program: str, *args: str, timeout: float = 120) -> str:
        """One PostgreSQL program, run as the server's user in the set's folder."""
        result = subprocess.run(  # noqa: S603 - PostgreSQL's own programs, fixed arguments
            _as_server_user([str(self.bin / program), *args]),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def primary(self, name: str, *, archive_wal: bool = False) -> Cluster:
        """A new cluster (initdb, trust on loopback), started; with `archive_wal`, every
        finished WAL segment is copied into the set's archive (continuous archiving)."""
        cluster = Cluster(self, name)
        self.run("initdb", "-D", str(cluster.data), "-U", SERVER_USER, "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        settings = dict(TEST_SETTINGS)
        if archive_wal:
            settings["archive_mode"] = "on"
            copy = f"test ! -f {self.archive}/%f && cp %p {self.archive}/%f"
            settings["archive_command"] = f"'{copy}'"
        cluster.configure(settings)
        return cluster.start()

    def restore(self, name: str, backup: Path, *, target_time: str) -> Cluster:
        """A fresh cluster from a base backup, recovered from the WAL archive up to
        `target_time` (recovery_target_time) and then promoted to accept writes; returned once
        it has left recovery."""
        cluster = Cluster(self, name)
        _as_server_user_run(["cp", "-a", str(backup), str(cluster.data)])
        cluster.configure(
            {
                "archive_mode": "off",
                "restore_command": f"'cp {self.archive}/%f %p'",
                "recovery_target_time": f"'{target_time}'",
                "recovery_target_action": "'promote'",
            }
        )
        _as_server_user_run(["touch", str(cluster.data / "recovery.signal")])
        cluster.start()
        cluster.wait_for(lambda c: not c.value("SELECT pg_is_in_recovery()"), "promotion")
        return cluster

    def close(self) -> None:
        for cluster in reversed(self.clusters):
            cluster.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _as_server_user_run(command: list[str], **options) -> subprocess.CompletedProcess:
    """A file command (cp, touch, tee) on the clusters' files, as their owner."""
    return subprocess.run(  # noqa: S603 - fixed commands on the set's own files
        _as_server_user(command), check=True, capture_output=True, timeout=120, **options
    )


class Cluster:
    """One cluster of a ClusterSet: its data folder, port and log."""

    def __init__(self, clusters: ClusterSet, name: str):
        self.clusters = clusters
        self.name = name
        self.data = clusters.root / name
        self.log = clusters.root / f"{name}.log"
        self.port = unused_port()
        self.running = False
        clusters.clusters.append(self)

    def configure(self, settings: dict[str, str]) -> None:
        """Append settings to postgresql.auto.conf (read last: these win), as its owner."""
        lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
        conf = self.data / "postgresql.auto.conf"
        _as_server_user_run(["tee", "-a", str(conf)], input=lines.encode())

    def start(self) -> Cluster:
        self.clusters.run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120",
            "-o", f"-p {self.port} -k {self.clusters.root}", "start",
        )  # fmt: skip
        self.running = True
        return self

    def stop(self, mode: str = "fast") -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.clusters.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
            self.running = False

    def url(self, database: str = "efiling") -> str:
        return f"postgres://{SERVER_USER}@{HOST}:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=HOST, port=self.port, user=SERVER_USER, dbname=database, autocommit=True
        )

    def value(self, sql: str, *params, database: str = "postgres"):
        """The first column of the first row of one query."""
        with self.connect(database) as connection:
            row = connection.execute(sql, params).fetchone()
            return row[0] if row else None

    def wait_for(self, condition, what: str, timeout: float = 60) -> None:
        """Poll `condition(self)` until it is true; fail naming `what` after `timeout`."""
        deadline = time.monotonic() + timeout
        while not condition(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: no {what} within {timeout:.0f} s")
            time.sleep(0.2)

    def create_database(self, name: str = "efiling") -> None:
        with self.connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def base_backup(self, name: str, *, standby: bool = False) -> Path:
        """pg_basebackup of this running cluster into a new folder of the set (plain format,
        with the WAL it needs); with `standby`, ready to start as its streaming replica (-R)."""
        target = self.clusters.root / name
        options = ["-R"] if standby else []
        self.clusters.run(
            "pg_basebackup", "-h", HOST, "-p", str(self.port), "-U", SERVER_USER,
            "-D", str(target), "-X", "stream", "-c", "fast", "--no-sync", *options,
        )  # fmt: skip
        return target

    def standby(self, name: str) -> Cluster:
        """A streaming replica of this cluster (hot standby: read-only queries), started."""
        replica = Cluster(self.clusters, name)
        self.base_backup(name, standby=True)
        return replica.start()

    def archive_current_wal(self) -> None:
        """Close the current WAL segment and wait until the archiver has copied it, so that
        everything committed so far is in the archive."""
        segment = self.value("SELECT pg_walfile_name(pg_switch_wal())")
        self.wait_for(
            lambda c: (c.value("SELECT last_archived_wal FROM pg_stat_archiver") or "") >= segment,
            f"archived WAL segment {segment}",
        )
