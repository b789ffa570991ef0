"""Errors a service raises; transport maps them to an HTTP status or an `ERROR` envelope."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class Invalid(ServiceError):
    status, code = 400, "invalid_request"


class Unauthorized(ServiceError):
    status, code = 401, "unauthorized"


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


class NotFound(ServiceError):
    status, code = 404, "not_found"


class Conflict(ServiceError):
    status, code = 409, "invalid_state"


class Unavailable(ServiceError):
    status, code = 503, "unavailable"


class TooMany(ServiceError):
    status, code = 429, "rate_limited"


class OverBudget(ServiceError):
    status, code = 413, "budget_exceeded"
