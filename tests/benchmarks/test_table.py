"""`make bench`'s table (benchmarks/table.py): the rows the benchmarks report by their BENCH-ROW
lines, a script that fails shown as failed with exit 1, targets missed with exit 0."""

import pytest

from benchmarks import table
from benchmarks.rows import ENVELOPE, MEMORY, TARGETS, bench_row, bench_row_parse


def test_a_row_line_reads_back(capsys):
    bench_row(measure=MEMORY, figure="+57 MB", met=False)
    line = capsys.readouterr().out.strip()
    assert bench_row_parse(line) == {
        "measure": MEMORY,
        "figure": "+57 MB",
        "target": TARGETS[MEMORY],
        "met": False,
    }
    assert bench_row_parse("envelope 3x7MB median=1.2s") is None


REPORTS = "from benchmarks.rows import ENVELOPE, bench_row\n"


@pytest.fixture
def scripts(tmp_path, monkeypatch):
    """Two stand-in benchmarks in a folder of their own: `fine.py` reports the envelope row
    (missed), `broken.py` prints and exits 1 before reporting the memory row."""
    (tmp_path / "fine.py").write_text(
        "import sys\nsys.path.insert(0, sys.argv[1])\n"
        + REPORTS
        + 'bench_row(measure=ENVELOPE, figure="4.8x", met=False)\n'
    )
    (tmp_path / "broken.py").write_text("print('starting')\nraise SystemExit(1)\n")
    root = str(table.FOLDER.parent)
    monkeypatch.setattr(table, "FOLDER", tmp_path)
    monkeypatch.setattr(
        table, "SCRIPTS", [("fine.py", [root], [root], [ENVELOPE]), ("broken.py", [], [], [MEMORY])]
    )
    monkeypatch.setattr(table, "TARGETS", {ENVELOPE: TARGETS[ENVELOPE], MEMORY: TARGETS[MEMORY]})
    return tmp_path


def test_the_table_shows_figures_and_failures(scripts, capsys):
    assert table.table(cases=10, quick=False) == 1
    out = capsys.readouterr().out
    assert "starting" in out  # a script's own printout passes through
    assert f"| {ENVELOPE} | 4.8x | {TARGETS[ENVELOPE]} | no |" in out
    assert f"| {MEMORY} | failed (exit 1, broken.py) | {TARGETS[MEMORY]} | failed |" in out


def test_targets_missed_are_not_a_failure(scripts, monkeypatch, capsys):
    monkeypatch.setattr(table, "SCRIPTS", table.SCRIPTS[:1])
    monkeypatch.setattr(table, "TARGETS", {ENVELOPE: TARGETS[ENVELOPE]})
    assert table.table(cases=10, quick=False) == 0
