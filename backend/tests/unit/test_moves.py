"""A model's structured reply checked against the state machine and the rules (`moves.accept`)."""

from __future__ import annotations

import json

import pytest
from tests.support.sessions import SessionBuilder, two_sum

from interview_sim.domain.interviewer import Trigger, TriggerKind, TurnPlan, plan_turn
from interview_sim.domain.moves import Rejected, accept, parse
from interview_sim.domain.turns import Move
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank


def _in(state: State) -> SessionBuilder:
    b = SessionBuilder()
    path = [State.PROBLEM, State.CODING, State.REVIEW, State.WRAP_UP]
    for s in path[: path.index(state) + 1]:
        b.wait(5).move(s)
    return b


def _plan(b: SessionBuilder, text: str) -> TurnPlan:
    b.wait(5).say(text)
    return plan_turn(b.view(), Trigger(TriggerKind.UTTERANCE, text))


def _reply(**fields: object) -> str:
    return json.dumps(fields)


def test_a_valid_hint_move_is_taken() -> None:
    b = _in(State.PROBLEM)
    offline = _plan(b, "I'm stuck, can I get a hint?")
    chosen = accept(b.view(), offline, _reply(move="give_hint", hint_level=1, say="What could you remember?"))
    assert not isinstance(chosen, Rejected)
    assert (chosen.kind, chosen.hint_level, chosen.move) == ("hint", 1, Move.GIVE_HINT)
    assert chosen.scripted_text == "What could you remember?" and chosen.reason == "model: give_hint"


def test_a_model_may_choose_another_move_than_the_offline_one() -> None:
    b = _in(State.PROBLEM)
    offline = _plan(b, "Hash map, one pass, O(n) time and O(n) space.")
    assert offline.next_state == State.CODING
    chosen = accept(b.view(), offline, _reply(move="challenge", say="Why one pass, though?"))
    assert not isinstance(chosen, Rejected) and chosen.kind == "challenge" and chosen.next_state is None
    moved = accept(
        b.view(), offline, "```json\n" + _reply(move="move_state", to="CODING", say="Go on.") + "\n```"
    )
    assert not isinstance(moved, Rejected) and moved.next_state == State.CODING and moved.kind == "coding_ack"


def test_the_greeting_moves_to_problem_whatever_the_move() -> None:
    b = SessionBuilder()
    offline = plan_turn(b.view(), Trigger(TriggerKind.START))
    chosen = accept(b.view(), offline, _reply(move="acknowledge", say="Hello! Let's begin."))
    assert not isinstance(chosen, Rejected) and chosen.next_state == State.PROBLEM


@pytest.mark.parametrize(
    ("state", "reply", "reason"),
    [
        (State.PROBLEM, "Sure, here is my answer.", "not a JSON object"),
        (State.PROBLEM, '{"move": "give_hint", "say": }', "malformed JSON"),
        (State.PROBLEM, _reply(move="reveal_solution", say="Use a map."), "unknown move"),
        (State.PROBLEM, _reply(move="acknowledge", say=""), "no plain spoken text"),
        (State.PROBLEM, _reply(move="acknowledge", say="```python\nx\n```"), "no plain spoken text"),
        (State.PROBLEM, _reply(move="move_state", to="WRAP_UP", say="Let's wrap up."), "cannot move"),
        (State.PROBLEM, _reply(move="move_state", to="ENDED", say="Bye."), "cannot move"),
        (State.PROBLEM, _reply(move="move_state", to="NOWHERE", say="Go."), "unknown state"),
        (State.REVIEW, _reply(move="close", say="Bye."), "close in REVIEW"),
        (State.PROBLEM, _reply(move="give_hint", hint_level=3, say="Use a map."), "hint level"),
        (State.PROBLEM, _reply(move="give_hint", say="A hint."), "hint level"),
    ],
)
def test_invalid_moves_are_rejected(state: State, reply: str, reason: str) -> None:
    b = _in(state)
    offline = _plan(b, "Hmm, let me think.")
    chosen = accept(b.view(), offline, reply)
    assert isinstance(chosen, Rejected) and reason in chosen.reason


def _leak_replies() -> list[tuple[str, str]]:
    q = two_sum()
    test = q.hidden_tests[0]
    line = next(x.strip() for x in q.solutions["python"].splitlines() if len(x.strip()) >= 16)
    return [
        (f"Try the input {json.dumps(test.args[0])} with target {test.args[1]}.", "a hidden test"),
        (f"Your line should read {line}", "the reference solution"),
        (f"Here's the idea: {q.approach}", "the approach note"),
        ("You can get this down to O(n) time.", "the expected complexity"),
        ("Your code is correct, nice.", "an unverified claim of correctness"),
        ("All the tests pass, so we're good.", "an unverified claim of correctness"),
    ]


@pytest.mark.parametrize(("say", "leak"), _leak_replies())
def test_leaking_replies_are_rejected(say: str, leak: str) -> None:
    b = _in(State.CODING)
    offline = _plan(b, "Is the array sorted?")
    chosen = accept(b.view(), offline, _reply(move="acknowledge", say=say))
    assert isinstance(chosen, Rejected) and chosen.reason == f"leaks {leak}"


def test_the_expected_complexity_may_be_said_once_the_candidate_said_it() -> None:
    b = _in(State.REVIEW).run("submit", passed=9, total=9)
    offline = _plan(b, "It's O(n) time and O(n) space.")
    chosen = accept(
        b.view(), offline, _reply(move="ask_follow_up", say="Right, O(n). And if it were sorted?")
    )
    assert not isinstance(chosen, Rejected) and chosen.kind == "follow_up"
    ok = accept(b.view(), offline, _reply(move="acknowledge", say="All the tests pass, well done."))
    assert not isinstance(ok, Rejected)  # the judge passed it


def test_parse_finds_the_object() -> None:
    assert parse('Sure! {"move": "acknowledge", "say": "Hi"} ') == {"move": "acknowledge", "say": "Hi"}
    assert isinstance(parse("[1, 2]"), Rejected)


def test_a_sample_input_on_the_candidates_screen_is_not_a_leak() -> None:
    q = load_bank()["merge-sorted-arrays"]
    public = {json.dumps(v) for t in q.sample_tests for v in t.args}
    hidden = (json.dumps(v) for t in q.hidden_tests for v in t.args)
    shared = next(v for v in hidden if v in public and len(v) >= 6)
    b = SessionBuilder(q).wait(5).move(State.PROBLEM).wait(5).move(State.CODING)
    offline = _plan(b, "Can either array be empty?")
    chosen = accept(b.view(), offline, _reply(move="acknowledge", say=f"Try it on {shared} by hand."))
    assert not isinstance(chosen, Rejected)  # shared by a sample and a hidden test: on screen anyway
