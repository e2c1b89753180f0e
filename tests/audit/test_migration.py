"""Upgrading a trail recorded with the head row and in-event hashes (audit 0002): every event keeps
its number and hash as a link, the chain verifies, and a head kept before the upgrade still
matches. Migrating back rebuilds the old columns."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from efiling.audit.hashing import GENESIS_HASH, legacy_event_hash
from efiling.audit.models import AuditEvent, AuditLink, HashFormat
from efiling.audit.verify import Expectation, audit_chain_verify
from tests.audit.helpers import chain_now, record

OLD = [("audit", "0002_append_only")]
# Two events as the code before the upgrade hashed them (efiling.audit.services.event_hash at
# audit 0002), computed with that code: the legacy formula must give exactly these.
OLD_EVENTS = [
    {
        "seq": 1,
        "occurred_at": datetime(2026, 11, 27, 15, 4, 5, 123456, tzinfo=UTC),
        "actor_id": 7,
        "actor_label": "Clerk One",
        "action": "court.changed",
        "object_type": "courts.court",
        "object_id": "12",
        "object_repr": "St. Louis County",
        "channel": "admin",
        "ip_address": "203.0.113.9",
        "details": {"changes": {"seat": ["Clayton", "Elsewhere"]}, "n": 1},
        "prev_hash": GENESIS_HASH,
        "hash": "ffb84d8260cb78287c719cc8a91bebf89e43557a39e71f453013898d4a0fe26f",
    },
    {
        "seq": 2,
        "occurred_at": datetime(2026, 11, 27, 15, 4, 6, tzinfo=UTC),
        "actor_id": None,
        "actor_label": "",
        "action": "roster.imported",
        "object_type": "",
        "object_id": "",
        "object_repr": "",
        "channel": "system",
        "ip_address": None,
        "details": {},
        "prev_hash": "ffb84d8260cb78287c719cc8a91bebf89e43557a39e71f453013898d4a0fe26f",
        "hash": "3d7749251dbbe32a3f144088ae16e5d2ee71f4d619adce19a1b30cd6b4653d52",
    },
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_an_old_trail_verifies_after_the_upgrade_and_back():
    old_apps = _migrate(OLD)
    try:
        event_model = old_apps.get_model("audit", "AuditEvent")
        head_model = old_apps.get_model("audit", "AuditChainHead")
        event_model.objects.all().delete()
        event_model.objects.bulk_create([event_model(**fields) for fields in OLD_EVENTS])
        old_head = {"seq": 2, "hash": OLD_EVENTS[1]["hash"]}
        head_model.objects.update_or_create(pk=1, defaults=old_head)

        _migrate(_latest())

        links = list(AuditLink.objects.order_by("seq"))
        assert [(link.seq, link.prev_hash, link.hash) for link in links] == [
            (e["seq"], e["prev_hash"], e["hash"]) for e in OLD_EVENTS
        ]
        assert set(AuditEvent.objects.values_list("hash_format", flat=True)) == {HashFormat.LEGACY}
        kept = Expectation(2, OLD_EVENTS[1]["hash"], "the head kept before the upgrade")
        report = audit_chain_verify(expectations=[kept])
        assert report.intact and report.expectations_met == [kept]

        new = record(1)[0]
        assert new.hash_format == HashFormat.CONTENT
        assert chain_now()[0] == 3
        assert audit_chain_verify(expectations=[kept]).intact

        old_apps = _migrate(OLD)
        rows = list(
            old_apps.get_model("audit", "AuditEvent")
            .objects.order_by("seq")
            .values("seq", "prev_hash", "hash")
        )
        kept_old = [(e["seq"], e["hash"]) for e in OLD_EVENTS]
        assert [(r["seq"], r["hash"]) for r in rows[:2]] == kept_old
        third = old_apps.get_model("audit", "AuditEvent").objects.get(seq=3)
        assert third.prev_hash == OLD_EVENTS[1]["hash"]
        assert third.hash == legacy_event_hash(third, seq=3, prev_hash=third.prev_hash)
        head = old_apps.get_model("audit", "AuditChainHead").objects.get(pk=1)
        assert (head.seq, head.hash) == (3, third.hash)
    finally:
        _migrate(_latest())
