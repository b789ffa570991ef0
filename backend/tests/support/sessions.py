"""A builder for synthetic session logs and SessionViews, for domain tests.

b = SessionBuilder(question)            # logs CLIENT_READY at t=0, state INTRO
b.at(30).say("Can values repeat?")      # clock to 30 s after the start, then a TRANSCRIPT_FINAL
b.move(State.CODING).code("...").run("sample", passed=3, total=3)
view = b.view()                         # now = the builder's clock unless given
"""

from __future__ import annotations

from typing import Any

from interview_sim.domain.model import LogEvent, Question, SessionView
from interview_sim.domain.states import time_budget_s
from interview_sim.protocol import EventType, State
from interview_sim.questions.bank import load_bank

START_MS = 1_700_000_000_000


def two_sum() -> Question:
    return load_bank()["two-sum"]


class SessionBuilder:
    """Appends log events with increasing seq at the builder's clock (seconds from the start)."""

    def __init__(
        self,
        question: Question | None = None,
        *,
        company_mode: str = "General",
        language: str = "python",
        budget_s: int | None = None,
        candidate_name: str | None = None,
        started: bool = True,
    ) -> None:
        self.question = question or two_sum()
        self.company_mode = company_mode
        self.language = language
        self.budget_s = budget_s or time_budget_s(self.question.difficulty)
        self.candidate_name = candidate_name
        self.events: list[LogEvent] = []
        self.state = State.INTRO
        self.t_ms = START_MS
        self.started_at_ms: int | None = None
        self._submits = 0
        if started:
            self.started_at_ms = START_MS
            self.add(EventType.CLIENT_READY, {})

    # -- clock
    def at(self, seconds: float) -> SessionBuilder:
        self.t_ms = START_MS + int(seconds * 1000)
        return self

    def wait(self, seconds: float) -> SessionBuilder:
        self.t_ms += int(seconds * 1000)
        return self

    @property
    def seconds(self) -> float:
        return (self.t_ms - START_MS) / 1000

    # -- events
    def add(self, type_: str, payload: dict[str, Any]) -> LogEvent:
        event = LogEvent(seq=len(self.events) + 1, type=str(type_), ts_ms=self.t_ms, payload=payload)
        self.events.append(event)
        return event

    def say(self, text: str, source: str = "speech") -> SessionBuilder:
        self.add(EventType.TRANSCRIPT_FINAL, {"text": text, "source": source})
        return self

    def interviewer(
        self, text: str, kind: str | None = None, hint_level: int | None = None
    ) -> SessionBuilder:
        mid = f"m{len(self.events) + 1}"
        self.add(EventType.INTERVIEWER_STREAM_START, {"message_id": mid, "kind": kind})
        payload = {"message_id": mid, "text": text, "interrupted": False, "kind": kind}
        end = {**payload, "hint_level": hint_level, "provider": "scripted"}
        self.add(EventType.INTERVIEWER_STREAM_END, end)
        return self

    def code(self, code: str) -> SessionBuilder:
        self.add(EventType.CODE_SNAPSHOT, {"code": code, "language": self.language})
        return self

    def run(
        self,
        kind: str,
        *,
        passed: int,
        total: int,
        failing: tuple[int, ...] | None = None,
        timed_out: bool = False,
        category: str | None = None,
        observed: str | None = None,
    ) -> SessionBuilder:
        """A RUN_RESULT: a sample run as the page reports it, or a submit as the server judges it
        (contract v2: a category and a verdict per hidden test, no values). The failing indices
        default to the last `total - passed` tests; `category` labels the failing tests of a submit
        and `observed` is the judge's observed complexity label."""
        fails = set(failing if failing is not None else range(passed, total))
        if kind == "submit":
            self._submits += 1
            return self._verdict(passed, total, fails, timed_out, category or "basic", observed)
        results: list[dict[str, Any]] = [
            {"index": i, "passed": i not in fails, "expected": i, "actual": -1 if i in fails else i, "ms": 1}
            for i in range(total)
        ]
        payload = {"kind": kind, "passed": passed, "total": total, "results": results, "timed_out": timed_out}
        self.add(EventType.RUN_RESULT, {**payload, "source": "page"})
        return self

    def _verdict(
        self, passed: int, total: int, fails: set[int], timed_out: bool, category: str, observed: str | None
    ) -> SessionBuilder:
        def case(i: int) -> dict[str, Any]:
            verdict = "passed" if i not in fails else "timed_out" if timed_out else "wrong_answer"
            kind = "basic" if i not in fails else category
            return {"index": i, "passed": i not in fails, "category": kind, "verdict": verdict, "ms": 1}

        complexity = {"label": observed, "exponent": None, "sizes": [], "ms": []} if observed else None
        payload = {
            "kind": "submit",
            "source": "server",
            "passed": passed,
            "total": total,
            "timed_out": timed_out,
            "language": self.language,
            "results": [case(i) for i in range(total)],
            "observed_complexity": complexity,
            "attempt": self._submits,
            "code_seq": next((e.seq for e in reversed(self.events) if e.type == EventType.CODE_SNAPSHOT), 0),
        }
        event = self.add(EventType.RUN_RESULT, payload)
        self.events[-1] = LogEvent(
            event.seq, event.type, event.ts_ms, event.payload, f"srv:judge:{event.seq}"
        )
        return self

    def move(self, to: State, reason: str = "test") -> SessionBuilder:
        self.add(EventType.STATE_CHANGE, {"from": self.state.value, "to": to.value, "reason": reason})
        self.state = to
        return self

    def nudge(self, category: str, nudge_id: str | None = None, severity: str = "info") -> SessionBuilder:
        payload = {"id": nudge_id or f"{category}-{len(self.events) + 1}", "category": category}
        self.add(EventType.COACH_NUDGE, {**payload, "severity": severity, "text": f"{category} nudge"})
        return self

    def view(self, now_s: float | None = None) -> SessionView:
        now = self.t_ms if now_s is None else START_MS + int(now_s * 1000)
        return SessionView(
            session_id="s-test",
            question=self.question,
            company_mode=self.company_mode,
            difficulty=self.question.difficulty,
            language=self.language,
            state=self.state,
            events=tuple(self.events),
            now_ms=now,
            started_at_ms=self.started_at_ms,
            time_budget_s=self.budget_s,
            candidate_name=self.candidate_name,
        )
