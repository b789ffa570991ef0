"""What the server verified, as the report weighs it: the scored submit's hidden tests (the last
server verdict), the judge's observed growth against the candidate's last stated complexity and the
question's optimum, and the hints given. Pure functions of the SessionView.

Complexity rules: the claim scored is the last one stated per aspect (every statement is read).
A claim the measurement contradicts (observed growth of a higher polynomial degree than claimed; a
log factor is within the estimate's noise) is negative evidence. A claim better than the optimum is
impossible; a worse one is honest but not optimal; an optimal one with the measurement agreeing is
verified (the measured growth of the same degree), without a measurement it is only stated, and
with a measured growth below it ("claimed O(n), measured O(1)": code that does not do the work the
claim describes) it is unsupported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.model import LogEvent, Question, SessionView
from interview_sim.domain.submits import verdicts
from interview_sim.domain.utterances import complexity_claims
from interview_sim.domain.view import candidate_lines, interviewer_lines
from interview_sim.protocol import EventType

Check = Literal[
    "verified", "stated", "unsupported", "contradicted", "impossible", "not_optimal", "unstated", "unreadable"
]
_FAILED_BY_TIME = frozenset({"timed_out"})


@dataclass(frozen=True)
class Correctness:
    """The scored (last) server verdict, or `seq is None` when nothing was submitted."""

    seq: int | None = None
    passed: int = 0
    total: int = 0
    judged: bool = False
    attempts: int = 0
    timed_out: bool = False  # some hidden test ran out of time (a correctness failure too)
    only_slow: bool = False  # every failure is a time-out on a large input: right, but too slow
    load_error: str | None = None
    reads_input: bool = True  # the judged code names at least one of the function's parameters

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def all_passed(self) -> bool:
        return self.judged and self.total > 0 and self.passed == self.total


def correctness(view: SessionView) -> Correctness:
    found = verdicts(view)
    if not found:
        return Correctness()
    last = found[-1].payload
    failing = [r for r in last.get("results", []) if not r.get("passed")]
    slow = [r for r in failing if r.get("verdict") in _FAILED_BY_TIME]
    return Correctness(
        seq=found[-1].seq,
        passed=int(last.get("passed", 0)),
        total=int(last.get("total", 0)),
        judged=bool(last.get("judged", True)),
        attempts=len(found),
        timed_out=bool(last.get("timed_out")) or bool(slow),
        only_slow=bool(failing) and len(slow) == len(failing) and not last.get("load_error"),
        load_error=last.get("load_error"),
        reads_input=reads_input(judged_code(view, int(last.get("code_seq", 0))), view.question),
    )


def judged_code(view: SessionView, code_seq: int) -> str | None:
    """The code a verdict judged (its CODE_SNAPSHOT), None when it was the starter code."""
    snap = next((e for e in view.events if e.seq == code_seq and e.type == EventType.CODE_SNAPSHOT), None)
    return str(snap.payload.get("code", "")) if snap else None


def reads_input(code: str | None, question: Question) -> bool:
    """Whether the code names any of the function's parameters outside its signature: a fixed answer
    (`return False`, or answers looked up by a `*args` key) never does, whatever tests it passes."""
    if code is None or not question.params:
        return True
    name = re.escape(question.function_name)
    body = re.sub(rf"\b(?:def|function)\s+{name}\s*\([^)]*\)", " ", code)
    return any(re.search(rf"\b{re.escape(p)}\b", body) for p in question.params)


def observed_label(view: SessionView) -> str | None:
    """The judge's observed growth on the scored submit ("O(n^2)"), None when not measured."""
    found = verdicts(view)
    observed = found[-1].payload.get("observed_complexity") if found else None
    label = observed.get("label") if isinstance(observed, dict) else None
    return str(label) if label and label != "unknown" else None


def observed_rank(label: str | None) -> tuple[float, int] | None:
    """An ordering key for the judge's label: "worse than O(n^2)" sits above every O(n^2)."""
    if label is None:
        return None
    return (2.5, 0) if label.startswith("worse") else complexity_rank(label)


@dataclass(frozen=True)
class Claim:
    expr: str
    seq: int


def last_claims(view: SessionView) -> dict[str, Claim]:
    """The last complexity stated per aspect ("time"/"space"), read from every candidate line."""
    claims: dict[str, Claim] = {}
    for line in candidate_lines(view):
        for aspect, expr in complexity_claims(line.text).items():
            claims[aspect] = Claim(expr, line.seq)
    return claims


@dataclass(frozen=True)
class ComplexityVerdict:
    check: Check
    claim: Claim | None
    optimum: str
    observed: str | None


def time_verdict(view: SessionView) -> ComplexityVerdict:
    """The last stated time complexity against the judge's observed growth and the optimum."""
    claim, optimum = last_claims(view).get("time"), view.question.complexity.time
    observed = observed_label(view)
    return ComplexityVerdict(_check(claim, optimum, observed), claim, optimum, observed)


def _check(claim: Claim | None, optimum: str, observed: str | None) -> Check:
    if claim is None:
        return "unstated"
    said, best, seen = complexity_rank(claim.expr), complexity_rank(optimum), observed_rank(observed)
    if said is None:
        return "unreadable"
    if seen is not None and seen[0] > said[0]:
        return "contradicted"
    if best is not None and said < best:
        return "impossible"
    if best is not None and said > best:
        return "not_optimal"
    if seen is None:
        return "stated"
    return "verified" if seen[0] == said[0] else "unsupported"


def hints(view: SessionView) -> list[tuple[int, int]]:
    """(seq, level) of each hint the interviewer gave, in order."""
    return [(x.seq, x.hint_level) for x in interviewer_lines(view) if x.hint_level is not None]


def verdict_event(view: SessionView) -> LogEvent | None:
    found = verdicts(view)
    return found[-1] if found else None
