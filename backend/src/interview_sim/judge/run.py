"""One judge run: the cases (restarting a fresh sandbox after a case kills one), then the probe.

The parent owns every deadline: a case gets `limit * wall_factor + grace` of wall time after its
`start` line, the whole run gets `wall_budget_s`. When a case overruns, the sandbox's process group
is killed, the case is `timed_out`, and a fresh sandbox continues with the next case; after
`timeouts_per_category` timeouts in one category the rest of that category is `not_run`.
"""

from __future__ import annotations

import asyncio
import json
import math
from dataclasses import dataclass, field
from typing import Any

from .compare import equal
from .config import JudgeConfig
from .model import CaseOutcome, JudgeRequest

STARTUP_S = 5.0  # starting the sandbox and the interpreter (V8 included) on a busy machine
BIG_LINE = 64 * 1024  # lines longer than this are parsed off the event loop


@dataclass
class Progress:
    """What a run has learnt so far; `pending` are case indices still to run, in order."""

    request: JudgeRequest
    config: JudgeConfig
    deadline: float
    pending: list[int]
    outcomes: dict[int, CaseOutcome] = field(default_factory=dict)
    timeouts: dict[str, int] = field(default_factory=dict)
    load_error: tuple[str, str] | None = None
    probe: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    probe_finished: bool = False

    @property
    def probe_wanted(self) -> bool:
        return self.request.probe is not None and not self.probe_finished

    def limit(self, index: int) -> int:
        case = self.request.cases[index]
        return self.config.limit_ms(self.request.language, case.time_limit_ms)

    @property
    def load_limit_ms(self) -> int:
        """The code's top level (imports, tables) gets the language's default per-case limit."""
        return self.config.time_limit_ms[self.request.language]

    def wall_s(self, limit_ms: float) -> float:
        return (limit_ms * self.config.wall_factor + self.config.wall_grace_ms) / 1000


async def parse(line: bytes) -> dict[str, Any]:
    """One message; `{"t": "garbled"}` for anything unreadable (the code may write on the channel).
    Big or deeply nested lines are parsed in a thread (a fresh stack for json's recursion check)."""
    try:
        try:
            message = await asyncio.to_thread(json.loads, line) if len(line) > BIG_LINE else json.loads(line)
        except RecursionError:
            message = await asyncio.to_thread(json.loads, line)
    except (ValueError, RecursionError):  # not JSON, an int past Python's digit limit, too deep
        return {"t": "garbled"}
    return message if isinstance(message, dict) else {"t": "garbled"}


def case_line(index: int, args: Any, limit_ms: int) -> bytes:
    return (
        json.dumps({"t": "case", "i": index, "args": json.dumps(list(args)), "limit_ms": limit_ms}).encode()
        + b"\n"
    )


async def request_lines(p: Progress, probe_limit: int) -> list[bytes]:
    """Header, the pending cases, the probe sizes (if any), end: encoded off the event loop."""

    def encode() -> list[bytes]:
        r = p.request
        header = {"code": r.code, "function_name": r.function_name, "load_limit_ms": p.load_limit_ms}
        lines = [json.dumps(header).encode() + b"\n"]
        lines += [case_line(i, r.cases[i].args, p.limit(i)) for i in p.pending]
        for n, args in r.probe.inputs if p.probe_wanted and r.probe else ():
            lines.append(
                json.dumps(
                    {
                        "t": "probe",
                        "n": n,
                        "args": json.dumps(list(args)),
                        "limit_ms": probe_limit,
                        "budget_ms": p.config.probe_budget_ms,
                    }
                ).encode()
                + b"\n"
            )
        return [*lines, b'{"t": "end"}\n']

    return await asyncio.to_thread(encode)


def cpu_budget_s(p: Progress, probe_limit: int) -> int:
    cases = sum(p.limit(i) for i in p.pending) / 1000
    probe = (
        len(p.request.probe.inputs) * (probe_limit + p.config.probe_budget_ms) / 1000
        if p.request.probe
        else 0
    )
    return max(
        2,
        min(
            math.ceil(p.config.wall_budget_s),
            math.ceil(1.5 * (cases + probe) + STARTUP_S + p.load_limit_ms / 1000),
        ),
    )


def outcome(p: Progress, index: int, verdict: str, ms: float, **extra: Any) -> CaseOutcome:
    case = p.request.cases[index]
    return CaseOutcome(index=index, category=case.category, verdict=verdict, ms=round(ms, 3), **extra)  # type: ignore[arg-type]


FAILURES = ("runtime_error", "timed_out", "memory_limit")  # what a sandbox may report; "passed" never


def text_or_none(v: Any, limit: int = 10_000) -> str | None:
    return v[:limit] if isinstance(v, str) else None


def judged(p: Progress, index: int, report: dict[str, Any]) -> CaseOutcome:
    """The verdict for one `result` line: the parent compares, the sandbox only reports (and the
    candidate's code may forge what it reports: only failures and values are taken from it)."""
    cpu = report.get("cpu_ms", 0.0)
    ms, limit = (float(cpu) if isinstance(cpu, (int, float)) else 0.0), p.limit(index)
    extra = {"stdout": text_or_none(report.get("stdout"))}
    if "verdict" in report:
        verdict = report["verdict"] if report["verdict"] in FAILURES else "runtime_error"
        error, kind = text_or_none(report.get("error")), text_or_none(report.get("error_kind"), 100)
        return outcome(
            p, index, "timed_out" if ms > limit else verdict, ms, error_kind=kind, error=error, **extra
        )
    actual = report.get("actual")
    if ms > limit:
        return outcome(p, index, "timed_out", ms, error="time limit exceeded", actual=actual, **extra)
    case = p.request.cases[index]
    ok = (not case.check) or equal(actual, case.expected, p.request.compare)
    return outcome(p, index, "passed" if ok else "wrong_answer", ms, actual=actual, **extra)


def record(p: Progress, o: CaseOutcome) -> None:
    """Stores an outcome; a timeout may retire the rest of its category (bounding the run)."""
    p.outcomes[o.index] = o
    p.pending.remove(o.index)
    if o.verdict != "timed_out":
        return
    count = p.timeouts[o.category] = p.timeouts.get(o.category, 0) + 1
    if count < p.config.timeouts_per_category:
        return
    for i in [i for i in p.pending if p.request.cases[i].category == o.category]:
        p.outcomes[i] = outcome(
            p, i, "not_run", 0.0, error=f"skipped: {count} '{o.category}' tests timed out"
        )
        p.pending.remove(i)
