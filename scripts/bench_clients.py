"""The load generator of scripts/bench_fanout.py: Engine.IO v4 / Socket.IO v5 clients over raw aiohttp
websockets (open packet, `40{auth}` connect, `42[event, data]` events, `43<id>[ack]` acks, `2`/`3`
ping-pong), candidates that send timestamped CODE_SNAPSHOTs and observers that count deliveries."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson


@dataclass(frozen=True)
class Load:
    sessions: int
    observers: int
    rate: float
    seconds: float
    size: int
    deflate: bool = False  # offer permessage-deflate, as browsers do
    ready: bool = False  # candidates send CLIENT_READY: the interviewer greets (the product's path)
    final_every_s: float = 0.0  # a typed TRANSCRIPT_FINAL per candidate this often (0: none)
    partials_per_s: float = 0.0  # TRANSCRIPT_PARTIAL backchannel ("mm hmm") per candidate
    lockstep: bool = False  # every candidate's finals and partials at the same instants


@dataclass
class Tally:
    """What the observers saw: (observer, session, n) keys, latencies, acks, errors."""

    seen: set[tuple[int, int, int]] = field(default_factory=set)
    delivered: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    acks_ok: int = 0
    acks_failed: int = 0
    errors: int = 0
    expected: int = 0
    complete: asyncio.Event = field(default_factory=asyncio.Event)
    frames: int = 0  # every event frame the observers received (deltas, partials, ...)
    first_delta_ms: list[float] = field(default_factory=list)  # trigger sent -> first delta seen
    sent_ns: list[int] = field(default_factory=list)  # send time of each latency, for `series`
    greeting_first_ms: list[float] = field(default_factory=list)
    answer_first_ms: list[float] = field(default_factory=list)


def quantile(ordered: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of an ascending, non-empty list."""
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def series(tally: Tally) -> str:
    """Snapshot latency p50 / p99 by second of the window it was sent in: whether a tail comes from
    the start (everyone greeted at once) or lasts the whole run."""
    if not tally.sent_ns:
        return ""
    t0 = min(tally.sent_ns)
    by_second: dict[int, list[float]] = {}
    for sent, lat in zip(tally.sent_ns, tally.latencies_ms, strict=True):
        by_second.setdefault((sent - t0) // 1_000_000_000, []).append(lat)
    cells = []
    for second, lats in sorted(by_second.items()):
        lats.sort()
        cells.append(f"{second}s {quantile(lats, 0.5):.0f}/{quantile(lats, 0.99):.0f}")
    return "latency p50/p99 ms by second sent: " + ", ".join(cells)


class Socket:
    """One socket.io connection on a raw websocket."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        base_url: str,
        auth: dict[str, str],
        deflate: bool = False,
    ) -> None:
        self.http, self.auth, self.compress = http, auth, 15 if deflate else 0
        self.url = base_url.replace("http://", "ws://") + "/ws/?EIO=4&transport=websocket"
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.on_event: Callable[[str], None] = lambda text: None
        self.on_ack: Callable[[str], None] = lambda text: None
        self.reader: asyncio.Task[None] | None = None
        self.next_ack = 0

    async def open(self) -> None:
        self.ws = await self.http.ws_connect(self.url, max_msg_size=0, autoping=True, compress=self.compress)
        opening = await self.ws.receive_str()
        assert opening.startswith("0"), opening
        await self.ws.send_str("40" + orjson.dumps(self.auth).decode())
        while True:
            reply = await self.ws.receive_str()
            if reply == "2":
                await self.ws.send_str("3")
                continue
            if not reply.startswith("40"):
                raise RuntimeError(f"socket.io connect refused: {reply[:200]}")
            break
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            text: str = msg.data
            if text.startswith("42"):
                self.on_event(text)
            elif text.startswith("43"):
                self.on_ack(text)
            elif text == "2":
                await self.ws.send_str("3")

    async def emit(self, event: str, data: dict[str, Any]) -> None:
        assert self.ws is not None
        self.next_ack += 1
        await self.ws.send_str(f"42{self.next_ack}" + orjson.dumps([event, data]).decode())

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()


def observer_handler(tally: Tally, observer: int) -> Callable[[str], None]:
    def handle(text: str) -> None:
        now_ns = time.time_ns()
        tally.frames += 1
        if not text.startswith('42["CODE_SNAPSHOT"') and not text.startswith('42["ERROR"'):
            return
        event, env = orjson.loads(text[2:])
        if event != "CODE_SNAPSHOT":
            tally.errors += event == "ERROR"
            return
        _, n, session, sent_ns = env["payload"]["code"].split("\n", 1)[0].split(" ")
        tally.delivered += 1
        tally.seen.add((observer, int(session), int(n)))
        tally.latencies_ms.append((now_ns - int(sent_ns)) / 1e6)
        tally.sent_ns.append(int(sent_ns))
        if tally.expected and len(tally.seen) >= tally.expected:
            tally.complete.set()

    return handle


def ack_handler(tally: Tally) -> Callable[[str], None]:
    def handle(text: str) -> None:
        if '"ok":true' in text:
            tally.acks_ok += 1
        else:
            tally.acks_failed += 1

    return handle


class Turns:
    """A candidate's view of the interviewer: the latency from the last trigger it sent
    (CLIENT_READY or a typed final) to the first delta of the next turn."""

    def __init__(self, tally: Tally) -> None:
        self.tally, self.trigger_ns, self.seen = tally, 0, set[str]()
        self.greeted = False

    def handle(self, text: str) -> None:
        if not text.startswith('42["INTERVIEWER_STREAM_DELTA"'):
            return
        mid = orjson.loads(text[2:])[1]["payload"]["message_id"]
        if mid not in self.seen:
            self.seen.add(mid)
            if self.trigger_ns:
                ms = (time.time_ns() - self.trigger_ns) / 1e6
                self.tally.first_delta_ms.append(ms)
                # The greeting (everyone ready at once: a cold start) apart from the answers.
                (self.tally.answer_first_ms if self.greeted else self.tally.greeting_first_ms).append(ms)
                self.greeted = True
                self.trigger_ns = 0


async def talk_loop(sock: Socket, turns: Turns, sid: str, load: Load, end: float, phase: float) -> None:
    """Typed finals every `final_every_s` and backchannel partials (`partials_per_s`), until `end`
    (loop time), each shifted by `phase` (0-1) of its own period: candidates do not all speak at
    the same instant, except with `lockstep` (phase 0 for everyone: every interviewer answers at
    once, the worst case). The two run on their own clocks: sending a final only on a partial's
    tick had bunched a quarter of all finals into the same quarter second (75 answers at once at
    300 sessions)."""
    loop = asyncio.get_running_loop()
    now = loop.time()
    final_s = load.final_every_s
    partial_s = 1 / load.partials_per_s if load.partials_per_s else 0.0
    next_final = now + final_s * (1 + phase) if final_s else math.inf
    next_partial = now + partial_s * (1 + phase) if partial_s else math.inf
    while (at := min(next_final, next_partial)) < end:
        await asyncio.sleep(max(0.0, at - loop.time()))
        if at == next_final:
            next_final += final_s
            turns.trigger_ns = turns.trigger_ns or time.time_ns()
            body = {"text": "Can the input be empty?", "source": "typed"}
            await sock.emit(
                "TRANSCRIPT_FINAL",
                {"type": "TRANSCRIPT_FINAL", "session_id": sid, "payload": body},
            )
        else:
            next_partial += partial_s
            body = {"text": "mm hmm"}
            await sock.emit(
                "TRANSCRIPT_PARTIAL",
                {"type": "TRANSCRIPT_PARTIAL", "session_id": sid, "payload": body},
            )


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


async def create_sessions(http: aiohttp.ClientSession, url: str, count: int) -> list[dict[str, str]]:
    sem = asyncio.Semaphore(20)

    async def one() -> dict[str, str]:
        async with sem:
            async with http.post(f"{url}/sessions", json={"language": "python"}) as r:
                assert r.status == 201, await r.text()
                s = dict(await r.json())
            body = {"invite": s["observer_invite"]}
            async with http.post(f"{url}/sessions/{s['session_id']}/observers", json=body) as r:
                assert r.status == 201, await r.text()
                s["observer_token"] = (await r.json())["observer_token"]
            return s

    return await asyncio.gather(*(one() for _ in range(count)))


async def candidate_loop(sock: Socket, session: int, sid: str, load: Load, start: float) -> int:
    """Send snapshots on a fixed schedule (phase-shifted per session); returns how many were sent."""
    count = int(load.seconds * load.rate)
    filler = "x" * load.size
    loop = asyncio.get_running_loop()
    offset = (session % 100) / 100 / load.rate
    for n in range(count):
        delay = start + offset + n / load.rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        code = f"#B {n} {session} {time.time_ns()}\n{filler}"
        env = {"type": "CODE_SNAPSHOT", "session_id": sid, "id": f"b{session}-{n}",
               "payload": {"code": code, "language": "python"}}  # fmt: skip
        await sock.emit("CODE_SNAPSHOT", env)
    return count


async def run_load(
    urls: list[str],
    load: Load,
    needs_sessions: bool,
    cpu: Callable[[], float],
    pids: list[int],
) -> dict[str, Any]:
    """Connect everyone, measure server CPU over the send window plus the drain, tally deliveries."""
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        if needs_sessions:
            sessions = await create_sessions(http, urls[0], load.sessions)
        else:
            sessions = [{"session_id": f"bench-{time.time_ns()}-{i}"} for i in range(load.sessions)]
        candidates: list[Socket] = []
        turns: list[Turns] = []
        observers: list[Socket] = []
        for i, s in enumerate(sessions):
            auth = {
                "session_id": s["session_id"],
                "token": s.get("candidate_token", ""),
            }
            cand = Socket(http, urls[i % len(urls)], auth, load.deflate)
            cand.on_ack = ack_handler(tally)
            turns.append(Turns(tally))
            cand.on_event = turns[-1].handle
            candidates.append(cand)
            for j in range(load.observers):
                node = urls[(i + j + 1) % len(urls)]
                obs_auth = {
                    "session_id": s["session_id"],
                    "token": s.get("observer_token", ""),
                }
                obs = Socket(http, node, obs_auth, load.deflate)
                obs.on_event = observer_handler(tally, len(observers))
                observers.append(obs)
        sem = asyncio.Semaphore(50)

        async def open_one(sock: Socket) -> None:
            async with sem:
                await sock.open()

        rss0 = rss_kb(pids)
        cpu_open, opened_at = cpu(), time.monotonic()
        await asyncio.gather(*(open_one(s) for s in observers + candidates))
        connects = len(observers) + len(candidates)
        connect_s, connect_cpu_s = time.monotonic() - opened_at, cpu() - cpu_open
        await asyncio.sleep(2.0)
        rss1 = rss_kb(pids)
        rss_per_conn_kb = (rss1 - rss0) / max(1, connects)
        cpu0, t0 = cpu(), time.monotonic()
        start = asyncio.get_running_loop().time() + 0.2
        if load.ready:
            for i, (c, t) in enumerate(zip(candidates, turns, strict=True)):
                t.trigger_ns = time.time_ns()
                ready = {
                    "type": "CLIENT_READY",
                    "session_id": sessions[i]["session_id"],
                    "payload": {},
                }
                await c.emit("CLIENT_READY", ready)
        talkers = [
            asyncio.create_task(
                talk_loop(
                    c,
                    t,
                    sessions[i]["session_id"],
                    load,
                    start + load.seconds,
                    0.0 if load.lockstep else (i % 100) / 100,
                )
            )
            for i, (c, t) in enumerate(zip(candidates, turns, strict=True))
            if load.final_every_s or load.partials_per_s
        ]
        sent = sum(
            await asyncio.gather(
                *(
                    candidate_loop(c, i, sessions[i]["session_id"], load, start)
                    for i, c in enumerate(candidates)
                )
            )
        )
        await asyncio.gather(*talkers)
        expected = sent * load.observers
        tally.expected = expected
        if len(tally.seen) < expected:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(tally.complete.wait(), 5)  # the drain
        cpu_s, wall = cpu() - cpu0, time.monotonic() - t0
        await asyncio.gather(*(s.close() for s in observers + candidates), return_exceptions=True)
    lat = sorted(tally.latencies_ms) or [0.0]
    first = sorted(tally.first_delta_ms)
    return {
        "sent": sent,
        "expected": expected,
        "delivered": tally.delivered,
        "lost": expected - len(tally.seen),
        "dup": tally.delivered - len(tally.seen),
        "cpu_s": cpu_s,
        "wall_s": wall,
        "per_cpu_s": tally.delivered / cpu_s if cpu_s else 0.0,
        "p50_ms": quantile(lat, 0.5),
        "p99_ms": quantile(lat, 0.99),
        "acks_ok": tally.acks_ok,
        "acks_failed": tally.acks_failed,
        "errors": tally.errors,
        "frames": tally.frames,
        "frames_per_cpu_s": tally.frames / cpu_s if cpu_s else 0.0,
        "sessions_per_cpu_s": len(sessions) * load.seconds / cpu_s if cpu_s else 0.0,
        "rss_per_conn_kb": rss_per_conn_kb,
        "first_delta_n": len(first),
        "first_delta_p50_ms": quantile(first, 0.5) if first else None,
        "first_delta_p99_ms": quantile(first, 0.99) if first else None,
        "series": series(tally),
        "connects": (
            f"{connects} connections opened (50 at a time) in {connect_s:.2f} s, "
            f"{connects / connect_s:,.0f}/s, {connect_cpu_s / connects * 1000:.2f} ms of server CPU each; "
            f"server RSS {rss0 / 1024:.1f} MB before, {rss1 / 1024:.1f} MB with everyone connected"
        ),
        "greeting_first": percentiles(tally.greeting_first_ms),
        "answer_first": percentiles(tally.answer_first_ms),
    }


def percentiles(values: list[float]) -> str:
    """ "p50 / p99 (n)", or "-"."""
    if not values:
        return "-"
    v = sorted(values)
    return f"{quantile(v, 0.5):,.0f} / {quantile(v, 0.99):,.0f} ({len(v)})"
