"""The append-only local journal (core/journal.py): durable appends, idempotent imports that
resume where they stopped, damaged and half-written lines, writers in several processes."""

import json
import multiprocessing

import pytest

from efiling.core import journal


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_appended_entries_are_imported_once_in_order():
    first = journal.journal_append("attempts", {"what": "one"})
    journal.journal_append("attempts", {"what": "two"})
    assert [entry["what"] for entry in journal.journal_pending("attempts")] == ["one", "two"]
    seen = []
    assert journal.journal_import("attempts", seen.append) == 2
    assert seen[0]["entry_id"] == first and [e["what"] for e in seen] == ["one", "two"]
    assert journal.journal_import("attempts", seen.append) == 0
    journal.journal_append("attempts", {"what": "three"})
    assert journal.journal_import("attempts", seen.append) == 1
    assert seen[-1]["what"] == "three"


def test_a_failing_importer_leaves_that_entry_and_the_rest_pending():
    for what in ("one", "two", "three"):
        journal.journal_append("health", {"what": what})
    imported = []

    def importer(entry):
        if entry["what"] == "two":
            raise RuntimeError("database down again")
        imported.append(entry["what"])

    with pytest.raises(RuntimeError):
        journal.journal_import("health", importer)
    assert imported == ["one"]
    assert [e["what"] for e in journal.journal_pending("health")] == ["two", "three"]
    assert journal.journal_import("health", lambda entry: imported.append(entry["what"])) == 2
    assert imported == ["one", "two", "three"]


def test_half_written_and_damaged_lines(data_dir):
    journal.journal_append("attempts", {"what": "whole"})
    path = data_dir / "journals" / "attempts.jsonl"
    with open(path, "ab") as file:
        file.write(b"not json\n")
        file.write(b'{"entry_id": "x", "what": "cut')
    seen = []
    assert journal.journal_import("attempts", seen.append) == 1
    assert seen[0]["what"] == "whole"
    # The writer's line is finished later: the next import reads it whole.
    with open(path, "ab") as file:
        file.write(b'"}\n')
    assert journal.journal_import("attempts", seen.append) == 1
    assert seen[-1] == {"entry_id": "x", "what": "cut"}
    # The file itself is never rewritten.
    assert path.read_bytes().startswith(b'{"entry_id"')


def test_names_cannot_leave_the_folder():
    for name in ("../etc", "a/b", "", "UPPER", "x" * 60):
        with pytest.raises(ValueError):
            journal.journal_append(name, {})


def _append_many(data_dir, start):
    from django.conf import settings

    settings.DATA_DIR = data_dir
    for number in range(start, start + 50):
        journal.journal_append("attempts", {"number": number, "padding": "x" * 5000})


def test_writers_in_several_processes_never_interleave(data_dir):
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_append_many, args=(data_dir, n * 50)) for n in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    lines = (data_dir / "journals" / "attempts.jsonl").read_bytes().splitlines()
    assert sorted(json.loads(line)["number"] for line in lines) == list(range(200))
