"""Mapping a non-200 answer of an OpenAI-compatible endpoint to the `LLMError` family."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from interview_sim.llm.base import LLMBadRequest, LLMError, LLMRateLimited, LLMTimeout, LLMUnavailable


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_fields(body: bytes, reason: str) -> tuple[str, str | None]:
    """`{"error": {"code", "message"}}` when the body has it, else the start of the body."""
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    error = parsed.get("error") if isinstance(parsed, dict) else None
    if isinstance(error, dict):
        code = error.get("code")
        message = error.get("message") or reason
        return str(message), None if code is None else str(code)
    if isinstance(error, str):
        return error, None
    text = body[:200].decode("utf-8", "replace").strip()
    return text or reason, None


def error_from_response(status: int, headers: Mapping[str, str], body: bytes, reason: str = "") -> LLMError:
    """The exception for a non-200 answer: 429 rate limited, 408 timeout and 5xx unavailable (all
    retryable, with Retry-After), other 4xx bad request."""
    message, code = _error_fields(body, reason or str(status))
    text = f"LLM endpoint answered {status}: {message}"
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if status == 429:
        return LLMRateLimited(text, status=status, code=code, retry_after=retry_after)
    if status == 408:
        return LLMTimeout(text, status=status, code=code, retryable=True, retry_after=retry_after)
    if status >= 500:
        return LLMUnavailable(text, status=status, code=code, retry_after=retry_after)
    if 400 <= status < 500:
        return LLMBadRequest(text, status=status, code=code)
    return LLMUnavailable(text, status=status, code=code, retryable=False)
