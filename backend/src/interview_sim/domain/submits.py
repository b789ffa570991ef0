"""Submits read from the log: which moves to REVIEW still wait for the server's verdict, which code
each one judges, and the verdicts themselves. Pure functions of the view.

A submit is the candidate's `STATE_CHANGE CODING -> REVIEW`; the server answers it with a
`RUN_RESULT {kind: "submit", source: "server"}` whose log client id is `srv:judge:<move seq>`, so
two nodes judging the same submit store one verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.protocol import EventType, State


@dataclass(frozen=True)
class SubmittedCode:
    code: str
    language: str
    code_seq: int  # the CODE_SNAPSHOT judged; 0 when nothing was typed (the starter code)
    attempt: int  # 1 for the session's first submit


def verdict_id(move_seq: int) -> str:
    return f"srv:judge:{move_seq}"


def submit_moves(view: SessionView) -> list[LogEvent]:
    """Every CODING -> REVIEW move, in log order."""
    return [
        e
        for e in view.of_type(EventType.STATE_CHANGE)
        if e.payload.get("from") == State.CODING and e.payload.get("to") == State.REVIEW
    ]


def verdicts(view: SessionView) -> list[LogEvent]:
    """The server's submit verdicts, in log order. A client-reported submit (contract v1) is no verdict."""
    return [
        e
        for e in view.of_type(EventType.RUN_RESULT)
        if e.payload.get("kind") == "submit" and e.payload.get("source") == "server"
    ]


def pending_moves(view: SessionView) -> list[int]:
    """Seqs of submit moves with no verdict logged yet (e.g. the judging node died)."""
    done = {e.client_id for e in verdicts(view)}
    return [m.seq for m in submit_moves(view) if verdict_id(m.seq) not in done]


def submitted_code(view: SessionView, move_seq: int) -> SubmittedCode:
    """The last code snapshot logged before the move (the page sends one right before it)."""
    snaps = [e for e in view.of_type(EventType.CODE_SNAPSHOT) if e.seq < move_seq]
    attempt = sum(1 for m in submit_moves(view) if m.seq <= move_seq)
    if not snaps:
        starter = str(view.question.starter_code.get(view.language, ""))
        return SubmittedCode(starter, view.language, 0, attempt)
    last = snaps[-1]
    language = str(last.payload.get("language") or view.language)
    return SubmittedCode(str(last.payload.get("code", "")), language, last.seq, attempt)
