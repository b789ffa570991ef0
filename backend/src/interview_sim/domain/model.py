"""Plain data the domain works on: the question (server-side, with its secrets) and the session log."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from interview_sim.protocol import State

T = TypeVar("T")


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
    # `events` by type, in log order, when whoever built the view keeps it already (the node's view
    # cache does, as events arrive); otherwise built from `events` on the first `of_type`.
    by_type: Mapping[str, tuple[LogEvent, ...]] | None = field(default=None, compare=False, repr=False)

    def of_type(self, *types: str) -> list[LogEvent]:
        """The events of these types, in log order (a new list)."""
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))
        found = [e for t in set(types) for e in self._by_type.get(t, ())]
        found.sort(key=_seq)
        return found

    def derived(self, key: str, build: Callable[[SessionView], T]) -> T:
        """`build(self)`, worked out once per view (a view never changes): the transcript's lines
        are read by a dozen rules per decision. The caller must not change what it gets."""
        memo = self._derived
        if key not in memo:
            memo[key] = build(self)
        return memo[key]  # type: ignore[no-any-return]

    @cached_property
    def _derived(self) -> dict[str, Any]:
        return {}

    @cached_property
    def _by_type(self) -> Mapping[str, Sequence[LogEvent]]:
        """The log by event type: a turn's planner and the coach ask for some type a dozen or more
        times per decision, and a 45-minute log holds ~6,000 events (2 code snapshots a second), so
        scanning it each time grew to milliseconds; building this index per view was still most of
        a tick at 45 minutes, hence `by_type` from the cache."""
        if self.by_type is not None:
            return self.by_type
        index: dict[str, list[LogEvent]] = {}
        for event in self.events:
            index.setdefault(event.type, []).append(event)
        return index


def _seq(event: LogEvent) -> int:
    return event.seq
