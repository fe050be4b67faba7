"""Incoming status messages from the municipality's Signalen (or anything sending its shape).

POST /loket/signalen/<CBS code>/status/ with a JSON body
`{"id": <Signalen id>, "status": {"state": "o", "state_display": "Afgehandeld", "text": "…"}}` and the header
`X-Signature: sha256=<hex HMAC-SHA256 of the raw body with the shared secret>`. Without a status in the
body we ask Signalen ourselves (the webhook then only says "look again"). No CSRF cookie: the signature
is the authentication; a wrong or missing one gets 401 and nothing is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from buurtpreventie.patrols.models import Defect

from . import signalen
from .models import DefectStatusEvent, ForwardKind, SignalenSettings

MAX_BODY = 64 * 1024


def _signature_ok(secret: str, body: bytes, header: str) -> bool:
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


@csrf_exempt
@require_POST
def signalen_status(request: HttpRequest, code: str) -> HttpResponse:
    conf = (SignalenSettings.objects.select_related("endpoint")
            .filter(endpoint__municipality__code=code.upper(), endpoint__kind=ForwardKind.SIGNALEN,
                    endpoint__active=True).first())
    body = request.body[: MAX_BODY + 1]
    if conf is None or not _signature_ok(conf.webhook_secret, body, request.headers.get("X-Signature", "")):
        return JsonResponse({"detail": "invalid signature"}, status=401)
    if len(body) > MAX_BODY:
        return JsonResponse({"detail": "body too large"}, status=413)
    try:
        data = json.loads(body)
    except ValueError:
        return JsonResponse({"detail": "invalid JSON"}, status=400)
    if not isinstance(data, dict) or not str(data.get("id") or "").strip():
        return JsonResponse({"id": ["This field is required."]}, status=400)
    defect = Defect.objects.filter(municipality_id=conf.endpoint.municipality_id,
                                   external_id=str(data["id"]).strip()).first()
    if defect is None:
        return JsonResponse({"detail": "unknown signal"}, status=404)
    status = signalen._signal_status(data)
    if status is None:
        counts = signalen.signal_poll_one(defect=defect, endpoint=conf.endpoint)
        return JsonResponse(counts, status=202)
    signalen.defect_receiver_status(defect=defect, state=status[0], state_display=status[1], text=status[2],
                                    via=DefectStatusEvent.Via.WEBHOOK)
    return HttpResponse(status=204)
