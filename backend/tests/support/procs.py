"""Real server processes for multi-node tests: `python -m interview_sim` in a subprocess, a fresh
PostgreSQL database per test, service checks that fail under CI, and a small recording socket.io
client.

    async with fresh_database() as db_url:
        node = await ServerProc(db_url, REDIS_URL, "a").start()
        ...
        node.kill()            # SIGKILL, by this handle only

Each process logs to its own temp file; `node.log_tail()` shows it (fixtures print it at teardown,
so pytest shows it when a test fails).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import socketio
from engineio.payload import Payload

from tests.support.browser_origin import OriginHeader, origin_of

# python-engineio's *client* refuses a long-polling response holding more than 16 packets (its
# read loop stops silently, "Too many packets in payload"); the server batches a whole interviewer
# stream into one response, and browsers' engine.io-client has no such limit. Test clients only.
Payload.max_decode_packets = 4096

PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PYTHON = os.environ.get("TEST_SERVER_PYTHON", sys.executable)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(ok: bool, reason: str) -> None:
    """A missing service fails the test under CI and skips it (with the reason) elsewhere."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def require_services() -> None:
    need(port_open("127.0.0.1", 5432), "PostgreSQL is not reachable on 127.0.0.1:5432")
    need(port_open("127.0.0.1", 6379), "Redis is not reachable on 127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def fresh_database(prefix: str = "isim_mn") -> AsyncIterator[str]:
    """Create `<prefix>_<random>` from the admin database; drop it (forcefully) afterwards."""
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin = await asyncpg.connect(PG_ADMIN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


class ServerProc:
    """One `python -m interview_sim` node on a loopback port, stopped only through this handle."""

    def __init__(
        self, database_url: str, redis_url: str | None, node_id: str, port: int | None = None, **env: str
    ) -> None:
        self.port = port or free_port()
        self.node_id = node_id
        self.workdir = Path(tempfile.mkdtemp(prefix=f"isim-{node_id}-"))
        self.log_path = self.workdir / "server.log"
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "NODE_ID": node_id,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url or "",
            "SILENCE_TOLERANCE_MS": "50",
            "INTERVIEWER_WORD_DELAY_MS": "0",
            "LLM_API_KEY": "",
            "OPENROUTER_API_KEY": "",
            "COACH_TICK_S": "60",
            "SESSIONS_PER_ADDRESS_PER_HOUR": "100000",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> None:
        """Start the process (cwd: its own temp dir, so no stray `.env` or ./data)."""
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [PYTHON, "-m", "interview_sim"], cwd=self.workdir, env=self.env, stdout=log, stderr=log
            )

    async def start(self, limit_s: float = 60) -> ServerProc:
        """Spawn the process and wait for `/health` to answer 200."""
        self.spawn()
        await wait_healthy(self.url, limit_s, self.alive, self.log_tail)
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks run, as in a crash."""
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self, grace_s: float = 10) -> None:
        """SIGTERM, then SIGKILL after `grace_s`."""
        if self.alive():
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(grace_s)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return "(no log)"
        return f"--- node {self.node_id} log ({self.log_path}) ---\n" + "\n".join(text)

    def cleanup(self) -> None:
        self.stop(grace_s=3)
        shutil.rmtree(self.workdir, ignore_errors=True)


async def wait_healthy(
    url: str, timeout_s: float, alive: Callable[[], bool] = lambda: True, logs: Callable[[], str] = str
) -> dict[str, Any]:
    """Poll `GET {url}/health` until it answers 200; fail with the logs when the process dies or time
    runs out."""
    deadline = time.monotonic() + timeout_s
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if not alive():
                raise RuntimeError(f"server exited before it was healthy\n{logs()}")
            with contextlib.suppress(aiohttp.ClientError, OSError, asyncio.TimeoutError):
                async with http.get(f"{url}/health", timeout=aiohttp.ClientTimeout(total=2)) as r:
                    if r.status == 200:
                        return dict(await r.json())
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url}/health not ready after {timeout_s} s\n{logs()}")


async def create_session(base_url: str, **body: Any) -> dict[str, Any]:
    """`POST /sessions`: session id, candidate token, the observer invite, and the token of an
    observer who joined through it."""
    body = {"company_mode": "General", "difficulty": "Easy", "language": "python", **body}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base_url}/sessions", json=body) as r:
            assert r.status == 201, await r.text()
            s = dict(await r.json())
        s["observer_token"] = await join_as_observer(http, base_url, s)
    return s


async def join_as_observer(http: aiohttp.ClientSession, base_url: str, s: dict[str, Any]) -> str:
    """Trade the session's observer invite for an observer token of one's own."""
    url = f"{base_url}/sessions/{s['session_id']}/observers"
    async with http.post(url, json={"invite": s["observer_invite"]}) as r:
        assert r.status == 201, await r.text()
        return str((await r.json())["observer_token"])


async def fetch_events(base_url: str, session_id: str, token: str) -> list[dict[str, Any]]:
    """The whole session log through `GET /sessions/{id}/events`, following `has_more`."""
    events: list[dict[str, Any]] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        while True:
            url = f"{base_url}/sessions/{session_id}/events?after_seq={len(events)}&limit=500"
            async with http.get(url) as r:
                assert r.status == 200, await r.text()
                page = await r.json()
            events.extend(page["events"])
            if not page["has_more"]:
                return events


class Peer:
    """A socket.io client that records every envelope it receives, in order. It sends the Origin a page
    served from the URL it connects to would send (`origin=` overrides it; "" sends none)."""

    def __init__(self, session_id: str, token: str, name: str = "peer", origin: str | None = None) -> None:
        self.session_id, self.token, self.name = session_id, token, name
        self.origin = OriginHeader(origin)
        self.sio = socketio.AsyncClient(reconnection=False, http_session=self.origin)
        self.received: list[dict[str, Any]] = []
        self._changed = asyncio.Event()
        self.sio.on("*", self._on_any)

    async def _on_any(self, event: str, data: Any = None) -> None:
        self.received.append(data if isinstance(data, dict) else {"type": event, "raw": data})
        self._changed.set()

    async def connect(self, base_url: str, transports: list[str] | None = None) -> Peer:
        if self.origin.origin is None:
            self.origin.origin = origin_of(base_url)
        await self.sio.connect(
            base_url,
            socketio_path="ws",
            transports=transports or ["websocket"],
            auth={"session_id": self.session_id, "token": self.token},
            wait_timeout=10,
        )
        return self

    async def send(
        self, type_: str, payload: dict[str, Any], msg_id: str | None = None, limit_s: float = 15
    ) -> dict[str, Any]:
        """Emit an envelope and return the server's ack."""
        env: dict[str, Any] = {"type": type_, "ts_ms": int(time.time() * 1000), "payload": payload}
        env["session_id"] = self.session_id
        if msg_id is not None:
            env["id"] = msg_id
        return dict(await self.sio.call(type_, env, timeout=limit_s))

    def logged(self) -> list[dict[str, Any]]:
        """Received envelopes that carry a seq (logged events), in arrival order."""
        return [e for e in self.received if e.get("seq") is not None]

    async def wait_for(
        self, predicate: Callable[[list[dict[str, Any]]], bool], limit_s: float = 20, what: str = ""
    ) -> None:
        deadline = time.monotonic() + limit_s
        while not predicate(self.received):
            left = deadline - time.monotonic()
            if left <= 0:
                types = [(e.get("seq"), e.get("type")) for e in self.received]
                raise AssertionError(f"{self.name}: timed out waiting for {what}; got {types}")
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))

    async def close(self) -> None:
        """Disconnect; a long-polling client's disconnect waits for its pending poll (up to the
        25 s ping interval), so it is cut short after 2 s."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.sio.disconnect(), 2)
        with contextlib.suppress(Exception):
            await self.sio.eio.disconnect(abort=True)


def has_type(type_: str, count: int = 1) -> Callable[[list[dict[str, Any]]], bool]:
    return lambda got: sum(1 for e in got if e.get("type") == type_) >= count


def has_seq(seq: int) -> Callable[[list[dict[str, Any]]], bool]:
    return lambda got: any((e.get("seq") or 0) >= seq for e in got)
