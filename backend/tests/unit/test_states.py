"""The interview state machine: allowed moves, ENDED from anywhere, time budgets."""

from __future__ import annotations

import itertools

import pytest

from interview_sim.domain.states import (
    ALLOWED,
    InvalidTransition,
    Transition,
    can_move,
    move,
    time_budget_s,
)
from interview_sim.protocol import State

LIVE = [s for s in State if s != State.ENDED]
EDGES = {
    (State.INTRO, State.PROBLEM),
    (State.PROBLEM, State.CODING),
    (State.CODING, State.PROBLEM),
    (State.CODING, State.REVIEW),
    (State.REVIEW, State.CODING),
    (State.REVIEW, State.WRAP_UP),
}


@pytest.mark.parametrize(("frm", "to"), sorted(EDGES))
def test_the_documented_edges_are_allowed(frm: State, to: State) -> None:
    assert can_move(frm, to)
    assert move(frm, to, "why") == Transition(frm, to, "why")


@pytest.mark.parametrize("frm", LIVE)
def test_ended_is_reachable_from_every_live_state(frm: State) -> None:
    assert can_move(frm, State.ENDED)


@pytest.mark.parametrize("to", list(State))
def test_nothing_leaves_ended(to: State) -> None:
    assert not can_move(State.ENDED, to)
    with pytest.raises(InvalidTransition):
        move(State.ENDED, to, "late")


def test_every_other_move_is_refused() -> None:
    refused = [
        (a, b)
        for a, b in itertools.product(State, State)
        if (a, b) not in EDGES and not (a != State.ENDED and b == State.ENDED)
    ]
    assert (State.INTRO, State.CODING) in refused and (State.WRAP_UP, State.REVIEW) in refused
    for frm, to in refused:
        assert not can_move(frm, to), (frm, to)
        with pytest.raises(InvalidTransition, match=f"{frm.value} to {to.value}"):
            move(frm, to, "x")


def test_allowed_table_matches_the_edges() -> None:
    assert {(a, b) for a, tos in ALLOWED.items() for b in tos} == EDGES


def test_no_self_loops() -> None:
    for state in LIVE:
        assert not can_move(state, state)


@pytest.mark.parametrize(
    ("difficulty", "seconds"), [("Easy", 1800), ("Medium", 2700), ("Hard", 3600), ("Unknown", 2700)]
)
def test_time_budget_by_difficulty_with_medium_default(difficulty: str, seconds: int) -> None:
    assert time_budget_s(difficulty) == seconds
