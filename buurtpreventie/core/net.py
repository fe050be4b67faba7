"""Who is the client? One answer for rate limits, login throttling and audit.

`X-Forwarded-For` is believed only when the connecting address is one of the reverse proxies in
`settings.TRUSTED_PROXIES` (addresses or networks). The header is then read from the right: the
first address that is not a trusted proxy is the client. Anyone else can write any header, so
without a configured proxy the connecting address (`REMOTE_ADDR`) is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _parse(address)
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return ip is not None and any(ip in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return remote or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h for h in (part.strip() for part in forwarded.split(",")) if h]
    for hop in reversed(hops):
        ip = _parse(hop)
        if ip is None:
            break  # garbage from the client side: stop believing the rest
        if not is_trusted_proxy(str(ip)):
            return str(ip)
    return remote


def client_ip_or_none(request: HttpRequest) -> str | None:
    """For stores that need a real address (django-axes on PostgreSQL's inet column)."""
    value = client_ip(request)
    return value if _parse(value) is not None else None
