"""The OpenAI-compatible provider against the loopback fake server (tests/support/fake_llm.py)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

# backend/ on sys.path so `tests.support` imports even while tests/integration is not a package and
# pytest has no `pythonpath` setting (harmless once it has).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.fake_llm import (
    DEFAULT_REPLY,
    Drop,
    ErrorChunk,
    FakeLLM,
    HttpError,
    Raw,
    Stall,
    Stream,
)

from interview_sim.llm import (
    ChatMessage,
    LLMBadRequest,
    LLMRateLimited,
    LLMStreamError,
    LLMTimeout,
    LLMTimeouts,
    LLMUnavailable,
    OpenAICompatibleProvider,
    closing_stream,
)

KEY = "sk-test-secret"
MODEL = "test/model"
MESSAGES = [ChatMessage("system", "You are an interviewer."), ChatMessage("user", "Hi")]
ROOMY = LLMTimeouts(connect=2.0, first_token=5.0, idle=5.0, total=30.0)
FAST = LLMTimeouts(connect=1.0, first_token=0.3, idle=0.3, total=5.0)  # for the timeout tests


@pytest.fixture
async def fake() -> AsyncIterator[FakeLLM]:
    async with FakeLLM() as server:
        yield server


class Sleeps:
    """Records the provider's backoff sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def provider(fake: FakeLLM, sleeps: Sleeps) -> AsyncIterator[OpenAICompatibleProvider]:
    llm = OpenAICompatibleProvider(fake.base_url, KEY, MODEL, timeouts=ROOMY, sleep=sleeps)
    yield llm
    await llm.aclose()


@pytest.fixture
async def quick(fake: FakeLLM, sleeps: Sleeps) -> AsyncIterator[OpenAICompatibleProvider]:
    """A provider with sub-second first-token and idle timeouts."""
    llm = OpenAICompatibleProvider(fake.base_url, KEY, MODEL, timeouts=FAST, sleep=sleeps)
    yield llm
    await llm.aclose()


async def collect(llm: OpenAICompatibleProvider, into: list[str] | None = None) -> list[str]:
    deltas = [] if into is None else into
    async for delta in llm.stream(MESSAGES):
        deltas.append(delta)
    return deltas


async def test_streams_deltas_in_order(fake: FakeLLM, provider: OpenAICompatibleProvider) -> None:
    fake.script(Stream(["Hello", ", ", "candidate."]))
    assert await collect(provider) == ["Hello", ", ", "candidate."]


async def test_default_behaviour_streams_the_fixed_reply(provider: OpenAICompatibleProvider) -> None:
    assert "".join(await collect(provider)) == DEFAULT_REPLY


async def test_request_carries_model_messages_stream_and_bearer_key(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    await collect(provider)
    [request] = fake.requests
    assert request.path == "/v1/chat/completions"
    assert request.json["model"] == MODEL
    assert request.json["stream"] is True
    assert request.json["messages"] == [
        {"role": "system", "content": "You are an interviewer."},
        {"role": "user", "content": "Hi"},
    ]
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["X-Title"]
    assert request.headers["HTTP-Referer"]


async def test_keep_alive_comments_are_skipped(fake: FakeLLM, provider: OpenAICompatibleProvider) -> None:
    fake.script(Stream(["a ", "b ", "c"], comments=True))
    assert await collect(provider) == ["a ", "b ", "c"]


async def test_end_without_done_after_finish_reason_is_complete(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(Stream(["a ", "b"], done=False))
    assert await collect(provider) == ["a ", "b"]


async def test_end_without_done_or_finish_reason_is_a_stream_error(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(Stream(["a ", "b"], done=False, finish_reason=None))
    got: list[str] = []
    with pytest.raises(LLMStreamError):
        await collect(provider, got)
    assert got == ["a ", "b"]


async def test_429_with_retry_after_is_retried_then_succeeds(
    fake: FakeLLM, provider: OpenAICompatibleProvider, sleeps: Sleeps
) -> None:
    fake.script(HttpError(429, retry_after="3"), Stream(["ok"]))
    assert await collect(provider) == ["ok"]
    assert len(fake.requests) == 2
    assert sleeps.calls == [3.0]


@pytest.mark.parametrize("status", [408, 500, 502, 503])
async def test_transient_statuses_are_retried(
    fake: FakeLLM, provider: OpenAICompatibleProvider, sleeps: Sleeps, status: int
) -> None:
    fake.script(HttpError(status), Stream(["back"]))
    assert await collect(provider) == ["back"]
    assert len(fake.requests) == 2
    assert sleeps.calls == [0.5]


async def test_retry_after_is_capped(fake: FakeLLM, sleeps: Sleeps) -> None:
    fake.script(HttpError(503, retry_after="3600"), Stream(["ok"]))
    llm = OpenAICompatibleProvider(
        fake.base_url, KEY, MODEL, timeouts=ROOMY, sleep=sleeps, max_retry_after=2.0
    )
    assert await collect(llm) == ["ok"]
    assert sleeps.calls == [2.0]
    await llm.aclose()


async def test_5xx_beyond_retries_raises_unavailable_with_backoff(
    fake: FakeLLM, provider: OpenAICompatibleProvider, sleeps: Sleeps
) -> None:
    fake.script(HttpError(500), HttpError(502), HttpError(503), Stream(["never"]))
    with pytest.raises(LLMUnavailable) as info:
        await collect(provider)
    assert info.value.status == 503
    assert len(fake.requests) == 3  # the first try and max_retries=2
    assert sleeps.calls == [0.5, 1.0]  # exponential backoff from backoff_base


async def test_429_beyond_retries_raises_rate_limited(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(*[HttpError(429, {"error": {"code": 429, "message": "slow down"}})] * 3)
    with pytest.raises(LLMRateLimited) as info:
        await collect(provider)
    assert "slow down" in info.value.message
    assert info.value.retryable


async def test_401_is_a_bad_request_without_retry(fake: FakeLLM, provider: OpenAICompatibleProvider) -> None:
    fake.script(HttpError(401, {"error": {"code": 401, "message": "No auth credentials found"}}))
    with pytest.raises(LLMBadRequest) as info:
        await collect(provider)
    assert info.value.status == 401
    assert info.value.code == "401"
    assert "No auth credentials found" in info.value.message
    assert not info.value.retryable
    assert len(fake.requests) == 1


async def test_error_body_that_is_not_json_is_reported(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(HttpError(400, "bad things"))
    with pytest.raises(LLMBadRequest, match="bad things"):
        await collect(provider)


@pytest.mark.parametrize("shape", ["openrouter", "openai"])
async def test_error_chunk_mid_stream_raises_after_earlier_tokens(
    fake: FakeLLM, provider: OpenAICompatibleProvider, shape: str
) -> None:
    fake.script(ErrorChunk(["Let's ", "see"], shape=shape))  # type: ignore[arg-type]
    got: list[str] = []
    with pytest.raises(LLMStreamError, match="Provider disconnected"):
        await collect(provider, got)
    assert got == ["Let's ", "see"]
    assert len(fake.requests) == 1  # never retried after the first token


async def test_stall_after_tokens_hits_idle_timeout(fake: FakeLLM, quick: OpenAICompatibleProvider) -> None:
    fake.script(Stall(["Thinking "]))
    got: list[str] = []
    with pytest.raises(LLMTimeout, match="idle"):
        await collect(quick, got)
    assert got == ["Thinking "]
    await asyncio.wait_for(fake.requests[0].disconnected.wait(), 2)


async def test_keep_alive_comments_after_tokens_do_not_hold_off_idle_timeout(
    fake: FakeLLM, quick: OpenAICompatibleProvider
) -> None:
    fake.script(Stall(["Thinking "], comment_every_s=0.05))
    with pytest.raises(LLMTimeout, match="idle"):
        await collect(quick)


async def test_comments_only_hit_the_first_token_timeout(
    fake: FakeLLM, quick: OpenAICompatibleProvider
) -> None:
    fake.script(Stall(comment_every_s=0.05))
    with pytest.raises(LLMTimeout, match="first token"):
        await collect(quick)
    assert len(fake.requests) == 1


async def test_total_timeout_bounds_a_slow_stream(fake: FakeLLM, sleeps: Sleeps) -> None:
    fake.script(Stream(["x "] * 50, delay_s=0.05))
    timeouts = LLMTimeouts(connect=1.0, first_token=1.0, idle=1.0, total=0.5)
    llm = OpenAICompatibleProvider(fake.base_url, KEY, MODEL, timeouts=timeouts, sleep=sleeps)
    got: list[str] = []
    with pytest.raises(LLMTimeout, match="total"):
        await collect(llm, got)
    assert 0 < len(got) < 50
    await llm.aclose()


async def test_dropped_connection_raises_stream_error(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(Drop(["Half ", "a "]))
    got: list[str] = []
    with pytest.raises(LLMStreamError):
        await collect(provider, got)
    assert got == ["Half ", "a "]
    assert len(fake.requests) == 1


async def test_connection_refused_is_retried_then_unavailable(sleeps: Sleeps) -> None:
    async with FakeLLM() as gone:
        url = gone.base_url  # a port nobody listens on once the server closed
    llm = OpenAICompatibleProvider(url, KEY, MODEL, timeouts=ROOMY, sleep=sleeps)
    with pytest.raises(LLMUnavailable):
        await collect(llm)
    assert len(sleeps.calls) == 2
    await llm.aclose()


async def test_closing_the_stream_closes_the_upstream_request(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(Stall(["First ", "words "], comment_every_s=0.02))
    async with closing_stream(provider.stream(MESSAGES)) as stream:
        assert await anext(stream) == "First "
    await asyncio.wait_for(fake.requests[0].disconnected.wait(), 2)


async def test_cancelling_the_consumer_closes_the_upstream_request(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(Stall(["Hello "]))
    slow = OpenAICompatibleProvider(
        fake.base_url, KEY, MODEL, timeouts=LLMTimeouts(first_token=30, idle=30, total=60)
    )
    first = asyncio.Event()

    async def consume() -> None:
        async for _ in slow.stream(MESSAGES):
            first.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first.wait(), 2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.wait_for(fake.requests[0].disconnected.wait(), 2)
    await slow.aclose()


def chunk(content: str) -> str:
    return json.dumps({"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}]})


async def test_sse_multi_line_data_crlf_and_other_fields(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    split = chunk("two ").replace('"delta":', '"delta":\ndata: ')
    body = (
        f"event: message\r\nid: 1\r\ndata: {chunk('one ')}\r\n\r\n"
        f": keep-alive\n\ndata: {split}\n\n"
        f"data:{chunk('three')}\n\n"
        "data: [DONE]\n\n"
    )
    fake.script(Raw(body.encode(), piece=7))
    assert await collect(provider) == ["one ", "two ", "three"]


async def test_sse_events_without_blank_separator_lines(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    body = f"data: {chunk('a ')}\ndata: {chunk('b')}\ndata: [DONE]\n"
    fake.script(Raw(body.encode()))
    assert await collect(provider) == ["a ", "b"]


async def test_malformed_sse_data_is_a_stream_error(
    fake: FakeLLM, provider: OpenAICompatibleProvider
) -> None:
    fake.script(Raw(f"data: {chunk('ok ')}\n\ndata: {{not json\n\n".encode()))
    got: list[str] = []
    with pytest.raises(LLMStreamError, match="malformed"):
        await collect(provider, got)
    assert got == ["ok "]
