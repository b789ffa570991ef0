"""What the server verified, as the report weighs it: the scored submit's hidden tests (the last
server verdict), the judge's observed growth against the candidate's last stated complexity and the
question's optimum, and the hints given. Pure functions of the SessionView.

Complexity rules: the claim scored is the last one stated per aspect (every statement is read).
A claim the measurement contradicts (observed growth of a higher polynomial degree than claimed; a
log factor is within the estimate's noise) is negative evidence. A claim better than the optimum is
impossible; a worse one is honest but not optimal; an optimal one with the measurement agreeing is
verified, without a measurement it is only stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.domain.submits import verdicts
from interview_sim.domain.utterances import complexity_claims
from interview_sim.domain.view import candidate_lines, interviewer_lines

Check = Literal["verified", "stated", "contradicted", "impossible", "not_optimal", "unstated", "unreadable"]
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
    )


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
    return "stated" if seen is None else "verified"


def hints(view: SessionView) -> list[tuple[int, int]]:
    """(seq, level) of each hint the interviewer gave, in order."""
    return [(x.seq, x.hint_level) for x in interviewer_lines(view) if x.hint_level is not None]


def verdict_event(view: SessionView) -> LogEvent | None:
    found = verdicts(view)
    return found[-1] if found else None
