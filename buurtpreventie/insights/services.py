"""Writes of insights: only its own settings. The aggregate rows are written by `aggregation`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.audit import audit_record

from .models import InsightSettings
from .policies import can_configure_insights

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

FIELDS = ("warning_threshold", "falling_months", "feedback_promise_days", "public_summary", "public_commitments")


def insight_settings_update(*, actor: User, municipality: Municipality, **values: Any) -> InsightSettings:
    """Early-warning thresholds, the promised feedback time and what the public sees."""
    if not can_configure_insights(actor, municipality.pk):
        raise PermissionDenied
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    with transaction.atomic():
        conf, _created = InsightSettings.objects.select_for_update().get_or_create(municipality=municipality)
        for name, value in values.items():
            setattr(conf, name, value)
        conf.full_clean()
        conf.save()
        audit_record(actor=actor, action="insights.settings", obj=conf, municipality_id=municipality.pk,
                     detail={k: values[k] for k in values})
    return conf
