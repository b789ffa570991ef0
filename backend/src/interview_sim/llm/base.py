"""The LLM port: chat messages, the provider Protocol, its error family and timeouts.

Services depend on `LLMProvider` only; `openai_compatible.OpenAICompatibleProvider` (httpx SSE) and
`scripted.ScriptedProvider` (the offline interviewer) implement it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class LLMTimeouts:
    """Seconds. `first_token`: request sent -> first text delta (keep-alive comments do not count);
    `idle`: longest gap between two chunks once text flows; `total`: the whole call, retries included."""

    connect: float = 5.0
    first_token: float = 20.0
    idle: float = 15.0
    total: float = 120.0


class LLMError(Exception):
    """Base of every provider failure.

    `retryable` is True when a fresh request may succeed because the upstream said so or could not be
    reached (429, 408, 5xx, connection failures): exactly what the provider itself retries, and only
    before the first token. `status` is the HTTP status when there was one; `code` the upstream's
    error code when it sent one; `retry_after` the upstream's Retry-After in seconds, when it sent one.
    """

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.retry_after = retry_after
        if retryable is not None:
            self.retryable = retryable


class LLMTimeout(LLMError):
    """Connect, first-token, idle or total timeout (ours, not retried), or an upstream 408 (retried)."""


class LLMRateLimited(LLMError):
    """HTTP 429."""

    retryable = True


class LLMUnavailable(LLMError):
    """HTTP 5xx, or the endpoint could not be reached (connect error, closed before answering)."""

    retryable = True


class LLMStreamError(LLMError):
    """The stream broke after a 200: an error chunk, malformed SSE, or a dropped connection."""


class LLMBadRequest(LLMError):
    """HTTP 4xx other than 408/429: bad key (401), no credits (402), refused (403), bad body (400)."""


class LLMProvider(Protocol):
    """Streams a chat completion as text deltas.

    `name` is "offline" for the scripted interviewer, else the model name. `stream` is an async
    generator: iterate it inside `closing_stream(...)` (or call its `aclose()`) when stopping early,
    so an interrupted turn closes the upstream request and the generation stops at once. Failures
    raise `LLMError` subclasses; cancellation propagates unchanged.
    """

    name: str

    def stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int = 400, temperature: float = 0.6
    ) -> AsyncIterator[str]: ...

    async def aclose(self) -> None: ...


@asynccontextmanager
async def closing_stream(stream: AsyncIterator[str]) -> AsyncIterator[AsyncIterator[str]]:
    """`async with closing_stream(provider.stream(msgs)) as deltas:` closes the stream on exit, even
    when the consumer stops early or is cancelled, so the upstream request is closed at once
    (`contextlib.aclosing` for the port's `AsyncIterator` type)."""
    try:
        yield stream
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
