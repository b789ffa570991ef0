"""Folds a SessionView's log into what the rest of the domain reads: transcript, code, runs, states.

Every helper is a pure function of the view, so the interviewer, the coach and the report agree on
what happened. Times are epoch milliseconds, as in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.protocol import EventType, State

Speaker = Literal["candidate", "interviewer"]


@dataclass(frozen=True)
class Line:
    """One transcript line: a candidate TRANSCRIPT_FINAL or an interviewer STREAM_END."""

    seq: int
    ts_ms: int
    speaker: Speaker
    text: str
    source: str | None = None
    kind: str | None = None
    hint_level: int | None = None


@dataclass(frozen=True)
class StateSpan:
    """A stretch of time spent in one state; `end_ms` is the next move, the end, or `now`."""

    state: State
    start_ms: int
    end_ms: int
    entered_seq: int | None

    @property
    def seconds(self) -> float:
        return max(0, self.end_ms - self.start_ms) / 1000


def candidate_lines(view: SessionView) -> list[Line]:
    """The candidate's final utterances, in log order (a new list; built once per view)."""
    return list(view.derived("candidate_lines", _candidate_lines))


def interviewer_lines(view: SessionView) -> list[Line]:
    """The interviewer's finished turns (INTERVIEWER_STREAM_END), in log order (a new list; built
    once per view)."""
    return list(view.derived("interviewer_lines", _interviewer_lines))


def _candidate_lines(view: SessionView) -> tuple[Line, ...]:
    return tuple(
        Line(e.seq, e.ts_ms, "candidate", str(e.payload.get("text", "")), str(e.payload.get("source", "")))
        for e in view.of_type(EventType.TRANSCRIPT_FINAL)
    )


def _interviewer_lines(view: SessionView) -> tuple[Line, ...]:
    return tuple(
        Line(
            e.seq,
            e.ts_ms,
            "interviewer",
            str(e.payload.get("text", "")),
            e.payload.get("provider"),
            e.payload.get("kind"),
            e.payload.get("hint_level"),
        )
        for e in view.of_type(EventType.INTERVIEWER_STREAM_END)
    )


def transcript(view: SessionView) -> list[Line]:
    """Candidate and interviewer lines merged in log order."""
    return sorted(candidate_lines(view) + interviewer_lines(view), key=lambda line: line.seq)


def starter_code(view: SessionView) -> str:
    return str(view.question.starter_code.get(view.language, ""))


def latest_code(view: SessionView) -> str:
    """The last CODE_SNAPSHOT's code, or the starter code when nothing was typed yet."""
    snaps = view.of_type(EventType.CODE_SNAPSHOT)
    return str(snaps[-1].payload.get("code", "")) if snaps else starter_code(view)


def first_code_change(view: SessionView) -> LogEvent | None:
    """The first CODE_SNAPSHOT whose code differs (ignoring whitespace) from the starter code."""
    starter = "".join(starter_code(view).split())
    for e in view.of_type(EventType.CODE_SNAPSHOT):
        if "".join(str(e.payload.get("code", "")).split()) != starter:
            return e
    return None


def runs(view: SessionView, kind: str | None = None) -> list[LogEvent]:
    """RUN_RESULT events, optionally only `kind`: "sample" (reported by the page) or "submit" (judged
    by the server; a submit result a v1 client reported is no verdict and is left out)."""
    found = [e for e in view.of_type(EventType.RUN_RESULT) if not _client_submit(e)]
    return [e for e in found if kind is None or e.payload.get("kind") == kind]


def _client_submit(event: LogEvent) -> bool:
    return event.payload.get("kind") == "submit" and event.payload.get("source") != "server"


def failing_indices(run: LogEvent) -> frozenset[int]:
    results: list[dict[str, Any]] = list(run.payload.get("results", []))
    return frozenset(int(r.get("index", -1)) for r in results if not r.get("passed"))


def hint_levels(view: SessionView) -> list[int]:
    """The ladder levels of the hints given so far, in order."""
    return [line.hint_level for line in interviewer_lines(view) if line.hint_level is not None]


def nudges(view: SessionView) -> list[LogEvent]:
    return view.of_type(EventType.COACH_NUDGE)


def ended_at_ms(view: SessionView) -> int | None:
    """When the session moved to ENDED, if it did."""
    for e in view.of_type(EventType.STATE_CHANGE):
        if e.payload.get("to") == State.ENDED:
            return e.ts_ms
    return None


def end_ms(view: SessionView) -> int:
    """The end of the observed interview: the ENDED move, else `now`."""
    ended = ended_at_ms(view)
    return ended if ended is not None else view.now_ms


def state_spans(view: SessionView) -> list[StateSpan]:
    """The states visited, from the start (INTRO) through each STATE_CHANGE, closed at the end."""
    if view.started_at_ms is None:
        return []
    spans: list[StateSpan] = []
    state, start, entered = State.INTRO, view.started_at_ms, None
    for e in view.of_type(EventType.STATE_CHANGE):
        to = State(str(e.payload.get("to")))
        spans.append(StateSpan(state, start, max(start, e.ts_ms), entered))
        state, start, entered = to, max(start, e.ts_ms), e.seq
    if state != State.ENDED:
        spans.append(StateSpan(state, start, max(start, end_ms(view)), entered))
    return spans


def current_span(view: SessionView) -> StateSpan | None:
    spans = state_spans(view)
    return spans[-1] if spans else None


def elapsed_s(view: SessionView) -> float:
    """Seconds since the interview started (0 before it starts)."""
    if view.started_at_ms is None:
        return 0.0
    return max(0, end_ms(view) - view.started_at_ms) / 1000
