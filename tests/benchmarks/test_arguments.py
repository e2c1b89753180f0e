"""A benchmark's command line is read before it creates anything (benchmarks.rows
.bench_arguments): sizes with their defaults, known flags, and refusals that exit at once; a
benchmark on a throw-away embedded system forgets the servers the environment names
(benchmarks.rows.embedded_only)."""

import sys

import pytest

from benchmarks.rows import bench_arguments, embedded_only

SIZES = [("CASES_PER_CLERK", 200, 2), ("ROUNDS", 2, 1)]


def _read(monkeypatch, *arguments):
    monkeypatch.setattr(sys, "argv", ["bench.py", *arguments])
    return bench_arguments(SIZES, flags=("--keep",))


def test_sizes_default_and_flags_are_known(monkeypatch):
    assert _read(monkeypatch) == ([200, 2], set())
    assert _read(monkeypatch, "30") == ([30, 2], set())
    assert _read(monkeypatch, "30", "1", "--keep") == ([30, 1], {"--keep"})


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--bogus"], "unknown option: --bogus"),
        (["abc"], "CASES_PER_CLERK is a whole number of at least 2, not 'abc'"),
        (["1"], "CASES_PER_CLERK is a whole number of at least 2, not '1'"),
        (["5", "0"], "ROUNDS is a whole number of at least 1, not '0'"),
        (["5", "1", "7"], "too many arguments: 5 1 7"),
    ],
)
def test_a_wrong_command_line_is_refused_with_the_usage(monkeypatch, capsys, arguments, words):
    with pytest.raises(SystemExit) as stopped:
        _read(monkeypatch, *arguments)
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("usage: bench.py [CASES_PER_CLERK=200] [ROUNDS=2] [--keep]")
    assert words in error


def test_help_prints_the_scripts_text(monkeypatch, capsys):
    monkeypatch.setattr(sys.modules["__main__"], "__doc__", "What this benchmark measures.")
    with pytest.raises(SystemExit) as stopped:
        _read(monkeypatch, "--help")
    assert stopped.value.code == 0
    assert "What this benchmark measures." in capsys.readouterr().out


def test_a_throw_away_benchmark_forgets_the_servers_the_environment_names():
    environ = {
        "EFILING_DATABASE_URL": "postgres://court-db/efiling",
        "EFILING_REPLICA_DATABASE_URL": "postgres://court-replica/efiling",
        "EFILING_MIGRATE_DATABASE_URL": "postgres://owner@court-db/efiling",
        "EFILING_STORAGE_URL": "s3://court-documents",
        "EFILING_EMAIL_URL": "smtp://mail.court.example",
        "EFILING_PAYMENT_PROVIDER": "stripe",
        "EFILING_STRIPE_SECRET_KEY": "sk_live_court",
        "EFILING_STRIPE_WEBHOOK_SECRET": "whsec_court",
        "EFILING_ENV": "production",
        "EFILING_LOG_LEVEL": "INFO",
        "EFILING_BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }
    embedded_only(environ)
    assert environ == {
        "EFILING_LOG_LEVEL": "INFO",
        "EFILING_BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }
