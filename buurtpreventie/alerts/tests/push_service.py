"""A local stand-in for a Web Push service (RFC 8030) that enforces what real ones check.

A real HTTP server in a thread. Every POST must carry a TTL header, a valid Urgency (if any),
`Content-Encoding: aes128gcm`, and a VAPID `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292)
whose ES256 signature verifies with `k` and whose claims name this origin, expire within 24 h
and give a contact. The body is decrypted (RFC 8291) with the subscriber's private key, as the
browser would. Answers are scripted per path (201 by default).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Subscriber:
    """A browser's side of a subscription: its key pair and auth secret."""

    def __init__(self) -> None:
        import os

        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.p256dh = b64e(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
        self.auth_secret = os.urandom(16)
        self.auth = b64e(self.auth_secret)


class PushService:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.script: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.subscribers: dict[str, Subscriber] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, headers = service.handle(self.path, dict(self.headers.items()), body)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PushService:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def subscribe(self, name: str) -> tuple[str, Subscriber]:
        sub = Subscriber()
        self.subscribers[f"/push/{name}"] = sub
        return f"{self.origin}/push/{name}", sub

    def answer(self, name: str, *answers: int | tuple[int, dict[str, str]]) -> None:
        self.script[f"/push/{name}"] = [a if isinstance(a, tuple) else (a, {}) for a in answers]

    def for_path(self, name: str) -> list[dict[str, Any]]:
        return [r for r in self.received if r["path"] == f"/push/{name}"]

    def _refuse(self, reason: str) -> tuple[int, dict[str, str]]:
        self.errors.append(reason)
        return 400, {}

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str]]:
        import http_ece

        h = {k.lower(): v for k, v in headers.items()}
        if "ttl" not in h or not h["ttl"].isdigit():
            return self._refuse("TTL header missing or not a number")
        urgency = h.get("urgency")
        if urgency is not None and urgency not in {"very-low", "low", "normal", "high"}:
            return self._refuse(f"bad Urgency {urgency}")
        if h.get("content-encoding") != "aes128gcm":
            return self._refuse("Content-Encoding must be aes128gcm")
        auth = h.get("authorization", "")
        if not auth.startswith("vapid "):
            return self._refuse("no VAPID authorization")
        params = dict(part.strip().split("=", 1) for part in auth[6:].split(","))
        try:
            self._check_jwt(params["t"], params["k"])
        except (KeyError, ValueError, AssertionError) as exc:
            return self._refuse(f"VAPID: {exc}")
        sub = self.subscribers.get(path)
        if sub is None:
            return 404, {}
        try:
            plain = http_ece.decrypt(body, private_key=sub.private_key, auth_secret=sub.auth_secret,
                                     version="aes128gcm")
        except Exception as exc:  # noqa: BLE001 - any decryption failure is the sender's fault
            return self._refuse(f"cannot decrypt: {exc}")
        self.received.append({"path": path, "ttl": int(h["ttl"]), "urgency": urgency,
                              "payload": json.loads(plain)})
        answers = self.script.get(path)
        return answers.pop(0) if answers else (201, {})

    def _check_jwt(self, token: str, key: str) -> None:
        head, claims, signature = token.split(".")
        assert json.loads(b64d(head)).get("alg") == "ES256", "alg must be ES256"
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(key))
        raw = b64d(signature)
        assert len(raw) == 64, "signature must be raw r||s"
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        try:
            public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
        except Exception as exc:
            raise AssertionError("signature does not verify") from exc
        data = json.loads(b64d(claims))
        assert data.get("aud") == self.origin, f"aud {data.get('aud')} is not {self.origin}"
        assert time.time() < data["exp"] <= time.time() + 24 * 3600 + 60, "exp out of range"
        assert str(data.get("sub", "")).startswith(("mailto:", "https:")), "sub must be a contact"
