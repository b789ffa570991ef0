"""Coach nudges: each rule, and idempotence, cooldowns and de-duplication over the log."""

from __future__ import annotations

import sys
from pathlib import Path

from interview_sim.domain.coach import CoachSettings, Nudge, evaluate
from interview_sim.protocol import EventType, State

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # backend/: `tests.support` imports
from tests.support.sessions import SessionBuilder

SOLUTION = "def solution(nums, target):\n    return [0, 1]\n"
FILLERY = "um so like, basically I, uh, think, like, um, we kind of loop, you know, and, um, like, check it"


def _coding(at_s: float = 10) -> SessionBuilder:
    return SessionBuilder().at(5).move(State.PROBLEM).say("Can values repeat?").at(at_s).move(State.CODING)


def _log(b: SessionBuilder, nudge: Nudge) -> None:
    b.add(EventType.COACH_NUDGE, nudge.__dict__.copy())


def _categories(b: SessionBuilder, now_s: float | None = None) -> list[str]:
    return [n.category for n in evaluate(b.view(now_s))]


# ---------------------------------------------------------------- rules


def test_silence_while_coding_asks_to_think_aloud() -> None:
    b = _coding(at_s=10)
    assert _categories(b, now_s=60) == []
    [nudge] = evaluate(b.view(now_s=71))
    assert nudge.category == "think_aloud" and nudge.severity == "info"
    b.at(40).say("Now I loop over the array.")
    assert _categories(b, now_s=95) == []
    assert _categories(b, now_s=101) == ["think_aloud"]


def test_no_silence_nudge_outside_coding() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say("Hmm, let me read it.")
    assert _categories(b, now_s=300) == []


def test_coding_before_any_question_or_approach() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).at(20).code(SOLUTION)
    [nudge] = evaluate(b.view())
    assert nudge.category == "plan_first" and nudge.severity == "warning"
    assert nudge.id == f"plan_first-{b.events[-1].seq}"


def test_no_plan_first_nudge_after_talking_or_for_starter_code() -> None:
    talked = SessionBuilder().at(5).move(State.PROBLEM).say("I would use a hash map.").at(20).code(SOLUTION)
    assert _categories(talked) == []
    b = SessionBuilder().at(5).move(State.PROBLEM)
    b.at(20).code(b.question.starter_code["python"].replace("    ", "  "))
    assert _categories(b) == []


def test_repeated_identical_failures() -> None:
    b = _coding().at(20).run("sample", passed=2, total=3, failing=(2,)).at(30)
    assert _categories(b) == []
    b.run("sample", passed=2, total=3, failing=(2,))
    assert _categories(b) == ["same_failure"]


def test_different_failures_or_passing_runs_are_fine() -> None:
    b = _coding().at(20).run("sample", passed=2, total=3, failing=(2,)).at(30)
    b.run("sample", passed=2, total=3, failing=(1,))
    assert _categories(b) == []
    b.at(40).run("sample", passed=3, total=3)
    assert _categories(b) == []


def test_submitting_without_running() -> None:
    b = _coding().at(20).say("I think this is done.").at(30).move(State.REVIEW)
    b.run("submit", passed=9, total=9)
    assert _categories(b) == ["run_first"]
    ran = _coding().at(20).run("sample", passed=3, total=3).at(30).move(State.REVIEW)
    ran.run("submit", passed=9, total=9)
    assert "run_first" not in _categories(ran)


def test_review_without_complexity_then_without_edge_cases() -> None:
    b = _coding().at(20).run("sample", passed=3, total=3).at(40).move(State.REVIEW)
    assert _categories(b, now_s=50) == []  # within the grace period
    [nudge] = evaluate(b.view(now_s=80))
    assert nudge.category == "complexity"
    b.at(80)
    _log(b, nudge)
    assert _categories(b, now_s=110) == ["edge_cases"]


def test_no_review_nudges_when_discussed() -> None:
    b = _coding().at(15).say("Empty input cannot happen, and duplicates are fine.")
    b.at(20).run("sample", passed=3, total=3).at(30).say("It is O(n) time and O(n) space.")
    b.at(40).move(State.REVIEW)
    assert _categories(b, now_s=100) == []


def test_pacing_in_problem_and_late_in_coding() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say("Can values repeat?")
    assert _categories(b, now_s=0.25 * 1800) == []
    assert _categories(b, now_s=0.35 * 1800) == ["pacing"]
    c = _coding()
    c.at(0.85 * 1800 - 10).say("Still working on it.")
    [nudge] = evaluate(c.view(now_s=0.85 * 1800))
    assert (nudge.category, nudge.severity) == ("pacing", "critical")


def test_filler_words_over_the_threshold_in_the_window() -> None:
    b = _coding().at(15).say(FILLERY).at(30).say(FILLERY).at(40).say("and then I return the pair")
    [nudge] = evaluate(b.view())
    assert nudge.category == "filler_words"
    assert "filler_words" not in _categories(b, now_s=40 + 200)  # out of the 3-minute window


def test_too_few_words_for_filler_or_rate_nudges() -> None:
    b = _coding().at(15).say("um like, uh, so um")
    assert _categories(b) == []


def test_speaking_too_fast() -> None:
    fast = " ".join(["we scan the array and keep a map of values to indices"] * 5)  # 60 words
    b = _coding().at(12).say(fast)  # 7 s after the previous line: floor 0.15 s/word -> 400 wpm
    assert _categories(b) == ["speaking_rate"]
    slow = _coding().at(50).say(fast)  # 40 s gap for 60 words: 90 wpm
    assert _categories(slow) == []


# ---------------------------------------------------------------- idempotence and cooldowns


def test_same_log_gives_same_nudge_and_logging_it_silences_it() -> None:
    b = _coding()
    first, second = evaluate(b.view(now_s=80)), evaluate(b.view(now_s=90))
    assert first == second and len(first) == 1
    b.at(90)
    _log(b, first[0])
    assert _categories(b, now_s=95) == []
    assert _categories(b, now_s=600) == []  # same silent stretch: same id, never repeated


def test_global_gap_between_any_two_nudges() -> None:
    b = _coding().at(80)
    _log(b, Nudge("other-1", "other", "info", "x"))
    assert _categories(b, now_s=90) == []
    assert _categories(b, now_s=101) == ["think_aloud"]


def test_category_cooldown() -> None:
    settings = CoachSettings(category_cooldown_s=90)
    b = _coding().at(15).say(FILLERY).at(30).say(FILLERY)
    [nudge] = evaluate(b.view(), settings=settings)
    _log(b, nudge)
    b.at(60).say(FILLERY)
    assert evaluate(b.view(), settings=settings) == []
    b.at(125).say(FILLERY)
    assert [n.category for n in evaluate(b.view(), settings=settings)] == ["filler_words"]


def test_once_per_session_categories() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).at(20).code(SOLUTION)
    [nudge] = evaluate(b.view())
    _log(b, nudge)
    b.at(300).code(SOLUTION + "# changed\n")
    assert "plan_first" not in _categories(b)


def test_at_most_one_nudge_per_call_and_none_outside_the_interview() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).at(20).code(SOLUTION).say(FILLERY).say(FILLERY)
    assert len(evaluate(b.view(now_s=0.5 * 1800))) == 1
    assert evaluate(SessionBuilder(started=False).view()) == []
    assert evaluate(SessionBuilder().view(now_s=500)) == []  # INTRO
    b.move(State.ENDED)
    assert evaluate(b.view(now_s=2000)) == []
