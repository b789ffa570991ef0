"""Streaming chat completions from any OpenAI-compatible endpoint (OpenRouter, Ollama, llama.cpp, vLLM).

Timeouts are enforced by `timing.timed` around each await inside the generator: httpx's read timeout
restarts on every socket read, and a server sending only keep-alive comments would otherwise never
time out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, aclosing
from typing import Any

import httpx

from interview_sim.llm.base import (
    ChatMessage,
    LLMError,
    LLMStreamError,
    LLMTimeout,
    LLMTimeouts,
    LLMUnavailable,
)
from interview_sim.llm.errors import error_from_response
from interview_sim.llm.sse import ChunkReader, SSEDecoder
from interview_sim.llm.timing import Deadline, Watch, timed

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class OpenAICompatibleProvider:
    """`LLMProvider` over `POST {base_url}/chat/completions` with `stream: true`.

    Retries up to `max_retries` times on 429, 408, 5xx and connection failures, only before the first
    token was yielded, sleeping `backoff_base * 2**attempt` seconds or the upstream's Retry-After
    (capped at `max_retry_after`). After the first token every failure raises at once. The API key
    is sent in the Authorization header only and never logged.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        *,
        client: httpx.AsyncClient | None = None,
        timeouts: LLMTimeouts | None = None,
        max_retries: int = 2,
        backoff_base: float = 0.5,
        max_retry_after: float = 10.0,
        referer: str = "https://github.com/interview-sim/interview-sim",
        title: str = "interview-sim",
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.name = model
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._timeouts = timeouts or LLMTimeouts()
        self._max_retries = max_retries
        self._backoff_base = backoff_base
        self._max_retry_after = max_retry_after
        self._sleep = sleep
        self._headers = {"Authorization": f"Bearer {api_key}", "HTTP-Referer": referer, "X-Title": title}
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=self._httpx_timeout())

    def __repr__(self) -> str:
        return f"OpenAICompatibleProvider(url={self._url!r}, model={self._model!r})"

    async def aclose(self) -> None:
        """Close the httpx client if this provider created it."""
        if self._owns_client:
            await self._client.aclose()

    async def stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int = 400, temperature: float = 0.6
    ) -> AsyncGenerator[str, None]:
        """Yield the reply's text deltas; raise an `LLMError` subclass on failure."""
        body = self._body(messages, max_tokens, temperature)
        deadline = Deadline(self._timeouts.total)
        attempt = 0
        while True:
            yielded = False
            try:
                async with aclosing(self._attempt(body, deadline)) as deltas:
                    async for delta in deltas:
                        yielded = True
                        yield delta
                return
            except LLMError as exc:
                if yielded or not exc.retryable or attempt >= self._max_retries:
                    raise
                await self._wait_before_retry(exc, attempt, deadline)
                attempt += 1

    def _body(self, messages: Sequence[ChatMessage], max_tokens: int, temperature: float) -> dict[str, Any]:
        return {
            "model": self._model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }

    def _httpx_timeout(self) -> httpx.Timeout:
        t = self._timeouts
        read = max(t.first_token, t.idle) + 1.0  # a backstop: the `timing` deadlines fire first
        return httpx.Timeout(connect=t.connect, read=read, write=t.connect, pool=t.connect)

    async def _attempt(self, body: dict[str, Any], deadline: Deadline) -> AsyncGenerator[str, None]:
        watch = Watch(self._timeouts, deadline)
        async with AsyncExitStack() as stack:
            response = await self._open(stack, body, watch)
            if response.status_code != 200:
                raise await _error(response, watch)
            async with aclosing(self._deltas(response, watch)) as deltas:
                async for delta in deltas:
                    yield delta

    async def _open(self, stack: AsyncExitStack, body: dict[str, Any], watch: Watch) -> httpx.Response:
        request = self._client.stream(
            "POST", self._url, json=body, headers=self._headers, timeout=self._httpx_timeout()
        )
        try:
            return await timed(stack.enter_async_context(request), watch)
        except httpx.ConnectTimeout as exc:
            raise LLMTimeout("LLM connect timeout", retryable=True) from exc
        except httpx.TimeoutException as exc:
            raise LLMTimeout(f"LLM request timeout: {type(exc).__name__}") from exc
        except (httpx.TransportError, OSError) as exc:
            raise LLMUnavailable(f"could not reach the LLM endpoint: {type(exc).__name__}") from exc

    @staticmethod
    async def _deltas(response: httpx.Response, watch: Watch) -> AsyncGenerator[str, None]:
        decoder, reader = SSEDecoder(), ChunkReader()
        lines = response.aiter_lines()
        while True:
            line = await timed(_next_line(lines), watch)
            for payload in decoder.close() if line is None else decoder.feed(line):
                delta = reader.read(payload)
                if delta:
                    watch.on_text()
                    yield delta
                if reader.done:
                    return
            if line is None:
                break
        if not reader.finished:
            raise LLMStreamError("stream ended without [DONE] or a finish_reason (connection dropped?)")

    async def _wait_before_retry(self, exc: LLMError, attempt: int, deadline: Deadline) -> None:
        delay = self._backoff_base * 2**attempt
        if exc.retry_after is not None:
            delay = min(exc.retry_after, self._max_retry_after)
        if delay >= deadline.remaining():
            raise exc
        log.warning("LLM %s failed (%s), retry %d in %.2fs", self._model, exc.message, attempt + 1, delay)
        await self._sleep(delay)


async def _next_line(lines: AsyncIterator[str]) -> str | None:
    try:
        return await anext(lines)
    except StopAsyncIteration:
        return None
    except httpx.TimeoutException as exc:
        raise LLMTimeout(f"LLM read timeout: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise LLMStreamError(f"stream broke: {type(exc).__name__}: {exc}") from exc


async def _error(response: httpx.Response, watch: Watch) -> LLMError:
    """The error for a non-200 answer, from its status, headers and (best effort) its body."""
    try:
        body = await timed(response.aread(), watch)
    except (httpx.HTTPError, LLMTimeout):
        body = b""
    return error_from_response(response.status_code, response.headers, body, response.reason_phrase)
