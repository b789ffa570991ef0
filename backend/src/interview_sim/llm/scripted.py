"""The offline interviewer's voice: streams text the interview engine decided, word by word.

Convention: when the engine calls the offline provider, it appends the scripted reply as the final
`assistant` message; `stream(messages)` streams exactly that text. The engine may also call
`stream_text(text)` directly.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing

from interview_sim.llm.base import ChatMessage

OFFLINE_NAME = "offline"
GENERIC_LINE = "Let's keep going. Could you tell me more about how you are thinking about it?"

_WORD = re.compile(r"\s*\S+\s*")


def split_words(text: str) -> list[str]:
    """Word-sized deltas: each word with the whitespace after it (leading whitespace joins the first
    word), so that `"".join(split_words(text)) == text` for every string."""
    words = _WORD.findall(text)
    if not words and text:
        return [text]  # whitespace only
    return words


class ScriptedProvider:
    """`LLMProvider` named "offline": no network, deterministic, never fails."""

    name = OFFLINE_NAME

    def __init__(self, *, word_delay_s: float = 0.02) -> None:
        self._word_delay_s = word_delay_s

    async def stream_text(self, text: str) -> AsyncGenerator[str, None]:
        """Yield `text` in word-sized deltas, pausing `word_delay_s` before each word after the first."""
        for index, word in enumerate(split_words(text)):
            if index:
                await asyncio.sleep(self._word_delay_s)
            yield word

    async def stream(
        self, messages: Sequence[ChatMessage], *, max_tokens: int = 400, temperature: float = 0.6
    ) -> AsyncGenerator[str, None]:
        """Stream the last message's content when it is the assistant's scripted reply, else a generic
        line. `max_tokens` and `temperature` are accepted for the port and ignored."""
        last = messages[-1] if messages else None
        text = last.content if last is not None and last.role == "assistant" else GENERIC_LINE
        async with aclosing(self.stream_text(text)) as words:
            async for word in words:
                yield word

    async def aclose(self) -> None:
        """Nothing to release."""
