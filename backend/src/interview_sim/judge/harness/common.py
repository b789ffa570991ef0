"""What both harnesses share. Runs INSIDE the sandbox (Debian's python3 -I -S, stdlib only).

The parent writes JSON lines on stdin: a header `{"code", "function_name"}`, then
`{"t": "case", "i", "args", "limit_ms"}` per case, `{"t": "probe", "n", "args", "limit_ms",
"budget_ms"}` per probe size, and `{"t": "end"}`. The harness answers JSON lines on a private
copy of stdout (fds 0-2 are pointed at /dev/null first, so the candidate's output never reaches
it): `loaded` or `load_error`, then `start` and `result` per case, `probe` per timing of a size
(several per size: the parent keeps the minimum), `done`.
Expected values never come here: the parent compares.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import seccomp

MAX_LINES = 200
MAX_CHARS = 8000
TRUNCATED = "[output truncated]"
FILENAME = "<solution>"
MAX_ERROR_CHARS = 2000
PROBE_ROUNDS = 7


class Channel:
    """The line protocol with the parent, on file descriptors the candidate's code doesn't hold."""

    def __init__(self) -> None:
        self._out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        self._in = os.fdopen(os.dup(0), "r", encoding="utf-8")
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)

    def emit(self, message: dict[str, Any]) -> None:
        self._out.write(json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n")
        self._out.flush()

    def receive(self) -> dict[str, Any]:
        line = self._in.readline()
        return json.loads(line) if line else {"t": "end"}


class CappedOut(io.TextIOBase):
    """The candidate's stdout/stderr for one case: at most MAX_LINES lines, MAX_CHARS characters."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._chars = 0
        self._lines = 0
        self._truncated = False

    def writable(self) -> bool:
        return True

    def write(self, s: Any) -> int:
        s = str(s)
        if self._truncated or not s:
            return len(s)
        kept = s[: MAX_CHARS - self._chars]
        room_lines = MAX_LINES - self._lines
        if kept.count("\n") > room_lines:
            kept = kept[: _nth_newline(kept, room_lines)]
        self._truncated = len(kept) < len(s) or self._lines >= MAX_LINES
        self._parts.append(kept)
        self._chars += len(kept)
        self._lines += kept.count("\n")
        return len(s)

    def getvalue(self) -> str:
        text = "".join(self._parts).rstrip("\n")
        if self._truncated:
            text = f"{text}\n{TRUNCATED}" if text else TRUNCATED
        return text


def _nth_newline(s: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = s.find("\n", pos + 1)
        if pos < 0:
            return len(s)
    return pos + 1 if n > 0 else 0


def describe(e: BaseException) -> str:
    """ "TypeError: ... (line 4)", the line being the candidate's, as the browser shows it."""
    text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    if isinstance(e, SyntaxError) and e.filename == FILENAME:
        text = f"SyntaxError: {e.msg}" + (f" (line {e.lineno})" if e.lineno else "")
        return text
    lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == FILENAME]
    if lines:
        text += f" (line {lines[-1]})"
    return text[:MAX_ERROR_CHARS]


def safe_number(v: float) -> float | str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return 0 if v == 0 else v


def emit_result(channel: Channel, index: int, report: dict[str, Any]) -> None:
    """The case's result; a value JSON cannot carry (an int of 5,000 digits) is the case's error."""
    try:
        channel.emit({"t": "result", "i": index, **report})
    except (ValueError, TypeError, RecursionError) as e:
        error = f"the returned value cannot be sent as JSON: {describe(e)}"
        channel.emit(
            {
                "t": "result",
                "i": index,
                "verdict": "runtime_error",
                "cpu_ms": report.get("cpu_ms", 0),
                "error": error,
                "error_kind": type(e).__name__,
            }
        )


def serve(make_runner: Any) -> None:
    """The main loop: lock the process down, load the code, run cases and probes until `end`."""
    channel = Channel()
    problem = seccomp.install()
    if problem:
        print(f"judge harness: {problem}", file=sys.__stderr__)
    runner = make_runner()
    header = channel.receive()
    error = runner.load(header["code"], header["function_name"], header.get("load_limit_ms", 2000))
    if error is not None:
        channel.emit({"t": "load_error", **error})
        return
    channel.emit({"t": "loaded"})
    sizes: list[dict[str, Any]] = []
    while (message := channel.receive())["t"] != "end":
        if message["t"] == "case":
            channel.emit({"t": "start", "i": message["i"]})
            emit_result(channel, message["i"], runner.run_case(message))
        elif message["t"] == "probe":
            sizes.append(message)
        if runner.broken:
            return
    if sizes and not probe(channel, runner, sizes):
        return
    channel.emit({"t": "done"})
    sys.stdout.flush()


@dataclass
class Sampler:
    """How to time one probe size: `time_unit()` times one unit (a call on fresh arguments, or a
    batch of `calls` calls for code too fast for the timer) and gives its ms; `unit_ms` is what the
    unit took when it was sized."""

    n: int
    unit_ms: float
    calls: int
    time_unit: Callable[[], float]

    def per_call(self, unit_ms: float) -> float:
        return max(unit_ms, 0.0) / self.calls  # JavaScript's eval overhead, taken off, can overshoot


def probe(channel: Channel, runner: Any, sizes: list[dict[str, Any]]) -> bool:
    """Times the sizes in rounds, every size once per round, so each size's minimum is taken over
    the same stretch of time. This machine's speed changes by up to 2x for tenths of a second
    (other processes, a shared host): timing each size's calls back to back, a slow stretch over
    the small size's calls and a fast one over the large size's flattened the slope (a quadratic
    solution measured as O(n log n) about once in a hundred). The first round sizes each unit and
    stops at the first size that fails (larger ones would fail too). A size is timed again while its
    timings stay within its `budget_ms`: a slow call is timed fewer times, one as long as the budget
    once. False when the runner broke."""
    samplers: list[Sampler] = []
    for message in sizes:
        sampler = runner.sampler(message)
        if not isinstance(sampler, Sampler):
            channel.emit({"t": "probe", "n": message["n"], **sampler})
            return not runner.broken
        channel.emit({"t": "probe", "n": sampler.n, "ms": sampler.per_call(sampler.unit_ms)})
        samplers.append(sampler)
    spent = {s.n: s.unit_ms for s in samplers}
    budget = {m["n"]: m["budget_ms"] for m in sizes}
    for _ in range(PROBE_ROUNDS - 1):
        for s in [s for s in samplers if spent[s.n] + s.unit_ms <= budget[s.n]]:
            try:
                ms = s.per_call(s.time_unit())
            except BaseException:  # it ran within the limit once: a slow moment, not the code
                if runner.broken:
                    return False
                samplers.remove(s)
                continue
            spent[s.n] += s.unit_ms
            channel.emit({"t": "probe", "n": s.n, "ms": ms})
    return True
