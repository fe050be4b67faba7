"""Forward public-space defects to the municipality's Open311 or Signalen endpoint.

Nothing is lost while that endpoint is down: the defect is stored first; forwarding is a
separate step with retries and exponential backoff (1, 2, 4, ... minutes, at most 6 hours).
After MAX_ATTEMPTS failures the defect shows as "failed" in the counter, where a person can
send it again. Retries run from the `forward_defects` command (cron / loop) and, on the
database task backend, as deferred tasks.

A new defect is forwarded by `forward_soon()`: one sweep task per second per process
(`core.scheduling.kick`), not one task per defect, so filing reports stays cheap on a busy evening.
Each attempt first *claims* its defect (`_claim`), so a task, the minute sweep and a person's
"send again" never forward the same defect twice at once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import httpx
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buurtpreventie.accounts.roles import Cap
from buurtpreventie.core.audit import audit_record
from buurtpreventie.patrols.models import Defect, ForwardState
from buurtpreventie.patrols.policies import professional_covers

from . import signalen
from .models import CategoryMapping, ForwardEndpoint, ForwardKind

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
TIMEOUT_S = 10.0
# How long one attempt may hold its defect: the longest Signalen exchange (token, signal, photo)
# with a margin. A worker that dies mid-attempt leaves the defect to the sweep after this.
CLAIM_FOR = timedelta(minutes=5)
BUSY = "busy"  # defect_forward's answer when another worker is forwarding the defect right now



def backoff(attempts: int) -> timedelta:
    delay: timedelta = BASE_DELAY * (2 ** max(0, attempts - 1))
    return min(delay, MAX_DELAY)


def _open311_form(defect: Defect, endpoint: ForwardEndpoint) -> dict[str, str]:
    base = public_base_url()
    mapping = CategoryMapping.objects.filter(municipality_id=defect.municipality_id, category=defect.category).first()
    form = {
        "api_key": endpoint.api_key,
        "jurisdiction_id": defect.municipality.code,
        "service_code": (mapping.open311_service_code if mapping and mapping.open311_service_code
                         else defect.category),
        "description": defect.description or str(defect.get_category_display()),
        "address_string": defect.place,
    }
    if defect.lat is not None and defect.lon is not None:
        form["lat"], form["long"] = str(defect.lat), str(defect.lon)
    if defect.photo:
        form["media_url"] = f"{base}{defect.photo.url}"
    return form


def public_base_url() -> str:
    """The site's public address for links in forwarded reports (one helper: notifications.links)."""
    from buurtpreventie.notifications.links import base_url

    return base_url()


def _external_id(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        data = data[0]
    if isinstance(data, dict):
        for key in ("service_request_id", "signal_id", "id", "token"):
            if data.get(key):
                return str(data[key])
    return ""


def _claim(defect_id: int, now: datetime) -> bool:
    """Take this attempt for one worker: a conditional UPDATE that only one caller wins."""
    return Defect.objects.filter(pk=defect_id, forward_state=ForwardState.PENDING).filter(
        Q(forward_next_at__isnull=True) | Q(forward_next_at__lte=now)
    ).update(forward_next_at=now + CLAIM_FOR) == 1


def defect_forward(*, defect_id: int, now: datetime | None = None) -> str:
    """Try once to forward a defect. Returns the new forward state, or `BUSY` when another worker
    holds it (or its next attempt is not due yet)."""
    now = now or timezone.now()
    defect = Defect.objects.select_related("municipality").filter(pk=defect_id).first()
    if defect is None or defect.forward_state != ForwardState.PENDING:
        return defect.forward_state if defect else "missing"
    if not _claim(defect.pk, now):
        return BUSY
    endpoint = ForwardEndpoint.objects.filter(municipality_id=defect.municipality_id, active=True).first()
    if endpoint is None:
        Defect.objects.filter(pk=defect.pk).update(forward_state=ForwardState.NOT_CONFIGURED, forward_next_at=None)
        return ForwardState.NOT_CONFIGURED
    error = ""
    external_id = ""
    try:
        if endpoint.kind == ForwardKind.SIGNALEN:
            external_id = signalen.signal_create(defect=defect, endpoint=endpoint, public_base_url=public_base_url())
        else:
            with httpx.Client(timeout=TIMEOUT_S) as client:
                response = client.post(endpoint.url, data=_open311_form(defect, endpoint),
                                       headers={"Accept": "application/json"})
            if response.status_code >= 300:
                error = f"HTTP {response.status_code}: {response.text[:300]}"
            else:
                external_id = _external_id(response)
    except signalen.ForwardError as exc:
        error = str(exc)[:500]
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    with transaction.atomic():
        defect = Defect.objects.select_for_update().get(pk=defect.pk)
        defect.forward_attempts += 1
        defect.updated_at = now
        if not error:
            defect.forward_state = ForwardState.SENT
            defect.external_id = external_id
            defect.forward_error = ""
            defect.forward_next_at = None
        elif defect.forward_attempts >= MAX_ATTEMPTS:
            defect.forward_state = ForwardState.FAILED
            defect.forward_error = error
            defect.forward_next_at = None
        else:
            defect.forward_error = error
            defect.forward_next_at = now + backoff(defect.forward_attempts)
        defect.save(update_fields=["forward_attempts", "updated_at", "forward_state", "external_id",
                                   "forward_error", "forward_next_at"])
        audit_record(actor=None, action="defect.forward", obj=defect, municipality_id=defect.municipality_id,
                     detail={"state": defect.forward_state, "attempt": defect.forward_attempts, "error": error})
    if error:
        logger.warning("Forwarding defect %s failed (attempt %s): %s", defect.pk, defect.forward_attempts, error)
    return defect.forward_state


def defects_forward_due(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Forward every pending defect whose next attempt is due."""
    now = now or timezone.now()
    due = list(
        Defect.objects.filter(forward_state=ForwardState.PENDING, forward_next_at__lte=now)
        .order_by("forward_next_at").values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    for pk in due:
        state = defect_forward(defect_id=pk, now=now)
        counts[state] = counts.get(state, 0) + 1
    return counts


def defect_forward_retry(*, actor: User, defect: Defect) -> Defect:
    """A person sends a failed (or never configured) defect again."""
    if not professional_covers(actor, Cap.VIEW_AREA_REPORTS, municipality_id=defect.municipality_id,
                               wijk_ids={defect.wijk_id} if defect.wijk_id else set()):
        raise PermissionDenied
    with transaction.atomic():
        defect.forward_state = ForwardState.PENDING
        defect.forward_attempts = 0
        defect.forward_next_at = timezone.now()
        defect.forward_error = ""
        defect.save(update_fields=["forward_state", "forward_attempts", "forward_next_at", "forward_error"])
        audit_record(actor=actor, action="defect.forward_retry", obj=defect, municipality_id=defect.municipality_id)
        pk = defect.pk
        transaction.on_commit(lambda: enqueue_forward(pk))
    return defect


def forward_soon() -> None:
    """Forward newly stored defects within about a second (see the module docstring)."""
    from buurtpreventie.core import scheduling

    from .tasks import forward_due_task

    try:
        scheduling.kick(forward_due_task)
    except Exception:  # the stored defects are safe; the minute sweep picks them up
        logger.exception("Could not enqueue the forwarding sweep")


def enqueue_forward(defect_id: int) -> None:
    from .tasks import forward_defect_task

    try:
        forward_defect_task.enqueue(defect_id)
    except Exception:  # the stored defect is safe; the command picks it up
        logger.exception("Could not enqueue forwarding of defect %s", defect_id)
