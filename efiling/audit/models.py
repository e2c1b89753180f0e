"""The audit trail: insert-only events, the links that chain them, and signed checkpoints of the
chain's head (docs/decisions/0006-audit-chain.md).

An event is inserted in the transaction of the change it records, with its content hash, and
takes no lock. Links are inserted after commit, in order, by one short transaction at a time
(efiling.audit.chain): link N holds event E's content hash and link N-1's hash, so a changed,
inserted, removed or reordered event or link is detectable. The head is the last link; there
is no row to move back. A checkpoint is the head signed with a key kept outside the database.

None of these rows is ever changed or deleted by the application: the ORM refuses, a trigger
refuses updates, and in production the application's database role may only INSERT and SELECT
them (efiling.audit.grants). The actor is kept as a plain id and a label, not a foreign key, so
no cascade can ever rewrite an event.
"""

from django.db import models

from efiling.audit.hashing import GENESIS_HASH

__all__ = ["GENESIS_HASH", "AuditCheckpoint", "AuditEvent", "AuditLink", "HashFormat"]


class InsertOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are insert-only: they cannot be updated.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are insert-only: they cannot be deleted.")


class InsertOnlyModel(models.Model):
    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are insert-only: they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are insert-only: they cannot be deleted.")


class HashFormat(models.IntegerChoices):
    LEGACY = 1, "recorded before links: the hash covers the number and the previous hash"
    CONTENT = 2, "content only: the link chains it"


class AuditEvent(InsertOnlyModel):
    """One recorded change. `id` is the insertion order, not the chain's: the chain's number is
    `link.seq`, given after commit."""

    occurred_at = models.DateTimeField(editable=False, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, editable=False)
    actor_label = models.CharField(max_length=200, blank=True, editable=False)
    action = models.CharField(max_length=80, editable=False, db_index=True)
    object_type = models.CharField(max_length=80, blank=True, editable=False)
    object_id = models.CharField(max_length=80, blank=True, editable=False)
    object_repr = models.CharField(max_length=200, blank=True, editable=False)
    channel = models.CharField(max_length=16, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    details = models.JSONField(default=dict, editable=False)
    content_hash = models.CharField(max_length=64, editable=False)
    hash_format = models.PositiveSmallIntegerField(
        choices=HashFormat.choices, default=HashFormat.CONTENT, editable=False
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self):
        return f"{self.action} {self.object_type}:{self.object_id} ({self.occurred_at:%Y-%m-%d})"


class AuditLink(InsertOnlyModel):
    """Link `seq` of the chain (1, 2, 3 ... without gaps): event, time linked, previous hash."""

    seq = models.PositiveBigIntegerField(primary_key=True, editable=False)
    event = models.OneToOneField(
        AuditEvent, on_delete=models.PROTECT, related_name="link", editable=False
    )
    linked_at = models.DateTimeField(editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["seq"]

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"


class AuditCheckpoint(InsertOnlyModel):
    """The chain's head (link `seq` with `hash`) at `signed_at`, signed by key `key_id`."""

    seq = models.PositiveBigIntegerField(editable=False, db_index=True)
    hash = models.CharField(max_length=64, editable=False)
    signed_at = models.DateTimeField(editable=False, db_index=True)
    key_id = models.CharField(max_length=16, editable=False)
    signature = models.CharField(max_length=100, editable=False)

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self):
        return f"checkpoint #{self.seq} at {self.signed_at:%Y-%m-%d %H:%M}Z"
