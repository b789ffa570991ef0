"""Which browser origins may open the socket, and the server's idea of its own origin behind a proxy.

A browser sends `Origin: scheme://host[:port]` on every websocket handshake and every long-polling
POST. It is accepted when it is
- listed in `PUBLIC_ORIGIN` (how users reach the app, e.g. `https://interview.example.com`) or in
  `CORS_ORIGINS` (other pages allowed in, e.g. the Vite dev server), or
- the server's own origin for this request: `X-Forwarded-Proto://X-Forwarded-Host` when the peer is
  one of `TRUSTED_PROXIES` (a balancer that terminates HTTPS says so there), else the request's own
  scheme and `Host` header (a proxy must pass the Host with its port: nginx `$http_host`).

python-engineio's default check trusts `X-Forwarded-*` from anyone; this one only from the proxies
configured. A request with no Origin (not a browser) is not checked, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import ip_address, ip_network
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from interview_sim.settings import Settings

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_origin(value: str) -> str:
    """`HTTPS://Example.com:443/` -> `https://example.com`: the form browsers send."""
    parts = urlsplit(value.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if not scheme or not host:
        return value.strip().rstrip("/").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return value.strip().rstrip("/").lower()
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS.get(scheme)) else f"{scheme}://{host}:{port}"


def is_trusted(remote: str | None, networks: Sequence[str]) -> bool:
    """True when `remote` (an IP address) is inside one of `networks` (addresses or CIDRs)."""
    try:
        addr = ip_address(remote or "")
    except ValueError:
        return False
    return any(addr in ip_network(net, strict=False) for net in networks)


def _first(header: str | None) -> str:
    return (header or "").split(",")[0].strip()


class OriginPolicy:
    """The one rule for the socket's Origin check (also answered by `POST /origin-check`)."""

    def __init__(self, allowed: Iterable[str], trusted_proxies: Sequence[str]) -> None:
        self.allowed = {normalize_origin(o) for o in allowed if o.strip()}
        self.trusted_proxies = list(trusted_proxies)

    @classmethod
    def from_settings(cls, settings: Settings) -> OriginPolicy:
        return cls([*settings.public_origin, *settings.cors_origins], settings.trusted_proxies)

    def own_origin(self, request: web.BaseRequest) -> str:
        """This request's idea of the server's origin (the page's origin when nothing is wrong)."""
        scheme, host = request.scheme, request.host
        if is_trusted(request.remote, self.trusted_proxies):
            scheme = _first(request.headers.get("X-Forwarded-Proto")) or scheme
            host = _first(request.headers.get("X-Forwarded-Host")) or host
        return normalize_origin(f"{scheme}://{host}")

    def allows(self, origin: str, request: web.BaseRequest) -> bool:
        normal = normalize_origin(origin)
        return normal in self.allowed or normal == self.own_origin(request)

    def engineio_check(self, origin: str | None, environ: dict[str, Any]) -> bool:
        """`cors_allowed_origins` for python-engineio (it calls this only when an Origin is sent)."""
        request = environ.get("aiohttp.request")
        return bool(origin) and request is not None and self.allows(str(origin), request)


ORIGIN_POLICY = web.AppKey("origin_policy", OriginPolicy)
origin_routes = web.RouteTableDef()


@origin_routes.post("/origin-check")
async def origin_check(request: web.Request) -> web.Response:
    """Would the socket accept this page? The page asks when its handshake fails with no reason
    (a refused Origin is a bare 400 the browser does not show to scripts). Browsers send Origin on
    a POST, so the answer is about the page that asks."""
    policy = request.app[ORIGIN_POLICY]
    origin = request.headers.get("Origin")
    body = {
        "origin": origin,
        "accepted": origin is None or policy.allows(origin, request),
        "server_origin": policy.own_origin(request),
    }
    return web.json_response(body)
