"""A global cap on concurrent model calls: every call of the wrapped provider holds one slot while
it streams. A call that finds no free slot within `wait_s` fails as `LLMUnavailable`, so the caller
degrades exactly as for a provider outage (the offline interviewer takes the turn)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing

from interview_sim.llm.base import ChatMessage, LLMProvider, LLMUnavailable


class ConcurrencyLimitedProvider:
    def __init__(self, inner: LLMProvider, max_concurrent: int, wait_s: float = 2.0) -> None:
        self.inner, self.wait_s = inner, wait_s
        self.name = inner.name
        self._slots = asyncio.Semaphore(max(1, max_concurrent))
        self.active = self.peak = 0

    async def stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int = 400, temperature: float = 0.6
    ) -> AsyncGenerator[str, None]:
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_s)
        except TimeoutError:
            raise LLMUnavailable("too many model calls at once on this node", retryable=False) from None
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            inner = self.inner.stream(messages, max_tokens=max_tokens, temperature=temperature)
            async with aclosing(inner) as deltas:  # type: ignore[type-var]
                async for delta in deltas:
                    yield delta
        finally:
            self.active -= 1
            self._slots.release()

    async def aclose(self) -> None:
        await self.inner.aclose()
