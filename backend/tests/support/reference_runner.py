"""Runs one question's Python code against its tests, the way the checker expects (stdlib only).

stdin:  {"code": "...defines solution...", "tests": [{"args": [...], "expected": ...}],
         "function_name": "solution" (optional), "timeout_s": 2 (optional, per test)}
        (a test may carry its own "timeout_s"; each result has the call's "ms")
        or a JSON array of such jobs (answered with an array, each job in a fresh namespace).
stdout: {"load_error": null | "message",
         "results": [{"index": 0, "returned": true, "actual": <json>, "error": null | "message"}]}

Each call gets fresh copies of its arguments (a JSON round trip). A per-test alarm stops a call
that runs too long; after a timeout the remaining tests are reported as skipped. The caller
compares `actual` with `expected` (tuples arrive as JSON lists).
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys
import time
from typing import Any


class TimedOut(BaseException):
    """Raised inside the solution when its time is up (not an Exception, so `except Exception` in
    the solution cannot swallow it)."""


def _on_alarm(*_: object) -> None:
    raise TimedOut("timed out")


def _error(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


def _run_test(fn: Any, test: dict[str, Any], index: int, timeout_s: float) -> dict[str, Any]:
    args = json.loads(json.dumps(test["args"]))
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, test.get("timeout_s", timeout_s))
    try:
        actual = fn(*args)
        json.dumps(actual)  # a set or an object is not a JSON answer
        out = {"index": index, "returned": True, "actual": actual, "error": None}
    except BaseException as e:
        out = {"index": index, "returned": False, "actual": None, "error": _error(e)}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return out | {"ms": (time.perf_counter() - start) * 1000}


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Load the code in a fresh namespace and run every test; never raises for bad code."""
    namespace: dict[str, Any] = {"__name__": "solution"}
    try:
        exec(compile(job["code"], "solution.py", "exec"), namespace)
        fn = namespace[job.get("function_name", "solution")]
    except BaseException as e:
        return {"load_error": _error(e), "results": []}
    results: list[dict[str, Any]] = []
    timed_out = False
    for i, test in enumerate(job["tests"]):
        if timed_out:  # the rest would only time out too: report them without running
            results.append({"index": i, "returned": False, "actual": None, "error": "skipped"})
            continue
        results.append(_run_test(fn, test, i, job.get("timeout_s", 2)))
        timed_out = (results[-1]["error"] or "").startswith("TimedOut")
    return {"load_error": None, "results": results}


def main() -> None:
    signal.signal(signal.SIGALRM, _on_alarm)
    job = json.load(sys.stdin)
    with contextlib.redirect_stdout(io.StringIO()):  # a stray print must not corrupt the answer
        out = [run_job(j) for j in job] if isinstance(job, list) else run_job(job)
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main()
