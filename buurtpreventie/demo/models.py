"""Which rows the demo made, by a stable key, so `load_demo` can run again whatever users changed."""

from __future__ import annotations

from django.db import models


class DemoRecord(models.Model):
    """A demo row's stable key (e.g. "patrols.round:tonight") → the row it created.

    Seeders look their rows up here instead of by user-editable fields such as a round's
    meeting point, which people change (or copy into a new round) while trying the demo."""

    key = models.CharField(max_length=120, unique=True)
    model = models.CharField(max_length=100)
    object_id = models.BigIntegerField()

    def __str__(self) -> str:
        return self.key
