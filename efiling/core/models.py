from django.db import models


class Counter(models.Model):
    """Named counters that never repeat and never skip (confirmation numbers, case numbers).
    Advanced only by efiling.core.counters.counter_next, inside the caller's transaction."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.key} = {self.value}"


class DataFileLoad(models.Model):
    """The last load of a shipped data file (the courts, the filing codes): the SHA-256 of what
    was loaded, so that a start whose files did not change skips loading them
    (efiling.core.data_files)."""

    name = models.CharField(max_length=100, primary_key=True)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.digest[:12]} at {self.loaded_at:%Y-%m-%d %H:%M}"
