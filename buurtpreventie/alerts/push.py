"""Web Push (VAPID): keys generated once into var/ (or taken from the environment), sending."""

from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / "vapid_private.pem"


def vapid_private_key() -> Any:
    """The py_vapid key: VAPID_PRIVATE_KEY (PEM or base64url DER) from env, else var/vapid_private.pem."""
    from py_vapid import Vapid02

    env = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
    if env:
        if "BEGIN" in env:
            return Vapid02.from_pem(env.encode())
        return Vapid02.from_string(env)
    path = _key_file()
    if not path.exists():
        vapid = Vapid02()
        vapid.generate_keys()
        vapid.save_key(str(path))
        path.chmod(0o600)
        return vapid
    return Vapid02.from_file(str(path))


def vapid_public_key() -> str:
    """Application server key for `pushManager.subscribe` (base64url, uncompressed point)."""
    from cryptography.hazmat.primitives import serialization

    vapid = vapid_private_key()
    raw = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def send_push(subscription: Any, payload: dict[str, Any]) -> bool:
    """Send one notification; False when the push service refused it (subscription gone)."""
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={"endpoint": subscription.endpoint,
                               "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
            data=json.dumps(payload),
            vapid_private_key=vapid_private_key(),
            vapid_claims={"sub": os.environ.get("VAPID_SUBJECT", "mailto:noreply@buurtpreventie.local")},
            ttl=600,
            timeout=5,
        )
        return True
    except WebPushException as exc:
        logger.warning("web push failed: %s", exc)
        return False
    except Exception:
        logger.exception("web push failed")
        return False
