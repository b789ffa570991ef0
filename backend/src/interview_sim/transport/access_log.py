"""The access log, without secrets: aiohttp's default line holds the whole request line (a
`?token=` included) and the Referer (which held the page's own token-bearing address). This one logs
the method, the path without its query string, the status, the size and the time: never a query
string, a header or a Referer."""

from __future__ import annotations

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger


class SafeAccessLogger(AbstractAccessLogger):
    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %d %d %.1fms',
            request.remote or "-",
            request.method,
            request.rel_url.path,
            response.status,
            response.body_length,
            time * 1000,
        )
