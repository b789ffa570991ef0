"""Runs a candidate's JavaScript function in V8 (mini-racer) on the cases the parent sends.
INSIDE the sandbox only: py_mini_racer is bound read-only at /judge/lib.

Why V8 and not QuickJS: the browser runs the candidate's code in V8 (Chromium), so the time limits
and the brute-force detection here match what the candidate sees in the page; QuickJS is an
interpreter, 30-100x slower on loops. mini-racer loads V8 through ctypes, so the venv's copy runs
under Debian's python3 (or the Docker image's) inside the sandbox, never in the server process.

`prelude.js` is evaluated first and captures every builtin it needs, then the candidate's code is
compiled by the prelude's `load` as the browser does (`new Function('console', code)`). Each case
is one `eval`, cancelled (V8 terminates it) at its CPU-time limit; V8's hard heap limit gives the
memory_limit verdict.
After a V8 out-of-memory the context is dead: the harness says so and exits, the parent restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from typing import Any

sys.path.insert(0, "/judge/harness")
sys.path.insert(0, "/judge/lib")

from common import Sampler, serve
from py_mini_racer import (
    JSEvalException,
    JSOOMException,
    JSPromise,
    JSTimeoutException,
    MiniRacer,
)

PRELUDE = "/judge/harness/prelude.js"
HEAP_BYTES = int(sys.argv[1]) if len(sys.argv) > 1 else 256 * 2**20
# A case stops at its limit of CPU time (as Python's alarm), or at this many times it of wall time
# (the parent's factor): a busy machine does not stop a case early, a sleeping one not late.
WALL_FACTOR = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
WATCH_S = 0.01  # how often the CPU clock is read while JavaScript runs
FAST_CALL_MS = 10.0
MAX_BATCH = 1 << 17


class JsRunner:
    broken = False

    def __init__(self) -> None:
        self.ctx = MiniRacer()
        self.ctx.set_hard_memory_limit(HEAP_BYTES)
        with open(PRELUDE, encoding="utf-8") as f:
            self.ctx.eval(f.read())

    def _call(self, expression: str, limit_ms: float) -> Any:
        try:
            return self._eval(expression, limit_ms)
        except JSOOMException:
            self.broken = True  # the context is dead
            raise

    def _eval(self, expression: str, limit_ms: float) -> Any:
        loop = getattr(getattr(self.ctx, "_ctx", None), "event_loop", None)  # mini-racer 0.14's own loop
        if loop is None:  # another mini-racer: V8's wall-clock timeout only
            value = self.ctx.eval(expression, timeout_sec=limit_ms * WALL_FACTOR / 1000)
        else:
            value = asyncio.run_coroutine_threadsafe(self._watched(expression, limit_ms), loop).result()
        if isinstance(value, JSPromise):
            value = value.get(timeout=limit_ms * WALL_FACTOR / 1000)
        return value

    async def _watched(self, expression: str, limit_ms: float) -> Any:
        """The eval, cancelled (V8 terminates it) once the process has used `limit_ms` of CPU time
        (V8's threads included) or `WALL_FACTOR` times that of wall time, whichever comes first."""
        task = asyncio.ensure_future(self.ctx.eval_cancelable(expression))
        cpu_end = time.process_time() + limit_ms / 1000
        wall_end = time.monotonic() + limit_ms * WALL_FACTOR / 1000
        while True:
            done, _ = await asyncio.wait({task}, timeout=WATCH_S)
            if done:
                return task.result()
            if time.process_time() > cpu_end or time.monotonic() > wall_end:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, JSEvalException):
                    await task
                raise JSTimeoutException

    def load(self, code: str, name: str, limit_ms: float) -> dict[str, Any] | None:
        try:
            answer = json.loads(
                self._call(f"__isimJudge.load({json.dumps(code)}, {json.dumps(name)})", limit_ms)
            )
        except JSTimeoutException:
            return {
                "error": "TimeoutError: the code's top level ran out of time",
                "error_kind": "TimeoutError",
            }
        except BaseException as e:
            return {"error": f"{type(e).__name__}: {e}"[:2000], "error_kind": _kind(e)}
        if "error" in answer:
            return {"error": answer["error"], "error_kind": answer["kind"]}
        return None

    def run_case(self, message: dict[str, Any]) -> dict[str, Any]:
        limit = message["limit_ms"]
        try:
            self._call(f"__isimJudge.prepare({json.dumps(message['args'])})", limit)
        except BaseException as e:  # parsing the arguments ran out of memory: the case's fault
            return self._failure(e, time.process_time())
        start = time.process_time()  # the call and reading its result, not parsing the arguments
        try:
            text = self._call("__isimJudge.run()", limit)
        except BaseException as e:
            return self._failure(e, start)
        cpu_ms = (time.process_time() - start) * 1000
        answer = json.loads(text)
        report: dict[str, Any] = {"cpu_ms": cpu_ms}
        if answer.get("stdout"):
            report["stdout"] = answer["stdout"]
        if "error" in answer:
            report.update(verdict="runtime_error", error=answer["error"], error_kind=answer["kind"])
        else:
            report["actual"] = answer["actual"]
        return report

    def _failure(self, e: BaseException, start: float) -> dict[str, Any]:
        cpu_ms = (time.process_time() - start) * 1000
        if isinstance(e, JSTimeoutException):
            return {"verdict": "timed_out", "cpu_ms": cpu_ms, "error": "time limit exceeded"}
        if isinstance(e, JSOOMException):
            return {
                "verdict": "memory_limit",
                "cpu_ms": cpu_ms,
                "error": "memory limit exceeded",
                "error_kind": "RangeError",
            }
        return {"verdict": "runtime_error", "cpu_ms": cpu_ms, "error": f"{e}"[:2000], "error_kind": _kind(e)}

    def sampler(self, message: dict[str, Any]) -> Sampler | dict[str, Any]:
        """How to time this size (the cost of an empty `eval` taken off), from a first call (or what
        failed): later single calls, or, for fast code that leaves its arguments as they were,
        batches of calls on one argument list. One fast call is mostly timer and eval overhead, and
        with the overhead taken off it can come out at or below zero: the batch's average per call
        is the measurement, as in timeit."""
        limit, n = message["limit_ms"], message["n"]
        args = json.dumps(message["args"])
        try:
            overhead = min(self._timed(args, 0, limit) for _ in range(5))
            first = self._timed(args, 1, limit) - overhead
            if first >= FAST_CALL_MS or self._call("__isimJudge.mutated()", limit):
                return Sampler(n, first, 1, lambda: self._timed(args, 1, limit) - overhead)
            batch, took = self._batch(args, limit, overhead)
        except BaseException as e:
            failure = self._failure(e, time.process_time())
            return {"failed": failure["verdict"], "error_kind": failure.get("error_kind")}
        return Sampler(n, took, batch, lambda: self._timed(args, batch, limit) - overhead)

    def _batch(self, args: str, limit_ms: float, overhead: float) -> tuple[int, float]:
        """Calls in a batch long enough for the timer (as timeit's autorange): (calls, ms)."""
        batch = 1
        while (took := self._timed(args, batch, limit_ms) - overhead) < FAST_CALL_MS and batch < MAX_BATCH:
            batch *= 2 if took > FAST_CALL_MS / 4 else 8
        return batch, took

    # Wall time, the minimum of several runs: CPU time was tried and was noisier here (a busy
    # machine's caches inflate every run's CPU time, while some run usually gets the CPU alone).
    def _timed(self, args: str, times: int, limit_ms: float) -> float:
        self._call(f"__isimJudge.prepare({args})", limit_ms)
        start = time.perf_counter()
        self._call(f"__isimJudge.repeat({times})", limit_ms)
        return (time.perf_counter() - start) * 1000


def _kind(e: BaseException) -> str:
    if isinstance(e, JSEvalException):
        first = str(e).split(":", 1)[0].strip().split()[-1:] or ["Error"]
        return first[0]
    return type(e).__name__


if __name__ == "__main__":
    serve(JsRunner)
    os._exit(0)  # mini-racer's threads would keep a normal exit waiting
