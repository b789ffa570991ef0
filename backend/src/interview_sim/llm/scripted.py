"""The offline interviewer's voice: streams text the interview engine decided, word by word, or in
phrases of the same pace (`group_s`).

Convention: when the engine calls the offline provider, it appends the scripted reply as the final
`assistant` message; `stream(messages)` streams exactly that text. The engine may also call
`stream_text(text)` directly.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator, Iterator, Sequence
from contextlib import aclosing

from interview_sim.llm.base import ChatMessage

OFFLINE_NAME = "offline"
GENERIC_LINE = "Let's keep going. Could you tell me more about how you are thinking about it?"

_WORD = re.compile(r"\s*\S+\s*")
#: Where a phrase may end: the offline voice's phrases here, the room's in services/coalescing.py.
CLAUSE_ENDS = frozenset(".,;:!?")


def split_words(text: str) -> list[str]:
    """Word-sized deltas: each word with the whitespace after it (leading whitespace joins the first
    word), so that `"".join(split_words(text)) == text` for every string."""
    words = _WORD.findall(text)
    if not words and text:
        return [text]  # whitespace only
    return words


def group_words(words: list[str], per_delta: int) -> Iterator[list[str]]:
    """The first word alone, then runs of at most `per_delta` words, each ending early after a word
    that closes a clause (`,.;:!?`), where the room's phrases end too. Lazily: the first word goes
    out before the rest of a long reply is grouped (300 greetings at once each grouped their whole
    text before their first word, issue 10)."""
    if not words:
        return
    yield [words[0]]
    run: list[str] = []
    for word in words[1:]:
        run.append(word)
        if len(run) >= per_delta or word.rstrip()[-1:] in CLAUSE_ENDS:
            yield run
            run = []
    if run:
        yield run


class ScriptedProvider:
    """`LLMProvider` named "offline": no network, deterministic, never fails."""

    name = OFFLINE_NAME

    def __init__(self, *, word_delay_s: float = 0.02, group_s: float = 0.0) -> None:
        self._word_delay_s = word_delay_s
        # Words per delta after the first: the room is sent phrases of about `group_s` anyway
        # (services/coalescing.py), and waking once per word of 300 greetings at once was a large
        # share of a busy node's loop. 0: one word per delta.
        self._per_delta = max(1, round(group_s / word_delay_s)) if group_s > 0 and word_delay_s > 0 else 1

    async def stream_text(self, text: str) -> AsyncGenerator[str, None]:
        """Yield `text` at `word_delay_s` per word: the first word at once, then a word per delta, or
        with `group_s` up to that long a phrase per delta (ending at a clause boundary), pausing as long
        as its words took. The deltas join to exactly `text`."""
        for index, chunk in enumerate(group_words(split_words(text), self._per_delta)):
            if index:
                await asyncio.sleep(self._word_delay_s * len(chunk))
            yield "".join(chunk)

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
