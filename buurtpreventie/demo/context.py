"""What the demo seeders share. `load_demo` builds it; each seed module under `demo/seed/` may add to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass
class DemoContext:
    municipality: Any
    wijken: dict[str, Any]  # by CBS code
    users: dict[str, Any]  # by demo username
    initiatives: dict[str, Any] = field(default_factory=dict)  # by short key
    extra: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)

    def keyed(self, key: str, model: type[M], *, defaults: dict[str, Any], legacy: dict[str, Any] | None = None,
              reset: bool = True) -> M:
        """The demo row with this stable key, created or (with `reset`) brought back to `defaults`.

        `legacy` finds a row that an older demo made before it had keys (adopted once). Pass
        `reset=False` for rows people may edit in the demo (a team's name): a found row is left as is."""
        return self.keyed_created(key, model, defaults=defaults, legacy=legacy, reset=reset)[0]

    def once(self, key: str, model: type[M], *, lookup: dict[str, Any], defaults: dict[str, Any]) -> tuple[M, bool]:
        """`get_or_create` by demo key instead of by `lookup` (a title, a description: text people edit).

        `lookup` only adopts the row an older demo made; a found row is left as people changed it."""
        return self.keyed_created(key, model, legacy=lookup, defaults={**lookup, **defaults}, reset=False)

    def keyed_created(self, key: str, model: type[M], *, defaults: dict[str, Any],
                      legacy: dict[str, Any] | None = None, reset: bool = True) -> tuple[M, bool]:
        """`keyed`, and whether the row was created now (so a seeder adds its first-time extras once)."""
        from .models import DemoRecord

        label = model._meta.label
        record = DemoRecord.objects.filter(key=key, model=label).first()
        obj = model._default_manager.filter(pk=record.object_id).first() if record else None
        if obj is None and legacy:
            known = DemoRecord.objects.filter(model=label).values_list("object_id", flat=True)
            obj = model._default_manager.filter(**legacy).exclude(pk__in=known).order_by("pk").first()
        created = obj is None
        if obj is None:
            obj = model._default_manager.create(**defaults)
        elif reset:
            for name, value in defaults.items():
                setattr(obj, name, value)
            obj.save()
        if record is None or record.object_id != obj.pk:
            DemoRecord.objects.update_or_create(key=key, defaults={"model": label, "object_id": obj.pk})
        return obj, created
