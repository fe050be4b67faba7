"""A stand-in Open311 GeoReport v2 receiver (POST requests.json), checking the spec's rules for creating a
service request: a known `api_key`, a known `service_code`, `jurisdiction_id` when it serves several,
and a location (`lat`+`long`, `address_string` or `address_id`). Answers like the spec: 201 with
`[{"service_request_id", "service_notice", "account_id"}]`, errors as `[{"code", "description"}]`.
`answers` can queue status codes to simulate an outage (e.g. [503, 503])."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from .server import read_body, respond


class Open311StandIn:
    def __init__(self, *, api_keys: set[str], service_codes: set[str], jurisdictions: set[str]) -> None:
        self.api_keys = api_keys
        self.service_codes = service_codes
        self.jurisdictions = jurisdictions
        self.answers: list[int] = []
        self.received: list[dict[str, str]] = []
        self.content_types: list[str] = []

    def validate(self, form: dict[str, str]) -> tuple[int, str] | None:
        if form.get("api_key") not in self.api_keys:
            return 403, "api_key is missing or not valid"
        if len(self.jurisdictions) > 1 and form.get("jurisdiction_id") not in self.jurisdictions:
            return 404, "jurisdiction_id not found"
        if form.get("service_code") not in self.service_codes:
            return 404, "service_code not found"
        has_point = bool(form.get("lat")) and bool(form.get("long"))
        if not (has_point or form.get("address_string") or form.get("address_id")):
            return 400, "a location is required: lat & long, address_string or address_id"
        if has_point:
            try:
                float(form["lat"]), float(form["long"])
            except ValueError:
                return 400, "lat and long must be numbers"
        return None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await read_body(receive)
        if scope["method"] != "POST" or not scope["path"].endswith("/requests.json"):
            await respond(send, 404, [{"code": 404, "description": "not found"}])
            return
        if self.answers:
            status = self.answers.pop(0)
            await respond(send, status, [{"code": status, "description": "temporarily unavailable"}])
            return
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode()
        self.content_types.append(content_type)
        if not content_type.startswith("application/x-www-form-urlencoded"):
            await respond(send, 400, [{"code": 400, "description": "expected a form-encoded body"}])
            return
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        error = self.validate(form)
        if error:
            await respond(send, error[0], [{"code": error[0], "description": error[1]}])
            return
        self.received.append(form)
        await respond(send, 201, json.loads(json.dumps([{"service_request_id": f"EXT-{len(self.received)}",
                                                          "service_notice": None, "account_id": None}])))
