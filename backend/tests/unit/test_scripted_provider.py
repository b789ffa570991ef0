"""The offline scripted provider: word-sized deltas that join back to the exact text."""

from __future__ import annotations

import re

import pytest

from interview_sim.llm import ChatMessage, LLMProvider, ScriptedProvider, build_provider, split_words
from interview_sim.llm.openai_compatible import OpenAICompatibleProvider
from interview_sim.llm.scripted import GENERIC_LINE, group_words

TEXTS = [
    "Hello! Let's start with a quick intro.",
    "  leading and trailing spaces  ",
    "line one\nline two\n\n  indented\tand tabbed",
    "one",
    "   ",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_split_words_joins_back_to_the_text(text: str) -> None:
    assert "".join(split_words(text)) == text


def test_split_words_gives_each_word_with_its_following_whitespace() -> None:
    assert split_words("Tell me  about\nit.") == ["Tell ", "me  ", "about\n", "it."]


def test_split_words_attaches_leading_whitespace_to_the_first_word() -> None:
    assert split_words("  Hi there") == ["  Hi ", "there"]


@pytest.mark.parametrize("text", [t for t in TEXTS if t.strip()])
def test_every_delta_holds_exactly_one_word(text: str) -> None:
    for delta in split_words(text):
        assert len(delta.split()) == 1
        assert re.fullmatch(r"\s*\S+\s*", delta)


async def collect(provider: ScriptedProvider, messages: list[ChatMessage]) -> list[str]:
    return [delta async for delta in provider.stream(messages)]


async def test_stream_speaks_the_final_assistant_message() -> None:
    reply = "Great. Now, what is the time complexity of your approach?"
    messages = [
        ChatMessage("system", "be brief"),
        ChatMessage("user", "done"),
        ChatMessage("assistant", reply),
    ]
    deltas = await collect(ScriptedProvider(word_delay_s=0), messages)
    assert "".join(deltas) == reply
    assert deltas == split_words(reply)


@pytest.mark.parametrize("messages", [[], [ChatMessage("user", "What should I do?")]])
async def test_stream_without_a_scripted_reply_says_a_generic_line(messages: list[ChatMessage]) -> None:
    deltas = await collect(ScriptedProvider(word_delay_s=0), messages)
    assert "".join(deltas) == GENERIC_LINE
    assert len(deltas) > 1


async def test_stream_text_streams_word_by_word() -> None:
    provider = ScriptedProvider(word_delay_s=0)
    deltas = [d async for d in provider.stream_text("Walk me through an example.")]
    assert deltas == ["Walk ", "me ", "through ", "an ", "example."]


async def test_provider_is_named_offline_and_fits_the_port() -> None:
    provider: LLMProvider = ScriptedProvider(word_delay_s=0)
    assert provider.name == "offline"
    await provider.aclose()


async def test_build_provider_is_offline_without_a_key() -> None:
    offline = build_provider(api_key=None, base_url="http://127.0.0.1:9/v1", model="m")
    online = build_provider(api_key="sk-secret-123", base_url="http://127.0.0.1:9/v1", model="vendor/model")
    assert isinstance(offline, ScriptedProvider)
    assert isinstance(online, OpenAICompatibleProvider)
    assert online.name == "vendor/model"
    assert "sk-secret-123" not in repr(online)
    await online.aclose()


@pytest.mark.parametrize("text", [*TEXTS, GENERIC_LINE])
async def test_phrases_join_to_the_text_and_start_with_one_word(text: str) -> None:
    provider = ScriptedProvider(word_delay_s=0.02, group_s=0.1)
    provider._word_delay_s = 0  # the pacing is not what this checks
    deltas = [d async for d in provider.stream_text(text)]
    assert "".join(deltas) == text
    if deltas:
        assert deltas[0] == split_words(text)[0]  # the room sees the interviewer start at once


def test_phrases_hold_at_most_the_group_and_end_at_clauses() -> None:
    words = split_words("Hi there, tell me about yourself and your work so far today please. Ok?")
    groups = list(group_words(words, 5))
    assert groups[0] == ["Hi "]
    assert groups[1] == ["there, "]  # a clause closes the phrase early
    assert all(len(g) <= 5 for g in groups)
    assert ["".join(g) for g in groups[2:4]] == ["tell me about yourself and ", "your work so far today "]
    assert groups[-1] == ["Ok?"] and groups[-2] == ["please. "]


class _Words(list[str]):
    """Counts how many words the grouping has looked at."""

    seen = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        got = super().__getitem__(index)
        self.seen += len(got) if isinstance(index, slice) else 1
        return got


def test_the_first_word_is_ready_before_the_rest_is_grouped() -> None:
    words = _Words(split_words("Welcome! " + "Here is a long problem statement, read out. " * 50))
    groups = group_words(words, 4)
    assert next(groups) == ["Welcome! "]
    assert words.seen == 1  # the other 400 words are grouped as they are streamed
    assert sum(len(g) for g in groups) == len(words) - 1


async def test_a_phrase_waits_as_long_as_its_words_would_have() -> None:
    slept: list[float] = []
    provider = ScriptedProvider(word_delay_s=0.02, group_s=0.1)

    async def record(seconds: float) -> None:
        slept.append(seconds)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("interview_sim.llm.scripted.asyncio.sleep", record)
        deltas = [d async for d in provider.stream_text("one two three four five six seven")]
    assert deltas == ["one ", "two three four five six ", "seven"]
    assert slept == pytest.approx([0.1, 0.02])  # 6 words after the first: the same 0.12 s as word by word
