"""The chain moves out of the events into insert-only links (docs/decisions/0006-audit-chain.md),
and signed checkpoints get their table.

Existing events keep their number and hash: each gets the link of its number, holding its
original hash and its previous event's hash (format LEGACY), so the chain verifies as before and
a head recorded before the upgrade still matches. The head row goes: the head is the last link.
Migrating back rebuilds the old columns from the links (events recorded after the upgrade get
an old-style hash over their content, number and previous hash) and the head row.

The database refuses updates of events, links and checkpoints (a trigger, as 0002 did for
events). SQLite rebuilds a table when a column goes, dropping its triggers: the event trigger is
made again at the end in both directions.
"""

from django.db import migrations, models

from efiling.audit.hashing import GENESIS_HASH, legacy_event_hash

BATCH = 2000
TABLES = ("audit_auditevent", "audit_auditlink", "audit_auditcheckpoint")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_refuse_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only: update refused';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table: str) -> str:
    return "audit_event_no_update" if table == "audit_auditevent" else f"{table}_no_update"


def _create_trigger_sql(vendor: str, table: str) -> list[str]:
    name = _trigger_name(table)
    if vendor == "postgresql":
        return [
            POSTGRES_FUNCTION,
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_update()",
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} BEGIN "
            "SELECT RAISE(ABORT, 'audit rows are append-only: update refused'); END",
        ]
    return []


def _drop_trigger_sql(vendor: str, table: str) -> list[str]:
    name = _trigger_name(table)
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}"]
    return []


def _execute(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def guard_all_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        _execute(schema_editor, _create_trigger_sql(vendor, table))


def guard_events(apps, schema_editor):
    _execute(schema_editor, _create_trigger_sql(schema_editor.connection.vendor, TABLES[0]))


def links_from_events(apps, schema_editor):
    """One link per existing event, holding its number, previous hash and hash."""
    event_model = apps.get_model("audit", "AuditEvent")
    link_model = apps.get_model("audit", "AuditLink")
    rows = event_model.objects.order_by("seq").values_list(
        "id", "seq", "occurred_at", "prev_hash", "content_hash"
    )
    batch = []
    for event_id, seq, occurred_at, prev_hash, hash in rows.iterator(chunk_size=BATCH):
        batch.append(
            link_model(
                seq=seq, event_id=event_id, linked_at=occurred_at, prev_hash=prev_hash, hash=hash
            )
        )
        if len(batch) == BATCH:
            link_model.objects.bulk_create(batch)
            batch = []
    link_model.objects.bulk_create(batch)


def events_from_links(apps, schema_editor):
    """The old columns back: links in order, then unchained events in id order, each with its
    number, the previous hash and an old-style hash; the head row last."""
    event_model = apps.get_model("audit", "AuditEvent")
    link_model = apps.get_model("audit", "AuditLink")
    head_model = apps.get_model("audit", "AuditChainHead")
    vendor = schema_editor.connection.vendor
    _execute(schema_editor, _drop_trigger_sql(vendor, TABLES[0]))
    linked = link_model.objects.order_by("seq").values_list("event_id", flat=True)
    unlinked = (
        event_model.objects.filter(link__isnull=True).order_by("id").values_list("id", flat=True)
    )
    seq, previous = 0, GENESIS_HASH
    for ids in (list(linked), list(unlinked)):
        for start in range(0, len(ids), BATCH):
            events = event_model.objects.in_bulk(ids[start : start + BATCH])
            for event_id in ids[start : start + BATCH]:
                event = events[event_id]
                seq += 1
                if event.hash_format != 1:
                    event.content_hash = legacy_event_hash(event, seq=seq, prev_hash=previous)
                event.seq, event.prev_hash, previous = seq, previous, event.content_hash
            event_model.objects.bulk_update(
                events.values(), ["seq", "prev_hash", "content_hash"], batch_size=BATCH
            )
    head_model.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": previous})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        # Runs last when migrating back, after SQLite has rebuilt the events table.
        migrations.RunPython(migrations.RunPython.noop, guard_events),
        migrations.AddField(
            model_name="auditevent",
            name="hash_format",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "recorded before links: the hash covers the number and the previous hash"),
                    (2, "content only: the link chains it"),
                ],
                default=1,
                editable=False,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash_format",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "recorded before links: the hash covers the number and the previous hash"),
                    (2, "content only: the link chains it"),
                ],
                default=2,
                editable=False,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.RenameField(model_name="auditevent", old_name="hash", new_name="content_hash"),
        migrations.CreateModel(
            name="AuditLink",
            fields=[
                (
                    "seq",
                    models.PositiveBigIntegerField(
                        editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("linked_at", models.DateTimeField(editable=False)),
                ("prev_hash", models.CharField(editable=False, max_length=64)),
                ("hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "event",
                    models.OneToOneField(
                        editable=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="link",
                        to="audit.auditevent",
                    ),
                ),
            ],
            options={"ordering": ["seq"]},
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(db_index=True, editable=False)),
                ("hash", models.CharField(editable=False, max_length=64)),
                ("signed_at", models.DateTimeField(db_index=True, editable=False)),
                ("key_id", models.CharField(editable=False, max_length=16)),
                ("signature", models.CharField(editable=False, max_length=100)),
            ],
            options={"ordering": ["-signed_at", "-id"]},
        ),
        migrations.RunPython(links_from_events, events_from_links),
        migrations.RemoveIndex(model_name="auditevent", name="audit_audit_object__599a7d_idx"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["object_type", "object_id", "id"], name="audit_audit_object__0898ad_idx"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, editable=False),
        ),
        migrations.AlterModelOptions(name="auditevent", options={"ordering": ["id"]}),
        migrations.RemoveField(model_name="auditevent", name="seq"),
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.DeleteModel(name="AuditChainHead"),
        migrations.RunPython(guard_all_tables, migrations.RunPython.noop),
    ]
