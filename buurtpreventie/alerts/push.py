"""Web Push (RFC 8030 delivery, RFC 8291 message encryption, RFC 8292 VAPID).

Keys come from the environment and are the same in every process (docs/operations.md,
"Web Push"): `VAPID_PRIVATE_KEY` (PEM, or the base64url raw/DER key `manage.py vapid_keys`
prints) and `VAPID_SUBJECT` (mailto: or https: contact for the push services). For development,
`manage.py vapid_keys --write` stores a key in var/vapid_private.pem, which is read when the
environment has none. Nothing generates a key on its own: without a key, push is not offered.

Sending follows the push services' rules: acute alerts go with `Urgency: high` and a short TTL
(an alarm that arrives an hour late does harm); only 404 and 410 end a subscription; 429 and
5xx (and network errors) are retried with backoff, honouring `Retry-After`.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

ACUTE_TTL_SECONDS = 10 * 60  # an alarm older than this is no longer an alarm
INFO_TTL_SECONDS = 24 * 3600  # all-clear and outcome may arrive later


class PushNotConfigured(Exception):
    pass


def _key_file() -> Path:
    return Path(os.environ.get("VAPID_PRIVATE_KEY_FILE") or Path(settings.VAR_DIR) / "vapid_private.pem")


def vapid_private_key() -> Any:
    """The py_vapid key: VAPID_PRIVATE_KEY from the environment, else the key file. Never generated here."""
    from py_vapid import Vapid02

    env = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
    if env:
        if "BEGIN" in env:
            return Vapid02.from_pem(env.replace("\\n", "\n").encode())
        return Vapid02.from_string(env)
    path = _key_file()
    if path.exists():
        return Vapid02.from_file(str(path))
    raise PushNotConfigured("VAPID_PRIVATE_KEY is not set")


def generate_vapid_key(*, write_to: Path | None = None) -> tuple[str, str]:
    """A new key pair for the environment: (private key, base64url DER; public key). Used by the
    `vapid_keys` command only."""
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid02

    vapid = Vapid02()
    vapid.generate_keys()
    der = vapid.private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())
    if write_to is not None:
        vapid.save_key(str(write_to))
        write_to.chmod(0o600)
    return base64.urlsafe_b64encode(der).rstrip(b"=").decode(), _public_b64(vapid)


def _public_b64(vapid: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def vapid_public_key() -> str:
    """Application server key for `pushManager.subscribe` (base64url, uncompressed point)."""
    return _public_b64(vapid_private_key())


def push_enabled() -> bool:
    try:
        vapid_private_key()
    except PushNotConfigured:
        return False
    return True


@dataclass
class PushResult:
    outcome: str  # "sent" | "gone" (end the subscription) | "retry" | "failed" (refused, keep subscription)
    status: int | None = None
    retry_after: int | None = None
    detail: str = ""


def _retry_after(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        from django.utils import timezone

        try:
            return max(0, int((parsedate_to_datetime(value) - timezone.now()).total_seconds()))
        except (TypeError, ValueError):
            return None


def send_push(subscription: Any, payload: dict[str, Any], *, acute: bool = True) -> PushResult:
    """Send one notification and classify the push service's answer."""
    import requests
    from pywebpush import WebPushException, webpush

    try:
        key = vapid_private_key()
    except PushNotConfigured as exc:
        return PushResult("failed", detail=str(exc))
    try:
        response = webpush(
            subscription_info={"endpoint": subscription.endpoint,
                               "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
            data=json.dumps(payload),
            vapid_private_key=key,
            vapid_claims={"sub": os.environ.get("VAPID_SUBJECT", "mailto:noreply@buurtpreventie.local")},
            ttl=ACUTE_TTL_SECONDS if acute else INFO_TTL_SECONDS,
            headers={"Urgency": "high" if acute else "normal"},
            timeout=5,
        )
        status = getattr(response, "status_code", 201)
    except WebPushException as exc:
        response = exc.response
        status = getattr(response, "status_code", None)
        if status is None:
            return PushResult("retry", detail=str(exc)[:200])
    except (requests.RequestException, OSError) as exc:
        return PushResult("retry", detail=f"{type(exc).__name__}: {exc}"[:200])
    except (ValueError, TypeError) as exc:  # bad subscription keys: this subscription never works
        return PushResult("gone", detail=f"{type(exc).__name__}: {exc}"[:200])
    if 200 <= status < 300:
        return PushResult("sent", status)
    text = (getattr(response, "text", "") or "")[:120]
    if status in (404, 410):
        return PushResult("gone", status, detail=text)
    if status == 429 or status >= 500:
        return PushResult("retry", status, _retry_after(response.headers.get("Retry-After")), detail=text)
    logger.warning("push refused with %s: %s", status, text)
    return PushResult("failed", status, detail=text)
