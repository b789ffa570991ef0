"""The offline scripted provider: word-sized deltas that join back to the exact text."""

from __future__ import annotations

import re

import pytest

from interview_sim.llm import ChatMessage, LLMProvider, ScriptedProvider, build_provider, split_words
from interview_sim.llm.openai_compatible import OpenAICompatibleProvider
from interview_sim.llm.scripted import GENERIC_LINE

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
