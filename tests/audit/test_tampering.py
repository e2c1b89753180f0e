"""Tampering with the audit trail, as someone with write access to the database (and the code)
could, and what finds it: the walk of verify_audit alone, or only a head kept elsewhere
(--expect SEQ:HASH, a signed checkpoint). Test names say which."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from efiling.audit.checkpoints import audit_checkpoint_check, audit_checkpoint_publish
from efiling.audit.hashing import content_hash, link_hash
from efiling.audit.models import AuditEvent, AuditLink
from efiling.audit.verify import Expectation, audit_chain_verify, expectation_parse
from efiling.core import clock
from efiling.core.errors import ValidationFailed
from tests.audit.helpers import chain_now, lift_update_guard, raw, record


@pytest.fixture
def trail(db):
    """Five events, chained, with the head kept elsewhere and a signed checkpoint of it."""
    record(5)
    seq, hash = chain_now()
    checkpoint = audit_checkpoint_publish()
    links = list(AuditLink.objects.order_by("-seq")[:5])[::-1]
    return {
        "links": links,
        "expect": Expectation(seq, hash, "the head kept elsewhere"),
        "checkpoint": json.dumps(
            {
                "seq": checkpoint.seq,
                "hash": checkpoint.hash,
                "time": checkpoint.signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "key_id": checkpoint.key_id,
                "signature": checkpoint.signature,
            }
        ),
    }


def _walk_alone_passes():
    return audit_chain_verify().intact


def _expect_fails(trail):
    return not audit_chain_verify(expectations=[trail["expect"]]).intact


def _checkpoint_fails(trail):
    return not audit_checkpoint_check(document=trail["checkpoint"]).valid


def test_an_untouched_trail_passes_the_walk_expect_and_checkpoint(trail):
    assert _walk_alone_passes()
    assert not _expect_fails(trail) and not _checkpoint_fails(trail)
    record(2)
    chain_now()
    check = audit_checkpoint_check(document=trail["checkpoint"])
    assert check.valid and check.grown_by == 2
    assert "grown by 2 events since" in check.message


def test_a_changed_event_is_found_by_the_walk(trail):
    target = trail["links"][2]
    lift_update_guard()
    raw("UPDATE audit_auditevent SET object_id = 'forged' WHERE id = %s", [target.event_id])
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, target.seq)
    assert "changed" in report.problem


def test_changed_details_with_their_content_hash_recomputed_are_found_by_the_walk(trail):
    target = trail["links"][1]
    event = AuditEvent.objects.get(pk=target.event_id)
    event.details = {"forged": True}
    lift_update_guard()
    raw(
        "UPDATE audit_auditevent SET details = %s, content_hash = %s WHERE id = %s",
        [json.dumps(event.details), content_hash(event), event.pk],
    )
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, target.seq)
    assert "replaced" in report.problem


def test_an_event_deleted_with_its_link_in_the_middle_is_found_by_the_walk(trail):
    target = trail["links"][2]
    raw("DELETE FROM audit_auditlink WHERE seq = %s", [target.seq])
    raw("DELETE FROM audit_auditevent WHERE id = %s", [target.event_id])
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, target.seq)
    assert "missing" in report.problem


def test_a_link_naming_a_missing_event_is_found_by_the_walk(trail):
    target = trail["links"][3]
    raw("DELETE FROM audit_auditevent WHERE id = %s", [target.event_id])
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, target.seq)
    assert f"event {target.event_id}, which is missing" in report.problem
    # The test's transaction ends with a check of foreign keys: leave none dangling.
    raw("DELETE FROM audit_auditlink WHERE seq = %s", [target.seq])


def test_an_event_inserted_in_the_middle_is_found_by_the_walk(trail):
    """A forged event and a correct-looking link at position k, later links moved up one."""
    before, target = trail["links"][1], trail["links"][2]
    forged = record(1, details={"forged": True})[0]
    lift_update_guard("audit_auditlink")
    raw("UPDATE audit_auditlink SET seq = seq + 1000 WHERE seq >= %s", [target.seq])
    raw("UPDATE audit_auditlink SET seq = seq - 999 WHERE seq >= %s", [target.seq + 1000])
    linked_at = clock.now()
    AuditLink.objects.create(
        seq=target.seq,
        event=forged,
        linked_at=linked_at,
        prev_hash=before.hash,
        hash=link_hash(
            seq=target.seq,
            linked_at=linked_at,
            content_hash=forged.content_hash,
            prev_hash=before.hash,
        ),
    )
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, target.seq + 1)
    assert "inserted" in report.problem


def test_reordered_events_are_found_by_the_walk(trail):
    first, second = trail["links"][1], trail["links"][2]
    lift_update_guard("audit_auditlink")
    swap = "UPDATE audit_auditlink SET event_id = %s WHERE seq = %s"
    raw(swap, [-1, first.seq])
    raw(swap, [first.event_id, second.seq])
    raw(swap, [second.event_id, first.seq])
    report = audit_chain_verify()
    assert (report.intact, report.broken_seq) == (False, first.seq)


def test_deleting_the_newest_events_and_their_links_passes_the_walk_but_not_expect_or_checkpoint(
    trail,
):
    newest = trail["links"][-2:]
    raw("DELETE FROM audit_auditlink WHERE seq >= %s", [newest[0].seq])
    raw("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [link.event_id for link in newest])
    assert _walk_alone_passes()
    report = audit_chain_verify(expectations=[trail["expect"]])
    assert (report.intact, report.broken_seq) == (False, trail["expect"].seq)
    assert "deleted from the end" in report.problem
    check = audit_checkpoint_check(document=trail["checkpoint"])
    assert not check.valid and "removed from the end" in check.message


def _rewrite_chain_from(start):
    """What an attacker with the code does: change an event, recompute every later hash."""
    lift_update_guard()
    lift_update_guard("audit_auditlink")
    event = AuditEvent.objects.get(pk=start.event_id)
    event.details = {"rewritten": True}
    raw(
        "UPDATE audit_auditevent SET details = %s, content_hash = %s WHERE id = %s",
        [json.dumps(event.details), content_hash(event), event.pk],
    )
    previous = start.prev_hash
    for link in AuditLink.objects.filter(seq__gte=start.seq).select_related("event"):
        new_hash = link_hash(
            seq=link.seq,
            linked_at=link.linked_at,
            content_hash=link.event.content_hash,
            prev_hash=previous,
        )
        raw(
            "UPDATE audit_auditlink SET prev_hash = %s, hash = %s WHERE seq = %s",
            [previous, new_hash, link.seq],
        )
        previous = new_hash


def test_a_chain_rewritten_from_a_point_passes_the_walk_but_not_expect_or_checkpoint(trail):
    _rewrite_chain_from(trail["links"][1])
    assert _walk_alone_passes()
    report = audit_chain_verify(expectations=[trail["expect"]])
    assert not report.intact and "rewritten at or before" in report.problem
    assert _checkpoint_fails(trail)
    assert "rewritten" in audit_checkpoint_check(document=trail["checkpoint"]).message


def test_an_emptied_trail_passes_the_walk_but_not_expect_or_checkpoint(trail):
    raw("DELETE FROM audit_auditlink")
    raw("DELETE FROM audit_auditevent")
    report = audit_chain_verify()
    assert report.intact and report.head_seq == 0
    assert _expect_fails(trail)
    assert _checkpoint_fails(trail)


def test_an_event_left_unchained_past_the_window_is_reported_and_chained(db, capsys):
    with time_machine.travel(clock.now() - timedelta(minutes=5), tick=False):
        stranded = record(1)[0]
    report = audit_chain_verify(chain_first=False)
    assert not report.intact and report.found_by == "unchained"
    assert f"event {stranded.pk}" in report.problem
    with pytest.raises(CommandError, match="not chained"):
        call_command("verify_audit", "--no-chain")

    call_command("verify_audit")
    assert "had waited more than 60 seconds" in capsys.readouterr().err
    assert AuditLink.objects.filter(event=stranded).exists()
    report = audit_chain_verify()
    assert report.intact and report.late_links >= 1


def test_verify_audit_expect_on_the_command_line(trail):
    expect = trail["expect"]
    call_command("verify_audit", "--expect", f"{expect.seq}:{expect.hash}")
    raw("DELETE FROM audit_auditlink WHERE seq = %s", [expect.seq])
    raw("DELETE FROM audit_auditevent WHERE id = %s", [trail["links"][-1].event_id])
    with pytest.raises(CommandError, match=rf"broken at link #{expect.seq}: the chain ends"):
        call_command("verify_audit", "--expect", f"{expect.seq}:{expect.hash}")


def test_verify_audit_checks_a_kept_checkpoint_file(trail, tmp_path):
    kept = tmp_path / "checkpoint.json"
    kept.write_text(trail["checkpoint"])
    call_command("verify_audit", "--checkpoint", str(kept))
    forged = json.loads(trail["checkpoint"]) | {"seq": trail["expect"].seq - 1}
    kept.write_text(json.dumps(forged))
    with pytest.raises(CommandError, match="signature is not valid"):
        call_command("verify_audit", "--checkpoint", str(kept))
    raw("DELETE FROM audit_auditlink")
    kept.write_text(trail["checkpoint"])
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit", "--checkpoint", str(kept))


def test_an_expectation_must_be_seq_colon_hash():
    assert expectation_parse("12:" + "A" * 64).hash == "a" * 64
    for text in ("12", "x:" + "a" * 64, "12:abc"):
        with pytest.raises(ValidationFailed, match="SEQ:HASH"):
            expectation_parse(text)


def test_verify_audit_compares_the_checkpoints_it_stored_without_anything_kept_elsewhere(
    trail, capsys
):
    """Found by trying the system: a chain rewritten under a stored checkpoint passed
    verify_audit when no --expect or --checkpoint was given."""
    call_command("verify_audit")
    assert "Matches the 1 signed checkpoint(s) stored here" in capsys.readouterr().out
    _rewrite_chain_from(trail["links"][1])
    assert _walk_alone_passes()
    with pytest.raises(CommandError, match="rewritten at or before"):
        call_command("verify_audit")


def test_a_stored_checkpoint_not_signed_here_is_reported(trail):
    from efiling.audit.models import AuditCheckpoint

    AuditCheckpoint.objects.create(
        seq=1, hash="1" * 64, signed_at=clock.now(), key_id="forged", signature="A" * 86
    )
    with pytest.raises(CommandError, match="not signed here"):
        call_command("verify_audit")
