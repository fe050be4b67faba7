"""A stand-in Signalen (Amsterdam/signals) that validates like the real one.

Rules enforced, from `PrivateSignalSerializerList` and its nested serializers (signals 2.50):
- Bearer token from the OIDC token endpoint (client-credentials grant), refused when unknown or expired (401).
- `text` required, not blank, at most 3,000 characters; `text_extra` at most 10,000.
- `location` required with `geometrie` (GeoJSON Point, WGS84, inside BOUNDING_BOX); `address` an object or null.
- `category`: exactly one of `sub_category` / `category_url`, an existing sub-category URL.
- `reporter` required; `email` a valid address or empty; `phone` at most 17 characters.
- `source` (when given) an active, non-public source (the authenticated-user rule).
- `incident_date_start` required, ISO 8601.
- `extra_properties` valid against Signalen's own JSON schema (copied file); `status` refused on creation.
Errors come back as DRF does: HTTP 400 with `{field: [messages]}`.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from .server import read_body, respond

SCHEMA = json.loads((Path(__file__).with_name("signalen_extra_properties.json")).read_text())
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATE_DISPLAY = {"m": "Gemeld", "i": "In afwachting van behandeling", "b": "In behandeling", "o": "Afgehandeld",
                 "a": "Geannuleerd", "ingepland": "Ingepland", "reopened": "Heropend"}
REQUIRED = "This field is required."
TOKEN_PATH = "/auth/realms/signals/protocol/openid-connect/token"
SIGNALS_PATH = "/signals/v1/private/signals/"
CATEGORIES_PATH = "/signals/v1/public/terms/categories/"
CATEGORIES = {
    "wegen-verkeer-straatmeubilair": ("Wegen, verkeer, straatmeubilair", {
        "lantaarnpaal-straatverlichting": "Lantaarnpaal straatverlichting",
        "bestrating": "Bestrating",
    }),
    "afval": ("Afval", {"zwerfafval": "Zwerfafval", "grofvuil": "Grofvuil"}),
    "openbaar-groen-en-water": ("Openbaar groen en water", {"boom": "Boom"}),
    "overig": ("Overig", {"overig": "Overig"}),
}


class SignalenStandIn:
    def __init__(self, *, client_id: str = "buurtpreventie", client_secret: str = "geheim",
                 token_lifetime: float = 300.0,
                 bounding_box: tuple[float, float, float, float] = (3.3, 50.7, 7.3, 53.6),
                 sources: dict[str, bool] | None = None) -> None:
        self.clients = {client_id: client_secret}
        self.token_lifetime = token_lifetime
        self.bounding_box = bounding_box
        self.sources = sources if sources is not None else {"buurtpreventie": False, "online": True}
        self.tokens: dict[str, float] = {}
        self.tokens_issued = 0
        self.signals: dict[int, dict[str, Any]] = {}
        self.log: list[tuple[str, str, int]] = []
        self.base = ""
        self._lock = threading.Lock()

    # -- test controls
    def sub_category_url(self, main: str, sub: str) -> str:
        return f"{self.base}{CATEGORIES_PATH}{main}/sub_categories/{sub}"

    def set_status(self, signal_id: int | str, state: str, text: str = "") -> None:
        with self._lock:
            self.signals[int(signal_id)]["status"] = {"state": state, "state_display": STATE_DISPLAY.get(state, state),
                                                       "text": text or None,
                                                       "created_at": datetime.now().astimezone().isoformat()}

    def revoke_tokens(self) -> None:
        with self._lock:
            self.tokens.clear()

    # -- rules
    def _known_sub_urls(self) -> set[str]:
        return {self.sub_category_url(main, sub) for main, (_n, subs) in CATEGORIES.items() for sub in subs}

    def validate(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            return {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {type(data).__name__}."]}
        errors: dict[str, Any] = {}
        text = data.get("text")
        if "text" not in data:
            errors["text"] = [REQUIRED]
        elif not isinstance(text, str) or not text.strip():
            errors["text"] = ["This field may not be blank."]
        elif len(text) > 3000:
            errors["text"] = ["Ensure this field has no more than 3000 characters."]
        if isinstance(data.get("text_extra"), str) and len(data["text_extra"]) > 10000:
            errors["text_extra"] = ["Ensure this field has no more than 10000 characters."]
        if "incident_date_start" not in data:
            errors["incident_date_start"] = [REQUIRED]
        else:
            try:
                datetime.fromisoformat(str(data["incident_date_start"]).replace("Z", "+00:00"))
            except ValueError:
                errors["incident_date_start"] = ["Datetime has wrong format. Use one of these formats instead: "
                                                 "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]
        location_errors = self._location(data.get("location"), "location" in data)
        if location_errors:
            errors["location"] = location_errors
        category_errors = self._category(data.get("category"), "category" in data)
        if category_errors:
            errors["category"] = category_errors
        reporter_errors = self._reporter(data.get("reporter"), "reporter" in data)
        if reporter_errors:
            errors["reporter"] = reporter_errors
        if "source" in data:
            source = str(data["source"]).lower()
            known = {k.lower(): v for k, v in self.sources.items()}
            if source not in known:
                errors["source"] = ["Invalid source given, value not known"]
            elif known[source]:
                errors["source"] = ["Invalid source given for authenticated user"]
        if data.get("extra_properties") is not None:
            import jsonschema

            try:
                jsonschema.validate(instance=data["extra_properties"], schema=SCHEMA)
            except jsonschema.ValidationError:
                errors["extra_properties"] = ["Invalid input."]
        if data.get("status") is not None:
            errors["status"] = ["Status cannot be set on initial creation"]
        return errors

    def _location(self, value: Any, present: bool) -> Any:
        if not present:
            return [REQUIRED]
        if not isinstance(value, dict):
            return {"non_field_errors": ["Invalid data. Expected a dictionary."]}
        geometrie = value.get("geometrie")
        if geometrie is None:
            return ["Coordinate data must be present"]
        coords = geometrie.get("coordinates") if isinstance(geometrie, dict) else None
        if (not isinstance(geometrie, dict) or geometrie.get("type") != "Point" or not isinstance(coords, list)
                or len(coords) != 2 or not all(isinstance(c, int | float) and c == c for c in coords)):
            return {"geometrie": ["Unable to convert to python object: Invalid geometry pointer."]}
        lon, lat = coords
        x0, y0, x1, y1 = self.bounding_box
        if not (y0 <= lat <= y1 and x0 <= lon <= x1):
            return {"geometrie": ["The location coordinates (WS84) are not inside the bounding box we are "
                                  "accepting signals for."]}
        address = value.get("address")
        if address is not None and not (isinstance(address, dict)
                                        and all(isinstance(k, str) for k in address)):
            return {"address": ["Value must be valid JSON."]}
        return None

    def _category(self, value: Any, present: bool) -> Any:
        if not present:
            return [REQUIRED]
        if not isinstance(value, dict):
            return {"non_field_errors": ["Invalid data. Expected a dictionary."]}
        if "sub_category" not in value and "category_url" not in value:
            return {"non_field_errors": ['Either the "sub_category" OR the "category_url" must be given']}
        if "sub_category" in value and "category_url" in value:
            return {"non_field_errors": ['Only the "sub_category" OR "category_url" can be given']}
        key = "sub_category" if "sub_category" in value else "category_url"
        if value[key] not in self._known_sub_urls():
            return {key: ["Invalid hyperlink - Object does not exist."]}
        return None

    def _reporter(self, value: Any, present: bool) -> Any:
        if not present:
            return [REQUIRED]
        if not isinstance(value, dict):
            return {"non_field_errors": ["Invalid data. Expected a dictionary."]}
        errors: dict[str, list[str]] = {}
        email = value.get("email")
        if email not in (None, "") and not (isinstance(email, str) and EMAIL.match(email)):
            errors["email"] = ["Enter a valid email address."]
        phone = value.get("phone")
        if isinstance(phone, str) and len(phone) > 17:
            errors["phone"] = ["Ensure this field has no more than 17 characters."]
        if "sharing_allowed" in value and not isinstance(value["sharing_allowed"], bool):
            errors["sharing_allowed"] = ["Must be a valid boolean."]
        return errors or None

    # -- HTTP
    def _authenticated(self, scope: dict[str, Any]) -> bool:
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"").decode()
        if not auth.startswith("Bearer "):
            return False
        with self._lock:
            expires = self.tokens.get(auth.removeprefix("Bearer ").strip())
        return expires is not None and expires > time.monotonic()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        if not self.base:
            host, port = scope["server"]
            self.base = f"http://{host}:{port}"
        body = await read_body(receive)
        status = await self._route(method, path, body, scope, send)
        self.log.append((method, path, status))

    async def _route(self, method: str, path: str, body: bytes, scope: dict[str, Any], send: Any) -> int:
        if path == TOKEN_PATH and method == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form.get("grant_type") != "client_credentials":
                await respond(send, 400, {"error": "unsupported_grant_type"})
                return 400
            if self.clients.get(form.get("client_id", "")) != form.get("client_secret"):
                await respond(send, 401, {"error": "invalid_client", "error_description": "Invalid client credentials"})
                return 401
            token = secrets.token_urlsafe(24)
            with self._lock:
                self.tokens[token] = time.monotonic() + self.token_lifetime
                self.tokens_issued += 1
            await respond(send, 200, {"access_token": token, "expires_in": self.token_lifetime, "token_type": "Bearer"})
            return 200
        if path == CATEGORIES_PATH and method == "GET":
            results = [{
                "_links": {"self": {"href": f"{self.base}{CATEGORIES_PATH}{main}"}}, "name": name, "slug": main,
                "sub_categories": [{"_links": {"self": {"href": self.sub_category_url(main, sub)}}, "name": sub_name,
                                    "slug": sub, "is_active": True, "public_name": None}
                                   for sub, sub_name in subs.items()]}
                for main, (name, subs) in CATEGORIES.items()]
            links = {"self": {"href": f"{self.base}{CATEGORIES_PATH}"}, "next": {"href": None},
                     "previous": {"href": None}}
            await respond(send, 200, {"_links": links, "count": len(results), "results": results})
            return 200
        if path.startswith(SIGNALS_PATH):
            if not self._authenticated(scope):
                await respond(send, 401, {"detail": "Authentication credentials were not provided."})
                return 401
            rest = path.removeprefix(SIGNALS_PATH).strip("/")
            if method == "POST" and not rest:
                return await self._create(body, send)
            if method == "GET" and rest.isdigit():
                signal = self.signals.get(int(rest))
                if signal is None:
                    await respond(send, 404, {"detail": "Not found."})
                    return 404
                await respond(send, 200, signal)
                return 200
        await respond(send, 404, {"detail": "Not found."})
        return 404

    async def _create(self, body: bytes, send: Any) -> int:
        try:
            data = json.loads(body)
        except ValueError:
            await respond(send, 400, {"detail": "JSON parse error"})
            return 400
        errors = self.validate(data)
        if errors:
            await respond(send, 400, errors)
            return 400
        with self._lock:
            signal_id = len(self.signals) + 1
            signal = {
                "id": signal_id, "id_display": f"SIG-{signal_id}", "signal_id": str(uuid.uuid4()),
                "source": data.get("source", "online"), "text": data["text"], "location": data["location"],
                "category": {"category_url": data["category"].get("sub_category")
                             or data["category"].get("category_url")},
                "reporter": data["reporter"], "incident_date_start": data["incident_date_start"],
                "extra_properties": data.get("extra_properties"),
                "status": {"state": "m", "state_display": "Gemeld", "text": None},
            }
            self.signals[signal_id] = signal
        await respond(send, 201, signal)
        return 201
