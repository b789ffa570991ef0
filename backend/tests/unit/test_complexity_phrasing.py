"""Which figure is time and which is space, in the ways candidates actually say it, and the
interviewer's reaction in review when the stated time is worse than expected."""

from __future__ import annotations

import pytest
from tests.support.sessions import SessionBuilder

from interview_sim.domain.analytics import stated_complexities
from interview_sim.domain.interviewer import Trigger, TriggerKind, plan_turn
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank


@pytest.mark.parametrize(
    ("text", "time", "space"),
    [
        ("The time complexity is O(n log n) and space is O(1).", "O(n log n)", "O(1)"),
        ("O(n log n) time and O(1) space", "O(n log n)", "O(1)"),
        ("it is O(n) in time and O(1) in space", "O(n)", "O(1)"),
        ("space complexity O(1), time O(n)", "O(n)", "O(1)"),
        ("O(n) with O(n) extra memory", "O(n)", "O(n)"),
        ("linear time, constant space", "O(n)", "O(1)"),
        ("I think it is O(n^2)", "O(n^2)", None),
    ],
)
def test_time_and_space_are_told_apart(text: str, time: str | None, space: str | None) -> None:
    assert stated_complexities(text) == (time, space)


def _in_review(question_id: str) -> SessionBuilder:
    b = SessionBuilder(load_bank()[question_id]).at(5).move(State.PROBLEM).say("Any limits on size?")
    return b.at(60).move(State.CODING).at(600).move(State.REVIEW)


def test_review_pushes_back_on_a_worse_time_complexity() -> None:
    b = _in_review("search-in-rotated-sorted-array")
    said = "The time complexity is O(n log n) and space is O(1)."
    plan = plan_turn(b.say(said).view(), Trigger(TriggerKind.UTTERANCE, text=said))
    assert plan.kind == "improve" and "O(n log n)" in plan.scripted_text


def test_review_agrees_with_the_expected_complexity() -> None:
    b = _in_review("search-in-rotated-sorted-array")
    said = "It runs in O(log n) time and O(1) space."
    plan = plan_turn(b.say(said).view(), Trigger(TriggerKind.UTTERANCE, text=said))
    assert plan.kind == "follow_up"
