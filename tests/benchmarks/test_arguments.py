"""A benchmark's command line is read before it creates anything (benchmarks.rows
.bench_arguments): sizes with their defaults, known flags, and refusals that exit at once."""

import sys

import pytest

from benchmarks.rows import bench_arguments

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
