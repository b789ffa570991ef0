"""LLM providers behind one port (`LLMProvider`): an OpenAI-compatible streaming client and the
offline scripted interviewer. `build_provider` is the one place that picks between them."""

from __future__ import annotations

import httpx

from interview_sim.llm.base import (
    ChatMessage,
    LLMBadRequest,
    LLMError,
    LLMProvider,
    LLMRateLimited,
    LLMStreamError,
    LLMTimeout,
    LLMTimeouts,
    LLMUnavailable,
    closing_stream,
)
from interview_sim.llm.openai_compatible import OpenAICompatibleProvider
from interview_sim.llm.scripted import OFFLINE_NAME, ScriptedProvider, split_words

__all__ = [
    "OFFLINE_NAME",
    "ChatMessage",
    "LLMBadRequest",
    "LLMError",
    "LLMProvider",
    "LLMRateLimited",
    "LLMStreamError",
    "LLMTimeout",
    "LLMTimeouts",
    "LLMUnavailable",
    "OpenAICompatibleProvider",
    "ScriptedProvider",
    "build_provider",
    "closing_stream",
    "split_words",
]


def build_provider(
    *,
    api_key: str | None,
    base_url: str,
    model: str,
    client: httpx.AsyncClient | None = None,
    timeouts: LLMTimeouts | None = None,
    word_delay_s: float = 0.02,
    group_s: float = 0.0,
) -> LLMProvider:
    """The OpenAI-compatible provider when an API key is set, else the offline scripted one.
    (Self-hosted servers such as Ollama accept any non-empty key.)"""
    if not api_key:
        return ScriptedProvider(word_delay_s=word_delay_s, group_s=group_s)
    return OpenAICompatibleProvider(base_url, api_key, model, client=client, timeouts=timeouts)
