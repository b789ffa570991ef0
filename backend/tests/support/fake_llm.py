"""A loopback fake of an OpenAI-compatible `/chat/completions` endpoint, scriptable per request.

Start it from a test (any running event loop; it listens on 127.0.0.1, port 0)::

    from tests.support.fake_llm import FakeLLM, HttpError, Stream, start_fake_llm

    async with FakeLLM() as fake:              # or: fake = await start_fake_llm(); ...; await fake.close()
        fake.script(HttpError(429, retry_after="1"), Stream(["Hello", " there"]))
        provider = OpenAICompatibleProvider(fake.base_url, "sk-test", "test/model")
        ...
        assert len(fake.requests) == 2
        assert fake.requests[0].json["stream"] is True
        assert fake.requests[0].headers["Authorization"] == "Bearer sk-test"

As a pytest fixture (put it in your conftest or test module)::

    @pytest.fixture
    async def fake_llm() -> AsyncIterator[FakeLLM]:
        async with FakeLLM() as fake:
            yield fake

API:
- `base_url`: `http://127.0.0.1:PORT/v1`; `POST {base_url}/chat/completions` (and `/chat/completions`).
- `script(*behaviours)`: queue behaviours; each request pops one. With the queue empty the server
  plays `responder(request)` when set, else `default` (settable; initially `Stream(words of
  DEFAULT_REPLY)`).
- `move_reply(say, move="acknowledge", **extra)`: a `Stream` of the interviewer's structured reply
  (JSON: move, say, ...). `echo_suggestion(say)`: a responder that takes the offline interviewer's
  suggested move from the prompt and says `say` with it (a compliant model).
- `requests`: every request as a `RecordedRequest` (`path`, `headers`, `json`, `disconnected`, an
  `asyncio.Event` set when the server saw the client go away while it was streaming).
- `require_key`: when set, a request without `Authorization: Bearer <require_key>` gets a 401.
- `wait_requests(n)`: wait until n requests arrived.
- `active`, `peak_active`: streaming answers in progress now, and the most at any one time.

Behaviours (dataclasses):
- `Stream(tokens, comments=False, finish_reason="stop", done=True, delay_s=0)`: one chunk per token;
  `comments` puts `: OPENROUTER PROCESSING` before every chunk; `done=False` ends without `[DONE]`;
  `finish_reason=None` sends no finishing chunk.
- `HttpError(status, body=None, retry_after=None)`: a non-200 with `{"error": {"code", "message"}}`
  (or `body` as given: a dict is sent as JSON, a str as is).
- `ErrorChunk(tokens_before, shape="openrouter"|"openai")`: tokens, then an error chunk (OpenRouter:
  top-level `error` plus `finish_reason: "error"`; OpenAI: `{"error": {...}}` alone), then the end.
- `Stall(tokens_before=(), comment_every_s=None)`: tokens, then nothing (or only keep-alive comments
  every `comment_every_s`) until the client disconnects.
- `Drop(tokens_before)`: tokens, then the TCP connection is aborted without `[DONE]`.
- `Raw(body, piece=0)`: a 200 `text/event-stream` whose body is exactly `body` (written in pieces of
  `piece` bytes when > 0), for SSE edge cases.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

from aiohttp import web

DEFAULT_REPLY = "Thanks. Could you walk me through your approach before you start coding?"
COMMENT = b": OPENROUTER PROCESSING\n\n"


def words(text: str) -> list[str]:
    """`text` as word-sized tokens whose join is `text`."""
    return re.findall(r"\s*\S+\s*", text)


@dataclass(frozen=True)
class Stream:
    tokens: list[str]
    comments: bool = False
    finish_reason: str | None = "stop"
    done: bool = True
    delay_s: float = 0.0


@dataclass(frozen=True)
class HttpError:
    status: int
    body: dict[str, Any] | str | None = None
    retry_after: str | None = None


@dataclass(frozen=True)
class ErrorChunk:
    tokens_before: list[str]
    shape: Literal["openrouter", "openai"] = "openrouter"


@dataclass(frozen=True)
class Stall:
    tokens_before: list[str] = field(default_factory=list)
    comment_every_s: float | None = None


@dataclass(frozen=True)
class Drop:
    tokens_before: list[str]


@dataclass(frozen=True)
class Raw:
    body: bytes
    piece: int = 0


Behaviour = Stream | HttpError | ErrorChunk | Stall | Drop | Raw


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    json: Any
    disconnected: asyncio.Event = field(default_factory=asyncio.Event)


def _chunk(content: str | None = None, finish_reason: str | None = None, **extra: Any) -> bytes:
    delta = {} if content is None else {"content": content}
    choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
    body = {"id": "gen-fake", "object": "chat.completion.chunk", "model": "fake", "choices": [choice]}
    return b"data: " + json.dumps({**body, **extra}).encode() + b"\n\n"


def _error_chunk(shape: str) -> bytes:
    error = {"code": 502, "message": "Provider disconnected"}
    if shape == "openai":
        return b"data: " + json.dumps({"error": {**error, "type": "server_error"}}).encode() + b"\n\n"
    return _chunk("", "error", error=error)


def _gone(request: web.Request) -> bool:
    return request.transport is None or request.transport.is_closing()


class FakeLLM:
    """The fake server; see the module docstring."""

    def __init__(self, *, require_key: str | None = None) -> None:
        self.requests: list[RecordedRequest] = []
        self.active = self.peak_active = 0  # requests being answered now, and the most at once
        self.default: Behaviour = Stream(words(DEFAULT_REPLY))
        self.responder: Callable[[RecordedRequest], Behaviour] | None = None
        self.require_key = require_key
        self._queue: deque[Behaviour] = deque()
        self._arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        self._queue.extend(behaviours)

    async def start(self) -> FakeLLM:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        app.router.add_post("/chat/completions", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def wait_requests(self, count: int, timeout_s: float = 5.0) -> None:
        async with asyncio.timeout(timeout_s), self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)

    async def __aenter__(self) -> FakeLLM:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        record = RecordedRequest(request.path, dict(request.headers), body)
        async with self._arrived:
            self.requests.append(record)
            self._arrived.notify_all()
        if self.require_key and request.headers.get("Authorization") != f"Bearer {self.require_key}":
            return await _http_error(HttpError(401, {"error": {"code": 401, "message": "No auth"}}))
        if self._queue:
            behaviour = self._queue.popleft()
        else:
            behaviour = self.responder(record) if self.responder else self.default
        if isinstance(behaviour, HttpError):
            return await _http_error(behaviour)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        self.active += 1
        self.peak_active = max(self.peak_active, self.active)
        try:
            await _play(behaviour, request, response, record)
        except (ConnectionError, asyncio.CancelledError):
            record.disconnected.set()
            raise
        finally:
            self.active -= 1
        return response


async def _http_error(behaviour: HttpError) -> web.Response:
    headers = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else None
    body = behaviour.body
    if body is None:
        body = {"error": {"code": behaviour.status, "message": f"fake error {behaviour.status}"}}
    if isinstance(body, dict):
        return web.json_response(body, status=behaviour.status, headers=headers)
    return web.Response(text=body, status=behaviour.status, headers=headers)


async def _play(
    behaviour: Behaviour, request: web.Request, response: web.StreamResponse, record: RecordedRequest
) -> None:
    if isinstance(behaviour, Stream):
        await _play_stream(behaviour, response)
    elif isinstance(behaviour, ErrorChunk):
        await _send_tokens(response, behaviour.tokens_before)
        await response.write(_error_chunk(behaviour.shape))
    elif isinstance(behaviour, Stall):
        await _send_tokens(response, behaviour.tokens_before)
        await _stall(behaviour, request, response, record)
    elif isinstance(behaviour, Raw):
        step = behaviour.piece or len(behaviour.body) or 1
        for start in range(0, len(behaviour.body), step):
            await response.write(behaviour.body[start : start + step])
        await response.write_eof()
    elif isinstance(behaviour, Drop):
        await _send_tokens(response, behaviour.tokens_before)
        assert request.transport is not None
        request.transport.abort()
        record.disconnected.set()


async def _send_tokens(response: web.StreamResponse, tokens: list[str], comments: bool = False) -> None:
    for token in tokens:
        if comments:
            await response.write(COMMENT)
        await response.write(_chunk(token))


async def _play_stream(behaviour: Stream, response: web.StreamResponse) -> None:
    for token in behaviour.tokens:
        if behaviour.delay_s:
            await asyncio.sleep(behaviour.delay_s)
        await _send_tokens(response, [token], behaviour.comments)
    if behaviour.finish_reason is not None:
        await response.write(_chunk(None, behaviour.finish_reason))
    if behaviour.done:
        await response.write(b"data: [DONE]\n\n")
    await response.write_eof()


async def _stall(
    behaviour: Stall, request: web.Request, response: web.StreamResponse, record: RecordedRequest
) -> None:
    """Hold the response open until the client goes away (polling the transport, as aiohttp does not
    cancel handlers on disconnect by default)."""
    interval = behaviour.comment_every_s
    loop = asyncio.get_running_loop()
    next_comment = loop.time() + (interval or 0.0)
    while not _gone(request):
        if interval is not None and loop.time() >= next_comment:
            await response.write(COMMENT)
            next_comment = loop.time() + interval
        await asyncio.sleep(0.01)
    record.disconnected.set()


def move_reply(say: str, move: str = "acknowledge", **extra: Any) -> Stream:
    """The interviewer's structured reply as a stream of word-sized tokens."""
    return Stream(words(json.dumps({"move": move, "say": say, **extra})))


SUGGESTION = "## The offline interviewer would do this"


def suggestion(request: RecordedRequest) -> dict[str, Any]:
    """The offline interviewer's suggested move, as the prompt states it."""
    user = request.json["messages"][-1]["content"]
    line = user.split(SUGGESTION, 1)[1].split("\n")[1]
    found: dict[str, Any] = json.loads(line)
    return found


def echo_suggestion(say: str) -> Callable[[RecordedRequest], Behaviour]:
    """A responder for a compliant model: the suggested move (and its `to`/`hint_level`), in `say`;
    a request that is not an interviewer turn (a summary, a coaching tip) gets `say` as plain text."""

    def respond(request: RecordedRequest) -> Behaviour:
        if SUGGESTION not in request.json["messages"][-1]["content"]:
            return Stream(words(say))
        chosen = {k: v for k, v in suggestion(request).items() if k != "say"}
        return move_reply(say, **chosen)

    return respond


async def start_fake_llm(*, require_key: str | None = None) -> FakeLLM:
    """A started `FakeLLM`; call `close()` when done (or use `async with FakeLLM()`)."""
    return await FakeLLM(require_key=require_key).start()
