"""Signalen (Amsterdam/signals) as the receiver of public-space defects, and its status coming back.

The request follows Signalen's private signal create serializer (`PrivateSignalSerializerList`):
`text` (at most 3,000 characters), `location.geometrie` (a WGS84 point, always present — geocoded
with the PDOK Locatieserver when we only have an address) with `location.address` from a PDOK
lookup, `category.sub_category` (the municipality's mapped sub-category URL), a `reporter` object,
`source`, `incident_date_start` and `extra_properties` in Signalen's labelled schema
(`id`, `label`, `answer`, `category_url`). Authentication is an OpenID Connect client-credentials
token fetched from the municipality's identity provider and refreshed when it expires or is refused.

Status back: `signals_poll_status` (scheduled as `poll_signalen`) reads each open forwarded
signal's status; the webhook view calls `defect_receiver_status` with what Signalen pushed. A
change is appended to `DefectStatusEvent` (shown in the loket), a closing state closes the defect
and the member who reported it gets a notice.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from buurtpreventie.areas import pdok
from buurtpreventie.core.audit import audit_record
from buurtpreventie.patrols.models import Defect, ForwardState

from .models import CategoryMapping, DefectStatusEvent, ForwardEndpoint, ForwardKind, ReceiverCategory, SignalenSettings

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

logger = logging.getLogger(__name__)

TEXT_MAX = 3000  # Signal.text = CharField(max_length=3000)
TIMEOUT_S = 10.0
TOKEN_MARGIN_S = 30.0
# Signalen's SIGNALS_API_CLOSED_STATES: afgehandeld, geannuleerd, gesplitst.
CLOSED_STATES = frozenset({"o", "a", "s"})


class ForwardError(Exception):
    """Forwarding failed in a way a person can read (stored as the defect's forward_error)."""


# --- OIDC client credentials -------------------------------------------------------------------

@dataclass
class _Token:
    value: str
    expires_at: float


_tokens: dict[tuple[str, str], _Token] = {}
_tokens_lock = threading.Lock()


def _fetch_token(client: httpx.Client, conf: SignalenSettings) -> str:
    data = {"grant_type": "client_credentials", "client_id": conf.client_id, "client_secret": conf.client_secret}
    if conf.scope:
        data["scope"] = conf.scope
    response = client.post(conf.token_url, data=data, headers={"Accept": "application/json"})
    if response.status_code != 200:
        raise ForwardError(f"token: HTTP {response.status_code}: {response.text[:200]}")
    body = response.json()
    value = str(body.get("access_token") or "")
    if not value:
        raise ForwardError("token: no access_token in the answer")
    expires_in = float(body.get("expires_in") or 300)
    with _tokens_lock:
        _tokens[(conf.token_url, conf.client_id)] = _Token(value, time.monotonic() + expires_in)
    return value


def _token(client: httpx.Client, conf: SignalenSettings, *, fresh: bool = False) -> str:
    key = (conf.token_url, conf.client_id)
    with _tokens_lock:
        cached = _tokens.get(key)
    if cached and not fresh and cached.expires_at - TOKEN_MARGIN_S > time.monotonic():
        return cached.value
    return _fetch_token(client, conf)


def forget_tokens() -> None:
    with _tokens_lock:
        _tokens.clear()


def _settings(endpoint: ForwardEndpoint) -> SignalenSettings:
    conf = SignalenSettings.objects.filter(endpoint=endpoint).first()
    if conf is None or not (conf.token_url and conf.client_id):
        raise ForwardError(_("Signalen-koppeling zonder OpenID Connect-gegevens (token-adres en client-id)."))
    return conf


def _request(client: httpx.Client, conf: SignalenSettings, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One authenticated call; a refused token (401) is refreshed once and the call repeated."""
    headers = {"Accept": "application/json", "Authorization": f"Bearer {_token(client, conf)}"}
    response = client.request(method, url, headers=headers, **kwargs)
    if response.status_code == 401:
        headers["Authorization"] = f"Bearer {_token(client, conf, fresh=True)}"
        response = client.request(method, url, headers=headers, **kwargs)
    return response


# --- The signal --------------------------------------------------------------------------------

def _truncate(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def signal_payload(defect: Defect, conf: SignalenSettings, *, public_base_url: str) -> dict[str, Any]:
    """The JSON body Signalen accepts for this defect. Raises ForwardError when it cannot be built."""
    mapping = CategoryMapping.objects.filter(municipality_id=defect.municipality_id, category=defect.category).first()
    category_url = mapping.signalen_category_url if mapping else ""
    with override("nl"):
        label = str(defect.get_category_display())
        if not category_url:
            raise ForwardError(_("Geen Signalen-subcategorie gekoppeld aan ‘%(category)s’.") % {"category": label})
        lat, lon = defect.lat, defect.lon
        code = defect.municipality.code
        address: pdok.Address | None
        if lat is None or lon is None:
            address = pdok.geocode(defect.place, municipality_code=code)
            if address is None or address.lat is None or address.lon is None:
                raise ForwardError(_("Adres ‘%(place)s’ niet gevonden bij PDOK; geen locatie.")
                                   % {"place": defect.place})
            lat, lon = address.lat, address.lon
        else:
            address = pdok.reverse(lat=lat, lon=lon)
        location: dict[str, Any] = {"geometrie": {"type": "Point", "coordinates": [lon, lat]}}
        if address is not None and address.street:
            location["address"] = address.as_signalen()
        body = f"{label}: {defect.description.strip()}" if defect.description.strip() else f"{label} — {defect.place}"
        extra: list[dict[str, Any]] = [
            {"id": "buurtpreventie_kenmerk", "label": "Kenmerk buurtpreventie", "answer": str(defect.pk)},
            {"id": "buurtpreventie_categorie", "label": "Soort melding (buurtpreventie)", "answer": label},
            {"id": "buurtpreventie_plaats", "label": "Plaats volgens melder", "answer": _truncate(defect.place, 200)},
        ]
        if defect.wijk_id and defect.wijk is not None:
            extra.append({"id": "buurtpreventie_wijk", "label": "Wijk", "answer": defect.wijk.name})
        if defect.photo:
            extra.append({"id": "buurtpreventie_foto", "label": "Foto",
                          "answer": f"{public_base_url}{defect.photo.url}"})
    for item in extra:
        item["category_url"] = category_url
    return {
        "text": _truncate(body, TEXT_MAX),
        "location": location,
        "category": {"sub_category": category_url},
        "reporter": {"email": conf.reporter_email or "", "phone": "", "sharing_allowed": False},
        "source": conf.source,
        "incident_date_start": timezone.localtime(defect.created_at).isoformat(),
        "extra_properties": extra,
    }


def _errors(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(data, dict):
        parts = []
        for field, messages in data.items():
            if isinstance(messages, list):
                messages = "; ".join(str(m) for m in messages)
            parts.append(f"{field}: {messages}")
        return " | ".join(parts)[:500]
    return str(data)[:500]


def signal_create(*, defect: Defect, endpoint: ForwardEndpoint, public_base_url: str,
                  transport: httpx.BaseTransport | None = None) -> str:
    """POST the defect to Signalen; returns Signalen's id for the new signal."""
    conf = _settings(endpoint)
    payload = signal_payload(defect, conf, public_base_url=public_base_url)
    with httpx.Client(timeout=TIMEOUT_S, transport=transport) as client:
        response = _request(client, conf, "POST", endpoint.url, json=payload)
    if response.status_code not in (200, 201):
        raise ForwardError(f"HTTP {response.status_code}: {_errors(response)}")
    data = response.json()
    if isinstance(data, list) and data:
        data = data[0]
    signal_id = data.get("id") if isinstance(data, dict) else None
    if signal_id in (None, ""):
        raise ForwardError(_("Signalen gaf geen id terug."))
    return str(signal_id)


# --- Categories from the receiver --------------------------------------------------------------

def receiver_categories_import(*, actor: User | None, endpoint: ForwardEndpoint) -> int:
    """Read the receiver's public category list (main categories with their sub_categories) and store
    its sub-categories as the choices for the mapping. Returns how many are active."""
    from django.core.exceptions import PermissionDenied

    from .policies import may_manage_forwarding

    if actor is not None and not may_manage_forwarding(actor, endpoint.municipality_id):
        raise PermissionDenied
    conf = SignalenSettings.objects.filter(endpoint=endpoint).first()
    if conf is None or not conf.categories_url:
        raise ForwardError(_("Er is geen adres voor de categorieënlijst ingesteld."))
    found: dict[str, tuple[str, str]] = {}
    url: str | None = conf.categories_url
    with httpx.Client(timeout=TIMEOUT_S) as client:
        while url:
            response = client.get(url, headers={"Accept": "application/json"})
            if response.status_code != 200:
                raise ForwardError(f"HTTP {response.status_code}: {_errors(response)}")
            data = response.json()
            for main in data.get("results", []):
                for sub in main.get("sub_categories", []) or []:
                    href = ((sub.get("_links") or {}).get("self") or {}).get("href")
                    if href and sub.get("is_active", True):
                        found[href] = (str(sub.get("public_name") or sub.get("name") or ""), str(main.get("name", "")))
            url = ((data.get("_links") or {}).get("next") or {}).get("href")
    with transaction.atomic():
        ReceiverCategory.objects.filter(municipality_id=endpoint.municipality_id).exclude(url__in=found).update(
            is_active=False)
        for href, (name, parent) in found.items():
            ReceiverCategory.objects.update_or_create(
                municipality_id=endpoint.municipality_id, url=href,
                defaults={"name": name[:200], "parent_name": parent[:200], "is_active": True})
        audit_record(actor=actor, action="signalen.categories_import", obj=endpoint,
                     municipality_id=endpoint.municipality_id, detail={"count": len(found)})
    return len(found)


def category_mapping_set(*, actor: User, municipality_id: int, category: str, signalen_category_url: str,
                         open311_service_code: str) -> CategoryMapping:
    from django.core.exceptions import PermissionDenied, ValidationError

    from buurtpreventie.patrols.models import DefectCategory

    from .policies import may_manage_forwarding

    if not may_manage_forwarding(actor, municipality_id):
        raise PermissionDenied
    if category not in DefectCategory.values:
        raise ValidationError(_("Onbekende categorie."))
    with transaction.atomic():
        mapping, _created = CategoryMapping.objects.update_or_create(
            municipality_id=municipality_id, category=category,
            defaults={"signalen_category_url": signalen_category_url.strip(),
                      "open311_service_code": open311_service_code.strip(), "updated_at": timezone.now()})
        audit_record(actor=actor, action="category_mapping.set", obj=mapping, municipality_id=municipality_id,
                     detail={"category": category, "signalen": mapping.signalen_category_url,
                             "open311": mapping.open311_service_code})
    return mapping


# --- Status back --------------------------------------------------------------------------------

def defect_receiver_status(*, defect: Defect, state: str, state_display: str = "", text: str = "",
                           via: str, now: datetime | None = None) -> DefectStatusEvent | None:
    """Record what the receiver says; returns the new history row, or None if nothing changed."""
    from .services import notice_send

    now = now or timezone.now()
    state = str(state)[:32]
    closed = state in CLOSED_STATES
    with transaction.atomic():
        defect = Defect.objects.select_for_update().get(pk=defect.pk)
        last = DefectStatusEvent.objects.filter(defect=defect).order_by("-at", "-id").first()
        if last is not None and last.state == state and last.text == text:
            return None
        event = DefectStatusEvent.objects.create(defect=defect, at=now, via=via, state=state,
                                                 state_display=state_display[:100], text=text[:4000],
                                                 is_closed=closed)
        fields = ["updated_at"]
        defect.updated_at = now
        became_closed = closed and defect.is_open
        if closed != (not defect.is_open):
            defect.is_open = not closed
            fields.append("is_open")
        if text:
            defect.status_notes = text[:4000]
            fields.append("status_notes")
        defect.save(update_fields=fields)
        audit_record(actor=None, action="defect.receiver_status", obj=defect,
                     municipality_id=defect.municipality_id, detail={"state": state, "via": via})
        if became_closed and defect.reporter is not None:
            with override(getattr(defect.reporter, "language", None) or "nl"):
                what = str(defect.get_category_display()).lower()
                message = (_("Uw melding is afgehandeld door de gemeente: %(what)s bij %(place)s.")
                           % {"what": what, "place": defect.place})
                if text:
                    message = f"{message} {text}"
            notice_send(user=defect.reporter, text=message)
    return event


def _signal_status(data: Any) -> tuple[str, str, str] | None:
    status = data.get("status") if isinstance(data, dict) else None
    if not isinstance(status, dict) or not status.get("state"):
        return None
    return str(status["state"]), str(status.get("state_display") or ""), str(status.get("text") or "")


def _poll(client: httpx.Client, conf: SignalenSettings, endpoint: ForwardEndpoint, defect: Defect,
          counts: dict[str, int], now: datetime | None) -> None:
    counts["checked"] += 1
    try:
        response = _request(client, conf, "GET", f"{endpoint.url.rstrip('/')}/{defect.external_id}")
        status = _signal_status(response.json()) if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError, ForwardError) as exc:
        logger.warning("Signalen status of defect %s failed: %s", defect.pk, exc)
        status = None
    if status is None:
        counts["errors"] += 1
        return
    if defect_receiver_status(defect=defect, state=status[0], state_display=status[1], text=status[2],
                              via=DefectStatusEvent.Via.POLL, now=now):
        counts["changed"] += 1


def signal_poll_one(*, defect: Defect, endpoint: ForwardEndpoint, now: datetime | None = None) -> dict[str, int]:
    counts = {"checked": 0, "changed": 0, "errors": 0}
    try:
        conf = _settings(endpoint)
    except ForwardError:
        counts["errors"] += 1
        return counts
    with httpx.Client(timeout=TIMEOUT_S) as client:
        _poll(client, conf, endpoint, defect, counts, now)
    return counts


def signals_poll_status(*, limit: int = 500, now: datetime | None = None) -> dict[str, int]:
    """Ask each municipality's Signalen for the status of our open forwarded defects."""
    counts = {"checked": 0, "changed": 0, "errors": 0}
    endpoints = ForwardEndpoint.objects.filter(kind=ForwardKind.SIGNALEN, active=True)
    for endpoint in endpoints:
        defects = list(Defect.objects.filter(municipality_id=endpoint.municipality_id, forward_state=ForwardState.SENT,
                                             is_open=True).exclude(external_id="").order_by("updated_at")[:limit])
        if not defects:
            continue
        try:
            conf = _settings(endpoint)
        except ForwardError as exc:
            logger.warning("Signalen status for %s: %s", endpoint, exc)
            counts["errors"] += 1
            continue
        with httpx.Client(timeout=TIMEOUT_S) as client:
            for defect in defects:
                _poll(client, conf, endpoint, defect, counts, now)
    return counts
