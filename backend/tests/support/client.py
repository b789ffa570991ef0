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
import time
from collections.abc import Callable
from typing import Any

import socketio

Envelope = dict[str, Any]
Predicate = Callable[[Envelope], bool]


class RefusedError(Exception):
    """The server refused the connection. `raw` is the CONNECT_ERROR packet's data (`{message, data}`);
    `data` is its `data` part, what socket.io-client shows as `err.data`."""

    def __init__(self, raw: Any) -> None:
        super().__init__(f"connection refused: {raw!r}")
        self.raw = raw
        self.data = raw.get("data") if isinstance(raw, dict) else None


class SioClient:
    def __init__(self, name: str = "client") -> None:
        self.name = name
        self.sio = socketio.AsyncClient(reconnection=False)
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
        every = sorted(received + own)
        expected = list(range(first, first + len(every)))
        assert every == expected, f"{self.name}: seqs not contiguous: received {received}, own {own}"
        return every
