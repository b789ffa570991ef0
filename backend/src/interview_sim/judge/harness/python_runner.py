"""Runs a candidate's Python function on the cases the parent sends. INSIDE the sandbox only.

Results become JSON values as in the browser's Pyodide harness (frontend/src/lib/sandboxPyHarness.ts):
tuples and sets -> lists, dict keys -> strings, NaN/Infinity -> strings, anything else -> repr().
Each case runs under an ITIMER_PROF alarm at its CPU limit (the parent's wall deadline is the
backstop when the code swallows the exception); MemoryError is the memory_limit verdict.
"""

from __future__ import annotations

import gc
import io
import json
import os
import signal
import sys
import time
from typing import Any

sys.path.insert(0, "/judge/harness")

from common import FILENAME, CappedOut, Sampler, describe, safe_number, serve

MAX_DEPTH = 900
# Textbook memoised recursions go a few thousand levels deep (edit distance on 500x500, burst
# balloons on 300): CPython's default of 1,000 would fail correct answers. The sandbox's main
# thread gets a big stack (sandbox.STACK_MB) for it. A candidate may raise it further: the harness
# only ever raises it back to this floor, never lowers what the candidate set.
RECURSION_LIMIT = 20_000
FAST_CALL_MS = 5.0
MAX_BATCH = 1 << 17


def _no_programs(*_args: Any, **_kwargs: Any) -> Any:
    raise PermissionError("starting programs is not allowed in the judge")


class CaseTimeout(BaseException):
    """Raised by the CPU alarm inside the candidate's code."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise CaseTimeout


def to_json(v: Any, path: set[int] | None = None, depth: int = 0) -> Any:
    if v is None or isinstance(v, (bool, str, int)):
        return v
    if isinstance(v, float):
        return safe_number(v)
    if depth > MAX_DEPTH:
        return "[Too deep]"
    path = path if path is not None else set()
    if id(v) in path:
        return "[Circular]"
    path.add(id(v))
    try:
        return _container(v, path, depth + 1)
    finally:
        path.discard(id(v))


def _container(v: Any, path: set[int], depth: int) -> Any:
    if isinstance(v, (list, tuple)):
        return [to_json(x, path, depth) for x in v]
    if isinstance(v, (set, frozenset)):
        items = [to_json(x, path, depth) for x in v]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(v, dict):
        return {_key(k, path, depth): to_json(x, path, depth) for k, x in v.items()}
    return repr(v)


def _key(k: Any, path: set[int], depth: int) -> str:
    return k if isinstance(k, str) else json.dumps(to_json(k, path, depth))


class Redirect:
    def __init__(self, out: CappedOut) -> None:
        self.out = out

    def __enter__(self) -> None:
        self.saved = (sys.stdout, sys.stderr, sys.stdin)
        sys.stdout = sys.stderr = self.out
        sys.stdin = io.StringIO("")

    def __exit__(self, *exc: object) -> None:
        sys.stdout, sys.stderr, sys.stdin = self.saved


class PythonRunner:
    broken = False

    def __init__(self) -> None:
        self.fn: Any = None
        signal.signal(signal.SIGPROF, _alarm)
        os.system = os.popen = _no_programs  # they would fail quietly (-1) under the seccomp filter

    def load(self, code: str, name: str, limit_ms: float) -> dict[str, Any] | None:
        sys.setrecursionlimit(RECURSION_LIMIT)
        namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        out = CappedOut()
        try:
            signal.setitimer(signal.ITIMER_PROF, limit_ms / 1000)
            with Redirect(out):
                exec(compile(code, FILENAME, "exec"), namespace)
            signal.setitimer(signal.ITIMER_PROF, 0)
        except BaseException as e:  # the candidate's module failed: that is the answer
            signal.setitimer(signal.ITIMER_PROF, 0)
            if isinstance(e, CaseTimeout):
                return {
                    "error": "TimeoutError: the code's top level ran out of time",
                    "error_kind": "TimeoutError",
                }
            return {"error": describe(e), "error_kind": type(e).__name__}
        self.fn = namespace.get(name)
        if not callable(self.fn):
            return {"error": f"NameError: no function named '{name}' was defined", "error_kind": "NameError"}
        return None

    def run_case(self, message: dict[str, Any]) -> dict[str, Any]:
        args = json.loads(message["args"])
        out = CappedOut()
        report: dict[str, Any] = {}
        start = time.thread_time()
        try:
            signal.setitimer(signal.ITIMER_PROF, message["limit_ms"] / 1000)
            with Redirect(out):
                result = self.fn(*args)
            signal.setitimer(signal.ITIMER_PROF, 0)
            report["cpu_ms"] = (time.thread_time() - start) * 1000
            sys.setrecursionlimit(max(RECURSION_LIMIT, sys.getrecursionlimit()))
            report["actual"] = to_json(result)
        except BaseException as e:
            signal.setitimer(signal.ITIMER_PROF, 0)
            report.update(_failure(e, start))
        if stdout := out.getvalue():
            report["stdout"] = stdout
        return report

    def sampler(self, message: dict[str, Any]) -> Sampler | dict[str, Any]:
        """How to time this size, from a first call on fresh arguments (or what failed): later calls
        on fresh arguments too, or, for code too fast for the timer that leaves its arguments as
        they were, batches of calls on one argument list (a function that changes its input would
        be timed on its own output)."""
        limit, n = message["limit_ms"], message["n"]
        try:
            args = json.loads(message["args"])
            first = self._timed(args, 1, limit)
            if first >= FAST_CALL_MS or args != json.loads(message["args"]):
                return Sampler(n, first, 1, lambda: self._timed(json.loads(message["args"]), 1, limit))
            batch, took = self._batch(args, limit)
        except BaseException as e:
            failure = _failure(e, 0.0)
            return {"failed": failure["verdict"], "error_kind": failure.get("error_kind")}
        return Sampler(n, took, batch, lambda: self._timed(args, batch, limit))

    def _batch(self, args: list[Any], limit_ms: float) -> tuple[int, float]:
        """Calls in a batch long enough for the timer (as timeit's autorange): (calls, ms)."""
        batch = 1
        while (took := self._timed(args, batch, limit_ms)) < FAST_CALL_MS and batch < MAX_BATCH:
            batch *= 2 if took > FAST_CALL_MS / 4 else 8
        return batch, took

    # Wall time, the minimum of several runs: CPU time was tried and was noisier here (a busy
    # machine's caches inflate every run's CPU time, while some run usually gets the CPU alone).
    # The cyclic GC is off while timing, as timeit does: its full collections walk every live object,
    # so allocation-heavy linear code (graphs, lists of lists) measured like O(n^2) at 64,000.
    def _timed(self, args: list[Any], times: int, limit_ms: float) -> float:
        fn = self.fn
        gc.collect()
        gc.disable()
        signal.setitimer(signal.ITIMER_PROF, limit_ms / 1000)
        try:
            with Redirect(CappedOut()):
                start = time.perf_counter()
                for _ in range(times):
                    fn(*args)
                took = time.perf_counter() - start
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            gc.enable()
        return took * 1000


def _failure(e: BaseException, start: float) -> dict[str, Any]:
    cpu_ms = (time.thread_time() - start) * 1000 if start else 0.0
    if isinstance(e, CaseTimeout):
        return {"verdict": "timed_out", "cpu_ms": cpu_ms, "error": "time limit exceeded"}
    if isinstance(e, MemoryError):
        return {
            "verdict": "memory_limit",
            "cpu_ms": cpu_ms,
            "error": "MemoryError: memory limit exceeded",
            "error_kind": "MemoryError",
        }
    return {
        "verdict": "runtime_error",
        "cpu_ms": cpu_ms,
        "error": describe(e),
        "error_kind": type(e).__name__,
    }


if __name__ == "__main__":
    serve(PythonRunner)
