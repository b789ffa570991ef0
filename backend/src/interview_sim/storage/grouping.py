"""Calls to the database made in one loop turn, sent as one statement: the machinery the log's
appends (`log_batch.py`) and the view reads (`read_batch.py`) share.

A call queues its request and waits. Nothing waits on a timer unless `wait_s` is set: requests made
in one loop turn go out together on the next, up to `max_rows` per statement and `lanes` statements
in flight at once, and while they are out new requests gather for the next. A statement of one
request, and every request of a grouped statement that failed, goes through `single`, which gives
each its own outcome. A subclass says how a group is sent (`_grouped`) and may hold requests back
(`_take`, `_released`)."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
Req = TypeVar("Req")
Res = TypeVar("Res")


@dataclass
class Pending(Generic[Req, Res]):
    request: Req
    key: Any  # what `_take` may keep apart (`StatementGroups.key`)
    done: asyncio.Future[Res]


class StatementGroups(Generic[Req, Res]):
    what = "database call"  # for the log line of a failed group

    def __init__(
        self,
        single: Callable[[Req], Awaitable[Res]],
        max_rows: int = 200,
        wait_s: float = 0.0,
        lanes: int = 4,
    ) -> None:
        self.single, self.max_rows, self.wait_s, self.lanes = single, max_rows, wait_s, lanes
        self.statements = 0  # statements sent, one-request ones included (tests and benchmarks)
        self.rows = 0
        self.failures = 0  # grouped statements that failed and were retried request by request
        self._queue: deque[Pending[Req, Res]] = deque()
        self._flights: dict[asyncio.Task[None], list[Pending[Req, Res]]] = {}
        self._scheduled = False

    def key(self, request: Req) -> Any:
        """What `_take` may keep apart; raising here refuses the request before it is queued."""
        return None

    async def call(self, request: Req) -> Res:
        loop = asyncio.get_running_loop()
        pending: Pending[Req, Res] = Pending(request, self.key(request), loop.create_future())
        self._queue.append(pending)
        if not self._scheduled:  # requests made in the same loop turn go out together
            self._scheduled = True
            if self.wait_s > 0:
                loop.call_later(self.wait_s, self._pump)
            else:
                loop.call_soon(self._pump)
        return await pending.done

    async def _grouped(self, batch: list[Pending[Req, Res]]) -> list[Res]:
        """One statement for `batch`'s requests: the outcome of each, in order."""
        raise NotImplementedError

    def _take(self) -> list[Pending[Req, Res]]:
        """The next statement's requests: the first `max_rows` queued."""
        return [self._queue.popleft() for _ in range(min(self.max_rows, len(self._queue)))]

    def _released(self, batch: list[Pending[Req, Res]]) -> None:
        """`batch`'s statement is done (retries included)."""

    def _pump(self) -> None:
        self._scheduled = False
        while self._queue and len(self._flights) < self.lanes:
            batch = self._take()
            if not batch:
                return  # every queued request is held back by one in flight: its end pumps again
            task = asyncio.get_running_loop().create_task(self._flush(batch))
            self._flights[task] = batch
            task.add_done_callback(self._landed)

    def _landed(self, task: asyncio.Task[None]) -> None:
        batch = self._flights.pop(task, [])
        self._released(batch)
        if task.cancelled():  # shutdown: nobody waits forever
            _fail([*batch, *self._queue], RuntimeError(f"the {self.what} flusher stopped"))
            self._queue.clear()
            return
        self._pump()

    async def _flush(self, batch: list[Pending[Req, Res]]) -> None:
        self.statements += 1
        self.rows += len(batch)
        if len(batch) == 1:  # nothing to group: the one-request statement costs the server less
            await self._one(batch[0])
            return
        try:
            outcomes = await self._grouped(batch)
        except Exception as exc:  # the whole statement rolled back: nothing of it happened
            self.failures += 1
            log.warning(
                "grouped %s of %d requests failed (%r); sending them one by one", self.what, len(batch), exc
            )
            await asyncio.gather(*(self._one(p) for p in batch))
            return
        for p, outcome in zip(batch, outcomes, strict=True):
            _settle(p, outcome)

    async def _one(self, pending: Pending[Req, Res]) -> None:
        try:
            outcome = await self.single(pending.request)
        except Exception as exc:
            _fail([pending], exc)
        else:
            _settle(pending, outcome)


def _settle(pending: Pending[Any, Any], outcome: Any) -> None:
    if not pending.done.done():  # the caller may have been cancelled meanwhile
        pending.done.set_result(outcome)


def _fail(pendings: list[Pending[Any, Any]], exc: Exception) -> None:
    """A request of an interrupted statement may or may not have taken effect, as with any cut-off
    query."""
    for p in pendings:
        if not p.done.done():
            p.done.set_exception(exc)
