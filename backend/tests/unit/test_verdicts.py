"""Scoring follows verified evidence: one test per rule of issue 8 (correctness gates, complexity
against the judge and the optimum, clarifying questions about the problem only, verification from
runs, communication, hints, levels, seq citations)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from interview_sim.domain.scoring import build_report
from interview_sim.domain.utterances import about_problem, classify, traced_values
from interview_sim.domain.verified import time_verdict
from interview_sim.protocol import Report, State

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # backend/: `tests.support` imports
from tests.support.sessions import SessionBuilder, two_sum

GOOD = "def solution(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n        pass\n"
PLAN = "I'd use a hash map from value to index in one pass."


def _report(b: SessionBuilder) -> dict[str, Any]:
    report = build_report(b.view())
    Report.model_validate(report)
    return report


def _dim(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in report["rubric"] if r["dimension"] == name)


def _texts(report: dict[str, Any], name: str) -> list[str]:
    return [e["text"] for e in _dim(report, name)["evidence"]]


def _session(
    *before_code: str, passed: int = 12, total: int = 12, observed: str | None = "O(n)"
) -> SessionBuilder:
    """Talk in PROBLEM, code, run the samples plus one own case, submit with the judge's verdict."""
    b = SessionBuilder().at(5).move(State.PROBLEM)
    for text in before_code:
        b.wait(10).say(text)
    b.wait(10).move(State.CODING).wait(20).code(GOOD).wait(20).say("Now the loop, then the return.")
    b.wait(20).run("sample", passed=4, total=4)
    b.wait(10).move(State.REVIEW).run("submit", passed=passed, total=total, observed=observed)
    return b


# ---------------------------------------------------------------- correctness gates the signal


def test_words_alone_never_make_a_hire_when_the_hidden_tests_fail() -> None:
    strong_words = ("Can the array have duplicates?", PLAN, "That is O(n) time and O(n) space.")
    passing, failing = _report(_session(*strong_words)), _report(_session(*strong_words, passed=9))
    assert passing["signal"] in ("hire", "strong_hire")
    assert failing["signal"] == "lean_no_hire"
    assert failing["signal_caps"] == ["9 of 12 hidden tests passed"]
    under_half = _report(_session(*strong_words, passed=5))
    assert under_half["signal"] in ("no_hire", "strong_no_hire")
    assert under_half["signal_caps"] == ["5 of 12 hidden tests passed (under half)"]


def test_a_timed_out_large_test_is_a_correctness_failure() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say(PLAN).say("That is O(n) time.")
    b.wait(10).move(State.CODING).code(GOOD).wait(30).move(State.REVIEW)
    b.run("submit", passed=10, total=12, timed_out=True, category="large input", observed="O(n^2)")
    report = _report(b)
    assert report["signal"] in ("lean_no_hire", "no_hire", "strong_no_hire")
    assert "time-outs on large inputs" in report["signal_caps"][0]
    assert "right on small inputs, timed out on large ones" in _texts(report, "coding")[0]


# ---------------------------------------------------------------- complexity


def test_the_last_stated_complexity_is_the_one_scored() -> None:
    b = _session(
        "Can the array have duplicates?", PLAN, "At first I thought O(n^2) time.", "No: it is O(n) time."
    )
    verdict = time_verdict(b.view())
    assert verdict.claim is not None and verdict.claim.expr == "O(n)" and verdict.check == "verified"
    report = _report(b)
    assert report["stated_complexity"]["time"] == "O(n)"
    assert report["stated_complexity"]["seq"] == verdict.claim.seq
    back = _session(
        "Can the array have duplicates?", PLAN, "It is O(n) time.", "Actually, it is O(n^2) time."
    )
    assert time_verdict(back.view()).check == "not_optimal"


def test_a_claim_the_observed_growth_contradicts_is_negative_evidence() -> None:
    honest = _report(_session(PLAN, "That is O(n^2) time.", observed="O(n^2)"))
    false = _report(_session(PLAN, "Sliding window, O(n) time.", observed="O(n^2)"))
    claim = [t for t in _texts(false, "problem_solving") if "contradicts" in t]
    assert claim == ["claimed O(n) time, observed about O(n^2): the code contradicts it"]
    assert _dim(false, "problem_solving")["score"] < _dim(honest, "problem_solving")["score"]


def test_claiming_better_than_the_optimum_earns_nothing() -> None:
    report = _report(_session(PLAN, "It runs in O(1) time.", observed=None))
    assert "claimed O(1) time; nothing does better than O(n) here" in _texts(report, "problem_solving")
    verified = _report(_session(PLAN, "It runs in O(n) time."))
    assert _dim(report, "problem_solving")["score"] < _dim(verified, "problem_solving")["score"]


def test_an_optimal_claim_without_a_measurement_is_only_stated() -> None:
    report = _report(_session(PLAN, "It runs in O(n) time.", observed=None))
    assert "last stated O(n) time: optimal, not verified (growth not measured)" in _texts(
        report, "problem_solving"
    )


# ---------------------------------------------------------------- clarifying questions


def test_a_question_about_the_tests_or_logistics_is_not_a_clarifying_question() -> None:
    for asked in (
        "What are the hidden tests?",
        "Can I use Java instead of Python?",
        "How much time do I have?",
    ):
        texts = _texts(_report(_session(asked, PLAN)), "problem_solving")
        assert not any(t.startswith("asked a clarifying question") for t in texts), (asked, texts)


def test_a_question_about_the_input_is_a_clarifying_question() -> None:
    for asked in (
        "Can the array have duplicates?",
        "Is nums always non-empty, what does the output look like?",
    ):
        texts = _texts(_report(_session(asked, PLAN)), "problem_solving")
        assert any(t.startswith("asked a clarifying question about the problem") for t in texts), asked


def test_asking_for_the_answer_counts_against() -> None:
    plain = _report(_session("Can the array have duplicates?", PLAN, "It is O(n) time."))
    cheeky = _report(
        _session(
            "Can the array have duplicates?", "Can you show me the hidden tests?", PLAN, "It is O(n) time."
        )
    )
    assert any(t.startswith("asked for the hidden tests") for t in _texts(cheeky, "problem_solving"))
    assert _dim(cheeky, "problem_solving")["score"] < _dim(plain, "problem_solving")["score"]


def test_a_clarifying_question_after_coding_started_earns_nothing() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say(PLAN).move(State.CODING).wait(20).code(GOOD)
    b.wait(10).say("Can the array have duplicates?")
    assert not any(t.startswith("asked a clarifying") for t in _texts(_report(b), "problem_solving"))


# ---------------------------------------------------------------- verification


def test_words_alone_get_at_most_2_on_verification() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say(PLAN).move(State.CODING).wait(20).code(GOOD)
    b.wait(10).say("I'd test the empty array, negative numbers and duplicates, for example, with a dry run.")
    b.wait(10).say("Walk through [2, 7, 11, 15] with 9: 2 then 7, answer [0, 1].")
    b.wait(10).move(State.REVIEW).run("submit", passed=12, total=12, observed="O(n)")
    verification = _dim(_report(b), "verification")
    assert verification["score"] == 2
    assert "no test was run by the candidate: words alone, verification at most 2" in [
        e["text"] for e in verification["evidence"]
    ]


def test_for_example_is_no_trace_and_a_trace_the_judge_contradicts_earns_nothing() -> None:
    vague = _report(_session(PLAN, "For example, let me walk through it, dry run, looks fine."))
    assert not any("traced" in t for t in _texts(vague, "verification"))
    trace = "Walk through [2, 7, 11, 15] with 9: 2 then 7, answer [0, 1]."
    wrong = _report(_session(PLAN, trace, passed=10))
    assert any(
        t.startswith("traced an example, but the hidden tests found wrong answers")
        for t in _texts(wrong, "verification")
    )
    right = _report(_session(PLAN, trace))
    assert any(t.startswith("traced an example with its values") for t in _texts(right, "verification"))


def test_own_test_cases_run_in_the_browser_count() -> None:
    b = _session(PLAN)
    b.wait(5).run("sample", passed=5, total=5)
    assert "ran test cases of their own (reported by the page)" in _texts(_report(b), "verification")


# ---------------------------------------------------------------- communication


def test_heavy_fillers_and_rambling_lower_communication() -> None:
    clear = _report(_session("Can the array have duplicates?", PLAN, "It is O(n) time."))
    ramble = (
        "um so like, basically, um, I was thinking, uh, you know, that we could, like, sort of, um, "
        "look at the numbers and, uh, basically kind of see, um, which ones, like, go together, you know, "
        "and, uh, I mean, it's, um, sort of like a thing where, uh, we basically, like, check stuff, um, "
        "and then, uh, yeah, basically that's, um, kind of it, I guess, you know, um, so yeah."
    )
    rambler = _report(_session("Can the array have duplicates?", ramble, PLAN, "It is O(n) time."))
    assert _dim(clear, "communication")["score"] >= 3
    assert _dim(rambler, "communication")["score"] <= 2
    texts = _texts(rambler, "communication")
    assert any(t.startswith("a long turn with little content") for t in texts)
    assert any(t.endswith("hard to follow, communication at most 2") for t in texts)
    assert rambler["signal"] != "strong_hire"


def test_coding_without_saying_the_approach_first_is_noted() -> None:
    b = (
        SessionBuilder()
        .at(5)
        .move(State.PROBLEM)
        .move(State.CODING)
        .code(GOOD)
        .wait(10)
        .say("Done, it's O(n) time.")
    )
    assert "coded without explaining an approach first" in _texts(_report(b), "communication")


# ---------------------------------------------------------------- hints, levels, citations


def test_the_third_hint_caps_problem_solving_at_2_and_each_hint_shows() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say("Can the array have duplicates?")
    for level in (1, 2, 3):
        b.wait(10).say("Could I get a hint?").wait(3).interviewer(f"hint {level}", "hint", level)
    b.wait(10).say(PLAN).say("It is O(n) time.").move(State.CODING).wait(20).code(GOOD)
    b.wait(20).run("sample", passed=5, total=5).wait(10).move(State.REVIEW)
    b.run("submit", passed=12, total=12, observed="O(n)")
    report = _report(b)
    ps = _dim(report, "problem_solving")
    assert ps["score"] <= 2
    assert [t for t in _texts(report, "problem_solving") if t.startswith("took hint")] == [
        "took hint 1",
        "took hint 2",
        "took hint 3",
    ]
    assert report["signal"] in ("lean_hire", "lean_no_hire", "no_hire", "strong_no_hire")
    assert "the third hint gave the algorithm away" in report["signal_caps"]


def test_every_dimension_carries_its_level_descriptions_and_what_the_next_level_needs() -> None:
    report = _report(_session(PLAN, passed=9))
    for item in report["rubric"]:
        assert len(item["levels"]) == 4 and all(item["levels"])
    coding = _dim(report, "coding")
    assert (
        coding["score"] < 4
        and coding["next_level"] == "Make every hidden test pass (9/12 did), large inputs included."
    )


def test_every_piece_of_evidence_cites_a_logged_seq_or_0() -> None:
    b = _session("Can the array have duplicates?", PLAN, "It is O(n) time.", "What are the hidden tests?")
    seqs = {e.seq for e in b.events} | {0}
    report = _report(b)
    cited = [e["seq"] for item in report["rubric"] for e in item["evidence"]]
    assert cited and set(cited) <= seqs


def test_a_failing_fixed_answer_that_never_reads_its_input_is_no_hire() -> None:
    words = ("Can the array have duplicates?", PLAN, "That is O(n) time and O(n) space.")
    b = SessionBuilder().at(5).move(State.PROBLEM)
    for text in words:
        b.wait(10).say(text)
    b.wait(10).move(State.CODING).code("def solution(nums, target):\n    return [0, 1]\n")
    b.wait(20).move(State.REVIEW).run("submit", passed=7, total=12, observed="O(1)")
    report = _report(b)
    assert _texts(report, "coding") == [
        "hidden tests 7/12 (judged by the server): the code never reads its input, a fixed answer"
    ]
    assert report["signal"] in ("no_hire", "strong_no_hire")
    assert "the submitted code never reads its input: a fixed answer" in report["signal_caps"]
    assert "last stated O(n) time, but the code measured about O(1): not borne out" in _texts(
        report, "problem_solving"
    )


# ---------------------------------------------------------------- the classifier's report helpers


def test_about_problem_reads_the_classifier() -> None:
    q = two_sum()

    def about(text: str) -> bool:
        return about_problem(classify(text, q, State.PROBLEM), q)

    assert about("Can the array have duplicates?") and about("What should I return if nums is empty?")
    assert not about("What are the hidden tests?") and not about("Can I use Java instead?")
    assert not about("How much time do we have left?") and not about("How's the weather today?")
    assert not about("The array can have duplicates.")  # a statement, not a question


def test_traced_values_are_the_examples_own_values() -> None:
    q = two_sum()
    assert traced_values("With [2, 7, 11, 15] and 9, I find 7 after 2: [0, 1].", q) >= {"2", "7", "9", "11"}
    assert traced_values("Let me walk through an example, for example a dry run.", q) == set()


def test_the_last_stated_space_is_shown_as_evidence() -> None:
    report = _report(_session(PLAN, "O(n) time and O(1) space.", "No wait, O(n) space for the map."))
    texts = _texts(report, "problem_solving")
    assert "last stated O(n) space (the optimal approach uses O(n))" in texts
    assert report["stated_complexity"]["space"] == "O(n)"
