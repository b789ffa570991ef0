"""The interview state machine: which moves are allowed, and the time budget per difficulty."""

from __future__ import annotations

from dataclasses import dataclass

from interview_sim.protocol import State

ALLOWED: dict[State, frozenset[State]] = {
    State.INTRO: frozenset({State.PROBLEM}),
    State.PROBLEM: frozenset({State.CODING}),
    State.CODING: frozenset({State.PROBLEM, State.REVIEW}),
    State.REVIEW: frozenset({State.CODING, State.WRAP_UP}),
    State.WRAP_UP: frozenset(),
    State.ENDED: frozenset(),
}

TIME_BUDGET_S: dict[str, int] = {"Easy": 30 * 60, "Medium": 45 * 60, "Hard": 60 * 60}


class InvalidTransition(ValueError):
    """A move the state machine does not allow."""


@dataclass(frozen=True)
class Transition:
    from_: State
    to: State
    reason: str


def can_move(frm: State, to: State) -> bool:
    """ENDED is reachable from every live state; otherwise only the edges in ALLOWED."""
    if frm == State.ENDED:
        return False
    return to == State.ENDED or to in ALLOWED[frm]


def move(frm: State, to: State, reason: str) -> Transition:
    if not can_move(frm, to):
        raise InvalidTransition(f"cannot move from {frm.value} to {to.value}")
    return Transition(frm, to, reason)


def time_budget_s(difficulty: str) -> int:
    return TIME_BUDGET_S.get(difficulty, TIME_BUDGET_S["Medium"])
