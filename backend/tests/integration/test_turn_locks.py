"""Turn locks (storage/locks.py): one turn per session, interrupts seen by the turn they name, in
memory and across two nodes sharing Redis; an interrupt for a turn this node holds skips Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from interview_sim.storage.locks import MemoryTurnLock, RedisTurnLock


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


def _redis_lock(redis: Redis, prefix: str) -> RedisTurnLock:
    return RedisTurnLock(redis, prefix, poll_s=0.05)


async def _one_turn_and_its_interrupt(lock: Any) -> None:
    sid = uuid.uuid4().hex
    await lock.request_interrupt(sid)  # nobody speaks: nothing to stop, and nothing kept for later
    token = await lock.acquire(sid)
    assert token is not None and await lock.acquire(sid) is None
    assert not await lock.interrupted(sid, token)
    await lock.request_interrupt(sid)
    assert await lock.interrupted(sid, token)  # at once: the turn is this node's
    await lock.release(sid, token)
    again = await lock.acquire(sid)
    assert again is not None and again != token and not await lock.interrupted(sid, again)
    await lock.release(sid, again)


async def test_memory_lock() -> None:
    await _one_turn_and_its_interrupt(MemoryTurnLock())


@pytest.mark.redis
async def test_redis_lock(redis: Redis) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    await _one_turn_and_its_interrupt(_redis_lock(redis, prefix))
    assert await redis.keys(f"{prefix}:interrupt:*") == []  # the local interrupts never went to Redis


@pytest.mark.redis
async def test_an_interrupt_from_another_node(redis: Redis) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    a, b = _redis_lock(redis, prefix), _redis_lock(redis, prefix)
    sid = uuid.uuid4().hex
    token = await a.acquire(sid)
    assert token is not None and await b.acquire(sid) is None  # one turn across nodes
    sent = a.commands.pipelines
    assert not await a.interrupted(sid, token) and a.commands.pipelines == sent  # a new turn: no poll
    await b.request_interrupt(sid)  # the candidate's words reached the other node
    await asyncio.sleep(0.06)  # past the poll interval
    assert await a.interrupted(sid, token)
    await a.release(sid, token)
    nxt = await b.acquire(sid)
    assert nxt is not None and not await b.interrupted(sid, nxt)  # the old interrupt named the old turn
    await b.release(sid, nxt)


@pytest.mark.redis
async def test_a_loop_turns_commands_share_one_pipeline(redis: Redis) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    lock = _redis_lock(redis, prefix)
    sids = [uuid.uuid4().hex for _ in range(50)]
    tokens = await asyncio.gather(
        *(lock.acquire(sid) for sid in sids), *(lock.acquire(sids[0]) for _ in range(4))
    )
    assert lock.commands.pipelines == 1
    assert all(tokens[:50]) and tokens[50:] == [None] * 4  # one turn per session, even in one pipeline
    await asyncio.gather(
        *(lock.release(sid, token) for sid, token in zip(sids, tokens, strict=False) if token)
    )
    assert lock.commands.pipelines == 2 and await redis.keys(f"{prefix}:turn:*") == []


@pytest.mark.redis
async def test_an_error_reply_fails_only_its_own_command(redis: Redis) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    commands = RedisTurnLock(redis, prefix).commands
    await redis.set(f"{prefix}:text", "not a number")
    results = await asyncio.gather(
        commands.call("set", f"{prefix}:a", "1"),
        commands.call("incr", f"{prefix}:text"),
        commands.call("get", f"{prefix}:a"),
        return_exceptions=True,
    )
    assert results[0] is True and isinstance(results[1], ResponseError) and results[2] == b"1"
    await redis.delete(f"{prefix}:a", f"{prefix}:text")
