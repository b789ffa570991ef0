"""What the judge takes and gives back: plain data, no I/O.

The judge runs candidate code against test cases on the server, confined (see `judge/README.md`).
It knows nothing about sessions or the question bank: the services hand it code and cases (the
bank builds the hidden suite, `questions/`), and it hands back one outcome per case plus an
estimate of how the running time grows. Expected values and actual outputs stay on the server:
`public_payload` in `services/` decides what a client may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal[
    "passed",
    "wrong_answer",
    "runtime_error",
    "timed_out",
    "memory_limit",
    "output_limit",
    "not_run",  # skipped: an earlier case of the same group timed out, or the run budget ran out
]
Compare = Literal["exact", "unordered", "float"]
# What a case is for; shown to the candidate instead of the input while the interview runs.
Category = Literal["sample", "basic", "edge case", "large input", "adversarial"]


@dataclass(frozen=True)
class Case:
    """One test: `expected` is None when the caller only wants the output (the reference run)."""

    args: tuple[Any, ...]
    expected: Any = None
    category: Category = "basic"
    time_limit_ms: int | None = None  # None: the judge's default for the language
    check: bool = True  # False: collect `actual`, compare nothing


@dataclass(frozen=True)
class Probe:
    """Inputs of growing size for the observed-complexity estimate: `(n, args)` pairs, n ascending."""

    inputs: tuple[tuple[int, tuple[Any, ...]], ...]


@dataclass(frozen=True)
class CaseOutcome:
    index: int
    category: Category
    verdict: Verdict
    ms: float
    error_kind: str | None = None  # "TypeError", "RecursionError": safe to show during the interview
    error: str | None = None  # the full message: may quote the input, server-side until the end
    actual: Any = None  # server-side until the end
    stdout: str | None = None  # what the code printed (capped), server-side until the end

    @property
    def passed(self) -> bool:
        return self.verdict == "passed"


@dataclass(frozen=True)
class ObservedComplexity:
    """An estimate from timing the code at a few sizes; `label` is one of
    "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "worse than O(n^2)", or "unknown"."""

    label: str
    exponent: float | None
    sizes: tuple[int, ...]
    ms: tuple[float, ...]
    note: str | None = None  # why "unknown", or "n=64000 timed out (2000 ms): at least O(n^2)"


@dataclass(frozen=True)
class JudgeResult:
    language: str
    outcomes: tuple[CaseOutcome, ...]
    observed: ObservedComplexity | None = None
    load_error: str | None = None  # the code did not load (syntax error, no such function)
    wall_ms: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes if o.passed)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def timed_out(self) -> bool:
        return any(o.verdict == "timed_out" for o in self.outcomes)


class JudgeBusy(Exception):
    """The judge's queue is full: the caller answers with a clear error and may retry."""


class JudgeUnavailable(Exception):
    """The sandbox cannot run here (bubblewrap missing, namespaces refused)."""


@dataclass(frozen=True)
class JudgeRequest:
    code: str
    language: str  # "javascript" | "python"
    function_name: str
    cases: Sequence[Case]
    compare: Compare = "exact"
    probe: Probe | None = None
