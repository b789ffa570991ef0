"""A socket.io test client: connects like the browser does, keeps every envelope it receives in order,
and checks the per-session `seq` (contiguous, nothing doubled).

    client = await SioClient.open(server_url, session_id, token)
    ack = await client.call("TRANSCRIPT_FINAL", {"text": "hi", "source": "typed"}, id="m1")
    start = await client.wait_for("INTERVIEWER_STREAM_START")
    client.assert_contiguous()
    await client.close()
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from asyncio.subprocess import PIPE
from collections.abc import Callable
from pathlib import Path
from typing import Any

import socketio

from tests.support.bank_checks import json_equal
from tests.support.browser_origin import OriginHeader, origin_of

Envelope = dict[str, Any]
Predicate = Callable[[Envelope], bool]


class RefusedError(Exception):
    """The server refused the connection. `raw` is the CONNECT_ERROR packet's data (`{message, data}`);
    `data` is its `data` part, what socket.io-client shows as `err.data`."""

    def __init__(self, raw: Any) -> None:
        super().__init__(f"connection refused: {raw!r}")
        self.raw = raw
        data = raw.get("data") if isinstance(raw, dict) else None
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}


class SioClient:
    """Stands in for a page: sends the Origin of the URL it connects to (`origin=` overrides it)."""

    def __init__(self, name: str = "client", origin: str | None = None) -> None:
        self.name = name
        self.origin = OriginHeader(origin)
        self.sio = socketio.AsyncClient(reconnection=False, http_session=self.origin)
        self.received: list[Envelope] = []
        self.connect_error: Any = None
        self.own: list[int] = []  # seqs of this client's own logged messages (acked, not echoed to it)
        self._changed = asyncio.Condition()
        self.sio.on("*", self._on_any)
        self.sio.on("connect_error", self._on_connect_error)

    # ------------------------------------------------------------------ connection

    @classmethod
    async def open(
        cls, url: str, session_id: str, token: str, *, query: bool = False, name: str = "client"
    ) -> SioClient:
        """Connect over websocket with `auth` (or the query string when `query`)."""
        client = cls(name)
        await client.connect(url, session_id, token, query=query)
        return client

    async def connect(self, url: str, session_id: str, token: str, *, query: bool = False) -> None:
        base = str(url).rstrip("/")
        if self.origin.origin is None:
            self.origin.origin = origin_of(base)
        target = f"{base}/?session_id={session_id}&token={token}" if query else base
        auth = None if query else {"session_id": session_id, "token": token}
        try:
            await self.sio.connect(
                target, auth=auth, socketio_path="ws", transports=["websocket"], wait_timeout=5
            )
        except socketio.exceptions.ConnectionError as exc:
            raise RefusedError(self.connect_error) from exc

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected)

    async def _on_connect_error(self, data: Any = None) -> None:
        self.connect_error = data

    async def _on_any(self, event: str, data: Any = None) -> None:
        async with self._changed:
            self.received.append(data if isinstance(data, dict) else {"type": event, "raw": data})
            self._changed.notify_all()

    # ------------------------------------------------------------------ sending

    def envelope(
        self, type_: str, payload: Any, *, id: str | None = None, session_id: str | None = None
    ) -> dict[str, Any]:
        env: dict[str, Any] = {"type": type_, "ts_ms": int(time.time() * 1000), "payload": payload}
        if id is not None:
            env["id"] = id
        if session_id is not None:
            env["session_id"] = session_id
        return env

    async def call(
        self,
        type_: str,
        payload: Any,
        id: str | None = None,
        *,
        event: str | None = None,
        raw: Any = None,
        timeout_s: float = 5.0,
    ) -> dict[str, Any]:
        """Send one envelope (or `raw` data as is) as event `event or type_`; return the ack."""
        data = raw if raw is not None else self.envelope(type_, payload, id=id)
        ack = await self.sio.call(event or type_, data, timeout=timeout_s)
        assert isinstance(ack, dict), f"ack is not an object: {ack!r}"
        logged = ack.get("ok") and type_ != "CLIENT_READY" and not ack.get("duplicate")
        if logged and isinstance(ack.get("seq"), int):
            self.own.append(ack["seq"])
        return ack

    async def say(self, text: str, id: str | None = None) -> dict[str, Any]:
        return await self.call("TRANSCRIPT_FINAL", {"text": text, "source": "typed"}, id=id)

    # ------------------------------------------------------------------ receiving

    def of_type(self, type_: str) -> list[Envelope]:
        return [e for e in self.received if e.get("type") == type_]

    def find(self, type_: str, predicate: Predicate | None = None, *, since: int = 0) -> Envelope | None:
        for env in self.received[since:]:
            if env.get("type") == type_ and (predicate is None or predicate(env)):
                return env
        return None

    def mark(self) -> int:
        """The index of the next envelope to arrive (for `since=`)."""
        return len(self.received)

    async def wait_for(
        self, type_: str, predicate: Predicate | None = None, timeout_s: float = 5.0, *, since: int = 0
    ) -> Envelope:
        """The first envelope of `type_` at index >= `since` matching `predicate`, within `timeout_s`."""
        async with self._changed:
            try:
                async with asyncio.timeout(timeout_s):
                    while (found := self.find(type_, predicate, since=since)) is None:
                        await self._changed.wait()
            except TimeoutError:
                seen = [(e.get("type"), e.get("seq")) for e in self.received[since:]]
                raise AssertionError(f"{self.name}: no {type_} within {timeout_s}s; got {seen}") from None
        return found

    async def wait_seq(self, seq: int, timeout_s: float = 5.0) -> None:
        """Wait until a logged envelope with this seq arrived."""
        async with self._changed:
            try:
                async with asyncio.timeout(timeout_s):
                    while self.max_seq < seq:
                        await self._changed.wait()
            except TimeoutError:
                raise AssertionError(f"{self.name}: seq {seq} never arrived (max {self.max_seq})") from None

    # ------------------------------------------------------------------ seq checks

    def logged(self) -> list[Envelope]:
        """Received envelopes that carry a seq (logged events), in arrival order."""
        return [e for e in self.received if isinstance(e.get("seq"), int)]

    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.logged()]

    @property
    def max_seq(self) -> int:
        """The highest seq this client knows of: received, or acked for its own messages."""
        return max(self.seqs() + self.own, default=0)

    def assert_contiguous(self, first: int = 1) -> list[int]:
        """Every logged event from `first` on reached this client exactly once, received in increasing
        order (its own messages count through their acks, as the server does not echo them)."""
        received = self.seqs()
        assert received == sorted(set(received)), f"{self.name}: out of order or doubled: {received}"
        own = [s for s in self.own if s >= first]
        every = sorted(set(received) | set(own))  # a STATE_CHANGE is both acked and echoed to its sender
        expected = list(range(first, first + len(every)))
        assert every == expected, f"{self.name}: seqs not contiguous: received {received}, own {own}"
        return every


# ---------------------------------------------------------------------- a whole interview over the wire

RUNNER = Path(__file__).with_name("reference_runner.py")


async def run_python(code: str, tests: list[dict[str, Any]], function_name: str) -> dict[str, Any]:
    """A RUN_RESULT payload (without `kind`) for `code` on `tests`, really run by reference_runner.py."""
    job = {"code": code, "tests": tests, "function_name": function_name, "timeout_s": 2}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(RUNNER), stdin=PIPE, stdout=PIPE, stderr=PIPE
    )
    out, err = await proc.communicate(json.dumps(job).encode())
    assert proc.returncode == 0, err.decode()
    answer = json.loads(out)
    results: list[dict[str, Any]] = []
    for test, got in zip(tests, answer["results"] or [{} for _ in tests], strict=True):
        ok = bool(got.get("returned")) and json_equal(got.get("actual"), test["expected"])
        error = got.get("error") or answer["load_error"]
        result = {"index": len(results), "passed": ok, "expected": test["expected"], "ms": 1}
        result |= {"actual": got.get("actual")} | ({"error": error[:500]} if error else {})
        results.append(result)
    return {"passed": sum(r["passed"] for r in results), "total": len(tests), "results": results}


class LiveInterview:
    """A candidate (and an observer) driving one interview through a served app.

    `settle` waits for the app's interviewer tasks (`tasks.idle()`); each helper returns what the
    interviewer answered, if anything."""

    def __init__(self, cand: SioClient, obs: SioClient, idle: Callable[[], Any], question: Any) -> None:
        self.cand, self.obs, self.idle, self.q = cand, obs, idle, question

    async def settle(self) -> None:
        """Wait for the interviewer's tasks, then for their emits to reach the candidate: a CLIENT_READY
        that replays nothing is acknowledged only after everything queued before it."""
        await self.idle()
        if self.cand.connected and self.state() != "ENDED":
            assert (await self.cand.call("CLIENT_READY", {"last_seq": 2**31}))["ok"]

    async def say(self, text: str) -> Envelope | None:
        """A typed utterance; the interviewer's reply (its STREAM_END) or None when it stayed quiet."""
        mark = self.cand.mark()
        ack = await self.cand.say(text)
        assert ack["ok"], ack
        await self.settle()
        ends = [e for e in self.cand.received[mark:] if e.get("type") == "INTERVIEWER_STREAM_END"]
        return ends[-1] if ends else None

    async def move(self, to: str) -> Envelope | None:
        mark = self.cand.mark()
        ack = await self.cand.call("STATE_CHANGE", {"to": to})
        assert ack["ok"], ack
        await self.settle()
        ends = [e for e in self.cand.received[mark:] if e.get("type") == "INTERVIEWER_STREAM_END"]
        return ends[-1] if ends else None

    async def code(self, code: str) -> None:
        assert (await self.cand.call("CODE_SNAPSHOT", {"code": code, "language": "python"}))["ok"]

    async def run_samples(self, code: str) -> dict[str, Any]:
        tests = [{"args": list(t.args), "expected": t.expected} for t in self.q.sample_tests]
        result = {"kind": "sample", **await run_python(code, tests, self.q.function_name)}
        assert (await self.cand.call("RUN_RESULT", result))["ok"]
        await self.settle()
        return result

    async def submit(self, code: str) -> tuple[dict[str, Any], Envelope | None]:
        """The page's submit (contract v2): the code as a snapshot, then STATE_CHANGE REVIEW; the
        server judges it and logs RUN_RESULT {kind: submit, source: server}. Returns that verdict and
        the interviewer's answer to it."""
        await self.code(code)
        mark = self.cand.mark()
        ack = await self.cand.call("STATE_CHANGE", {"to": "REVIEW"})
        assert ack["ok"], ack
        verdict = await self.cand.wait_for(
            "RUN_RESULT", lambda e: e["payload"].get("source") == "server", timeout_s=60, since=mark
        )
        mark = self.cand.mark()
        await self.settle()
        return verdict["payload"], self.cand.find("INTERVIEWER_STREAM_END", since=mark)

    def state(self) -> str:
        moves = self.cand.of_type("STATE_CHANGE")
        return str(moves[-1]["payload"]["to"]) if moves else "INTRO"
