from django.db import models


class Counter(models.Model):
    """Named counters that never repeat and never skip (confirmation numbers, case numbers).
    Advanced only by efiling.core.counters.counter_next, inside the caller's transaction."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.key} = {self.value}"
