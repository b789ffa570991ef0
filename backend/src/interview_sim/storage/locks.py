"""Turn locks: one interviewer stream per session. In memory for one node, Redis for several."""

from __future__ import annotations

import time
import uuid

from redis.asyncio import Redis

from interview_sim.storage.redis_batch import CommandBatcher

_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
_EXTEND = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then "
    "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
)


class MemoryTurnLock:
    def __init__(self) -> None:
        self._held: dict[str, tuple[str, float]] = {}
        self._interrupts: dict[str, str] = {}

    async def acquire(self, session_id: str, ttl_s: float = 30.0) -> str | None:
        held = self._held.get(session_id)
        if held is not None and held[1] > time.monotonic():
            return None
        token = uuid.uuid4().hex
        self._held[session_id] = (token, time.monotonic() + ttl_s)
        self._interrupts.pop(session_id, None)
        return token

    async def extend(self, session_id: str, token: str, ttl_s: float = 30.0) -> bool:
        held = self._held.get(session_id)
        if held is None or held[0] != token:
            return False
        self._held[session_id] = (token, time.monotonic() + ttl_s)
        return True

    async def release(self, session_id: str, token: str) -> None:
        if (held := self._held.get(session_id)) and held[0] == token:
            del self._held[session_id]
            self._interrupts.pop(session_id, None)

    async def request_interrupt(self, session_id: str) -> None:
        if held := self._held.get(session_id):
            self._interrupts[session_id] = held[0]

    async def interrupted(self, session_id: str, token: str) -> bool:
        return self._interrupts.get(session_id) == token


class RedisTurnLock:
    """`SET NX PX` lock with a token; an interrupt is a key naming the token of the turn to stop, so
    a candidate connected to node A can stop a turn streaming from node B.

    A turn usually runs on the node its candidate is connected to (their ready, their words, their
    submit trigger it), so that case skips Redis: an interrupt for a turn this node holds is a flag
    here, seen on the turn's next delta. An interrupt from another node is polled, at most every
    `poll_s` per turn: with 300 greetings at once on three nodes, polling every 100 ms was thousands
    of round trips a second (issue 10). The commands of one loop turn go out as one pipeline
    (`redis_batch.py`)."""

    def __init__(self, redis: Redis, prefix: str = "interview-sim", *, poll_s: float = 0.25) -> None:
        self.redis, self.prefix, self.poll_s = redis, prefix, poll_s
        self.commands = CommandBatcher(redis)
        self._checked: dict[str, tuple[float, bool]] = {}
        self._mine: dict[str, str] = {}  # session -> the token of the turn this node holds
        self._stopped: set[str] = set()  # tokens of this node's turns interrupted from this node

    def _key(self, kind: str, session_id: str) -> str:
        return f"{self.prefix}:{kind}:{session_id}"

    async def acquire(self, session_id: str, ttl_s: float = 30.0) -> str | None:
        token = uuid.uuid4().hex
        ok = await self.commands.call(
            "set", self._key("turn", session_id), token, nx=True, px=int(ttl_s * 1000)
        )
        if not ok:
            return None
        self._mine[session_id] = token
        # Nobody could name this token before it existed: the turn's first delta need not ask Redis
        # (another node's interrupt is seen on the first poll after `poll_s`).
        self._checked[token] = (time.monotonic(), False)
        return token

    async def extend(self, session_id: str, token: str, ttl_s: float = 30.0) -> bool:
        result = await self.commands.call(
            "eval", _EXTEND, 1, self._key("turn", session_id), token, int(ttl_s * 1000)
        )
        return bool(result)

    async def release(self, session_id: str, token: str) -> None:
        if self._mine.get(session_id) == token:
            del self._mine[session_id]
        self._stopped.discard(token)
        self._checked.pop(token, None)
        await self.commands.call("eval", _RELEASE, 1, self._key("turn", session_id), token)

    async def request_interrupt(self, session_id: str) -> None:
        if (token := self._mine.get(session_id)) is not None:
            self._stopped.add(token)
            return
        holder = await self.commands.call("get", self._key("turn", session_id))
        if holder:
            await self.commands.call("set", self._key("interrupt", session_id), holder, px=60_000)

    async def interrupted(self, session_id: str, token: str) -> bool:
        """Checked on every delta: this node's interrupts at once, another node's within `poll_s`."""
        if token in self._stopped:
            return True
        now = time.monotonic()
        last = self._checked.get(token)
        if last is not None and now - last[0] < self.poll_s:
            return last[1]
        value = await self.commands.call("get", self._key("interrupt", session_id))
        hit = value is not None and (value.decode() if isinstance(value, bytes) else value) == token
        self._checked[token] = (now, hit)
        return hit
