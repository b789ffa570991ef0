"""Redis commands made in one loop turn, sent as one pipeline (one write, one round trip).

The turn locks' commands (`locks.py`) come in bursts: 300 interviews starting at once took 300 locks
in the same moment, each a round trip through a shared pool of connections, and the greetings
waited a median 120 ms for them on a busy node (issue 10). Queued here, a loop turn's commands go
out together on the next; each caller gets its own command's reply or error."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis


@dataclass
class _Call:
    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    done: asyncio.Future[Any]


class CommandBatcher:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self.pipelines = 0  # pipelines sent (the tests read it)
        self._queue: list[_Call] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """`redis.<name>(*args, **kwargs)`, in this loop turn's pipeline."""
        loop = asyncio.get_running_loop()
        call = _Call(name, args, kwargs, loop.create_future())
        self._queue.append(call)
        if len(self._queue) == 1:
            loop.call_soon(self._send)
        return await call.done

    def _send(self) -> None:
        batch, self._queue = self._queue, []
        task = asyncio.get_running_loop().create_task(self._execute(batch))
        self._tasks.add(task)  # referenced until done
        task.add_done_callback(self._tasks.discard)

    async def _execute(self, batch: list[_Call]) -> None:
        self.pipelines += 1
        try:
            pipe = self.redis.pipeline(transaction=False)
            for call in batch:
                getattr(pipe, call.name)(*call.args, **call.kwargs)
            replies = await pipe.execute(raise_on_error=False)
        except BaseException as exc:  # the connection failed (or shutdown): every caller hears it
            for call in batch:
                if not call.done.done():
                    call.done.set_exception(
                        exc if isinstance(exc, Exception) else ConnectionError("cancelled")
                    )
            if not isinstance(exc, Exception):
                raise
            return
        for call, reply in zip(batch, replies, strict=True):
            if call.done.done():
                continue  # the caller gave up meanwhile
            if isinstance(reply, Exception):
                call.done.set_exception(reply)
            else:
                call.done.set_result(reply)
