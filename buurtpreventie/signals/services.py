"""Writes about signals: filing one (phone, offline outbox, API). Triage, assignment, history and
feedback are the one counter's services (feedback app), the same as for patrol reports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.areas.models import Street, Wijk
from buurtpreventie.core.audit import audit_record
from buurtpreventie.initiatives.services import house_rules_require
from buurtpreventie.patrols.models import PERSON_DESCRIPTOR_FIELDS, Defect, ForwardState
from buurtpreventie.patrols.selectors import report_settings_for
from buurtpreventie.patrols.services import DefectInput, what_was_seen_check
from buurtpreventie.patrols.signals import defects_created

from . import policies
from .models import CalledBy, Signal
from .quality import score_signal

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

MAX_PHOTO_BYTES = 8 * 1024 * 1024


@dataclass
class SignalInput:
    observed_at: datetime
    place: str
    category: str
    behaviour: str
    lat: float | None = None
    lon: float | None = None
    person: dict[str, str] = field(default_factory=dict)
    called_112: bool | None = None
    called_112_by: str = ""
    called_112_at: datetime | None = None
    photo: UploadedFile[bytes] | None = None
    defect: DefectInput | None = None
    extra_answers: dict[str, str] = field(default_factory=dict)
    client_uuid: uuid.UUID | None = None


def snap_to_wijk(*, initiative: Any, lat: float | None, lon: float | None, place: str) -> Wijk | None:
    """The wijk of a signal: from the map point, else from a street named in the place, else the group's area."""
    from buurtpreventie.areas.selectors import wijk_for_point

    if lat is not None and lon is not None:
        wijk = wijk_for_point(lat=lat, lon=lon, municipality_id=initiative.municipality_id)
        if wijk is not None:
            return wijk
    group_wijken = list(initiative.wijken.order_by("code"))
    words = [w for w in place.replace(",", " ").split() if not any(c.isdigit() for c in w)]
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        street = Street.objects.filter(municipality_id=initiative.municipality_id, name__iexact=name).first()
        if street is not None:
            wijken = list(street.wijken.all())
            preferred = [w for w in wijken if w in group_wijken] or wijken
            if preferred:
                return preferred[0]
    return group_wijken[0] if group_wijken else None


def signal_check(data: SignalInput, *, now: datetime) -> list[str]:
    errors = what_was_seen_check(behaviour=data.behaviour, person=data.person)
    if not data.place.strip():
        errors.append(_("Vul in waar het was, of tik de plek aan op de kaart."))
    if data.observed_at > now + timedelta(minutes=10):
        errors.append(_("Het tijdstip ligt in de toekomst."))
    if data.called_112 and data.called_112_by not in CalledBy.values:
        errors.append(_("Geef aan wie 112 heeft gebeld."))
    if data.called_112 and data.called_112_at and data.called_112_at > now + timedelta(minutes=10):
        errors.append(_("Het tijdstip van het 112-gesprek ligt in de toekomst."))
    if (data.lat is None) != (data.lon is None) or (
        data.lat is not None and data.lon is not None and not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180)
    ):
        errors.append(_("Ongeldige coördinaten."))
    if data.photo is not None and data.photo.size and data.photo.size > MAX_PHOTO_BYTES:
        errors.append(_("De foto is te groot (hoogstens 8 MB)."))
    return errors


def signal_file(*, actor: User, initiative: Any, data: SignalInput) -> Signal:
    """File a signal for the group (or team). Idempotent on `client_uuid` (an offline signal sent twice)."""
    if not policies.may_file_signal(actor, initiative):
        raise PermissionDenied
    if data.client_uuid:
        existing = Signal.objects.filter(client_uuid=data.client_uuid).first()
        if existing is not None:
            if existing.author_id != actor.pk:
                raise PermissionDenied
            return existing
    house_rules_require(user=actor, initiative=initiative)
    now = timezone.now()
    errors = signal_check(data, now=now)
    if errors:
        raise ValidationError(errors)
    municipality_id = initiative.municipality_id
    wijk = snap_to_wijk(initiative=initiative, lat=data.lat, lon=data.lon, place=data.place)
    _focus, questions = report_settings_for(municipality_id=municipality_id)
    answers = {q["key"]: (data.extra_answers.get(q["key"]) or "").strip() for q in questions}
    person = {k: (data.person.get(k) or "").strip() for k in PERSON_DESCRIPTOR_FIELDS}
    called_by = data.called_112_by if data.called_112 else ""
    called_at = data.called_112_at if data.called_112 else None
    quality = score_signal(
        behaviour=data.behaviour, category=data.category, place=data.place,
        has_coordinates=data.lat is not None, has_wijk=wijk is not None, observed_at=data.observed_at,
        called_112=data.called_112, called_112_by=called_by, called_112_at=called_at, person=person,
        extra_questions=questions, extra_answers=answers,
    )
    with transaction.atomic():
        signal = Signal(
            initiative=initiative, municipality_id=municipality_id, wijk=wijk, author=actor,
            client_uuid=data.client_uuid, observed_at=data.observed_at, place=data.place.strip(),
            lat=data.lat, lon=data.lon, category=data.category, behaviour=data.behaviour.strip(), **person,
            called_112=data.called_112, called_112_by=called_by, called_112_at=called_at,
            extra_answers=answers, quality_score=quality.score, quality_missing=quality.missing, submitted_at=now,
        )
        if data.photo is not None:
            signal.photo.save(data.photo.name or "foto.jpg", data.photo, save=False)
        if data.defect is not None:
            d = data.defect
            defect = Defect(municipality_id=municipality_id, wijk=wijk, reporter=actor, category=d.category,
                            description=d.description, place=d.place or data.place, lat=d.lat or data.lat,
                            lon=d.lon or data.lon, forward_state=ForwardState.PENDING, forward_next_at=now)
            if d.photo is not None:
                defect.photo.save(d.photo.name or "foto.jpg", d.photo, save=False)
            defect.save()
            signal.defect = defect
            defect_id = defect.pk
            transaction.on_commit(lambda: defects_created.send(sender=Defect, defect_ids=[defect_id]))
        signal.save()
        audit_record(actor=actor, action="signal.file", obj=signal, municipality_id=municipality_id,
                     detail={"quality": quality.score, "called_112": data.called_112})
    return signal
