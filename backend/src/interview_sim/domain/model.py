"""Plain data the domain works on: the question (server-side, with its secrets) and the session log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interview_sim.protocol import State


@dataclass(frozen=True)
class TestCase:
    args: tuple[Any, ...]
    expected: Any
    category: str = "basic"  # "basic" | "edge case" | "adversarial": shown instead of the input


@dataclass(frozen=True)
class WrongSolution:
    """A known wrong answer the hidden tests must reject (the bank checker runs it in both languages)."""

    name: str
    kind: str  # "constant" | "brute_force" | "wrong"
    code: Mapping[str, str]  # by language: "javascript", "python"


@dataclass(frozen=True)
class ClarifyingFact:
    """A fact the interviewer may reveal when the candidate's question matches one of `keywords`."""

    keywords: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Complexity:
    time: str
    space: str
    notes: str = ""


@dataclass(frozen=True)
class Question:
    """A question as the server holds it. `hidden_tests`, `solutions` and `approach` never leave it."""

    id: str
    slug: str
    title: str
    difficulty: str
    company_modes: tuple[str, ...]
    topics: tuple[str, ...]
    prompt: str
    function_name: str
    params: tuple[str, ...]
    starter_code: Mapping[str, str]
    sample_tests: tuple[TestCase, ...]
    hidden_tests: tuple[TestCase, ...]
    constraints: tuple[str, ...]
    hints: tuple[str, ...]
    clarifying_facts: tuple[ClarifyingFact, ...]
    follow_ups: tuple[str, ...]
    complexity: Complexity
    approach: str
    solutions: Mapping[str, str]
    expected_minutes: int = 25
    complexity_point: bool = False  # a brute force exists that is asymptotically worse
    wrong_solutions: tuple[WrongSolution, ...] = ()
    time_limit_ms: Mapping[str, int] = field(default_factory=dict)  # generated cases, by language
    compare: str = "exact"  # "exact" | "unordered" | "float"


@dataclass(frozen=True)
class LogEvent:
    """One entry of the session log: what the server stored, with its seq."""

    seq: int
    type: str
    ts_ms: int
    payload: Mapping[str, Any] = field(default_factory=dict)
    client_id: str | None = None


@dataclass(frozen=True)
class SessionView:
    """Everything the domain needs to decide: the session facts plus its log so far."""

    session_id: str
    question: Question
    company_mode: str
    difficulty: str
    language: str
    state: State
    events: tuple[LogEvent, ...]
    now_ms: int
    started_at_ms: int | None
    time_budget_s: int
    candidate_name: str | None = None

    def of_type(self, *types: str) -> list[LogEvent]:
        return [e for e in self.events if e.type in types]
