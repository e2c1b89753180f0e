"""Hours as data: when the help desk answers and the best hours to use the system (the seed:
help desk 7:30 a.m. to 5 p.m., best use 7 a.m. to 11:59 p.m., Monday to Friday)."""

from django.core.exceptions import ValidationError
from django.db import models


class ServiceHours(models.Model):
    class Kind(models.TextChoices):
        HELP_DESK = "help_desk", "Help desk"
        BEST_USE = "best_use", "Best hours of use"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField(
        help_text="Last moment of service, included (23:59:59 for 'until 11:59 p.m.')."
    )
    closed_on_state_holidays = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "weekday", "opens"]
        verbose_name_plural = "service hours"

    def __str__(self):
        window = f"{self.opens:%H:%M}-{self.closes:%H:%M}"
        return f"{self.get_kind_display()}: {self.get_weekday_display()} {window}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError("The closing time must be after the opening time.")
