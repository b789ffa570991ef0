"""The report: rubric scores with cited evidence, missing dimensions, signal, facts and summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from interview_sim.domain.scoring import build_report, deterministic_summary, signal
from interview_sim.protocol import Report, State

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # backend/: `tests.support` imports
from tests.support.sessions import SessionBuilder

SOLUTION = "def solution(nums, target):\n    seen = {}\n    return []\n"


def _dims(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["dimension"]: r for r in report["rubric"]}


def _good_session() -> SessionBuilder:
    b = SessionBuilder().at(5).interviewer("Hi, today's problem is Two Sum.", "greeting").move(State.PROBLEM)
    b.at(30).say("Can the array contain duplicates?")
    b.at(40).interviewer("Values can repeat.", "clarify")
    b.at(60).say("I would use a hash map from value to index, that's O(n) time and O(n) space.")
    b.at(70).move(State.CODING).at(100).code(SOLUTION)
    b.at(130).say("What about an empty array or negative numbers? I'll handle those.")
    b.at(200).run("sample", passed=4, total=4)
    b.at(220).move(State.REVIEW).run("submit", passed=9, total=9, observed="O(n)")
    b.at(250).say("Let me walk through [2, 7, 11, 15] with target 9: 7 is found after 2, so [0, 1].")
    b.at(300).move(State.WRAP_UP).at(330).move(State.ENDED)
    return b


def test_empty_session_is_insufficient_evidence_and_valid() -> None:
    report = build_report(SessionBuilder().view(now_s=120))
    Report.model_validate(report)
    assert report["signal"] == "insufficient_evidence"
    assert all(r["score"] is None and r["missing"] for r in report["rubric"])
    assert report["hidden_tests"] is None and report["submit_results"] is None
    assert report["final_code"] == SessionBuilder().question.starter_code["python"]
    assert "not submitted" in report["summary"] and report["summary_source"] == "deterministic"


def test_good_session_scores_high_with_evidence_citing_real_events() -> None:
    b = _good_session()
    report = build_report(b.view())
    Report.model_validate(report)
    dims = _dims(report)
    assert {name: d["score"] for name, d in dims.items()} == {
        "problem_solving": 4,
        "coding": 4,
        "verification": 4,
        "communication": 4,
    }
    assert report["signal"] == "strong_hire"
    seqs = {e.seq for e in b.events} | {0}
    assert all(ev["seq"] in seqs for d in dims.values() for ev in d["evidence"])
    texts = [ev["text"] for d in dims.values() for ev in d["evidence"]]
    assert "hidden tests 9/9 (judged by the server)" in texts
    assert "last stated O(n) time: optimal, and the judge measured about O(n)" in texts
    assert any(t.startswith("asked a clarifying question about the problem: Can the array") for t in texts)
    assert all(len(d["levels"]) == 4 for d in dims.values()) and report["signal_caps"] == []


def test_report_facts_come_from_the_log() -> None:
    report = build_report(_good_session().view())
    assert report["hidden_tests"] == {"passed": 9, "total": 9, "rate": 1.0}
    assert report["submit_results"]["kind"] == "submit" and len(report["submit_results"]["results"]) == 9
    assert report["final_code"] == SOLUTION and report["hints_used"] == 0
    assert [line["speaker"] for line in report["transcript"]] == [
        "interviewer",
        "candidate",
        "interviewer",
    ] + ["candidate"] * 3
    timeline = report["timeline"]
    assert timeline["duration_s"] == 330.0 and timeline["time_to_first_code_s"] == 100.0
    assert (timeline["runs"], timeline["sample_runs"], timeline["submits"]) == (2, 1, 1)
    assert timeline["state_durations_s"] == {
        "INTRO": 5.0,
        "PROBLEM": 65.0,
        "CODING": 150.0,
        "REVIEW": 80.0,
    } | {"WRAP_UP": 30.0}


def test_never_submitted_scores_coding_from_sample_runs() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say("I'll use a map").move(State.CODING)
    b.at(60).code(SOLUTION).at(90).run("sample", passed=3, total=3)
    report = build_report(b.view())
    coding = _dims(report)["coding"]
    assert coding["score"] == 2
    assert coding["evidence"][0]["text"] == "sample tests 3/3 (reported by the page), never submitted"
    assert report["signal_caps"] == ["never submitted: no hidden test verified the code"]


def test_failing_hidden_tests_and_blind_submit_score_low() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).move(State.CODING).at(20).code(SOLUTION)
    b.at(30).say("um like, so, uh, done").at(40).move(State.REVIEW).run("submit", passed=2, total=9)
    dims = _dims(build_report(b.view()))
    assert dims["coding"]["score"] == 1 and dims["verification"]["score"] == 1
    assert dims["verification"]["evidence"][0]["text"] == "submitted without running any test first"


def test_hints_lower_problem_solving() -> None:
    def problem_solving(hints: int) -> int:
        b = SessionBuilder().at(5).move(State.PROBLEM).say("Are values unique?")
        for level in range(1, hints + 1):
            b.wait(10).interviewer("a hint", "hint", level)
        b.wait(10).say("I would use a map, O(n) time.")
        return int(_dims(build_report(b.view()))["problem_solving"]["score"])

    assert problem_solving(0) > problem_solving(2)


def test_worse_stated_complexity_is_noted_without_credit() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say("Two loops over every pair, O(n^2) time.")
    texts = [e["text"] for e in _dims(build_report(b.view()))["problem_solving"]["evidence"]]
    assert "last stated O(n^2) time; the optimum is O(n)" in texts


def test_silent_candidate_scores_1_on_communication_not_missing() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).move(State.CODING).at(20).code(SOLUTION)
    b.at(40).run("sample", passed=1, total=3)
    report = build_report(b.view())
    dims = _dims(report)
    assert dims["communication"]["score"] == 1 and dims["communication"]["missing"] is None
    assert dims["communication"]["evidence"][0]["text"] == "never said a word: nothing was explained"
    assert dims["coding"]["score"] is not None and report["signal"] != "insufficient_evidence"


def test_a_dimension_is_missing_only_when_the_interview_ended_before_it() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).at(20).move(State.ENDED)
    dims = _dims(build_report(b.view()))
    assert all(d["score"] is None and d["missing"] for d in dims.values())


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([4, 4, 3, 4], "strong_hire"),
        ([4, 4, 4, 2], "hire"),  # strong hire needs every dimension at 3+
        ([3, 3, 3, 3], "hire"),
        ([4, 4, 2, 2], "lean_hire"),  # hire allows one dimension at 2, not two
        ([4, 4, 4, 1], "lean_hire"),  # hire needs every dimension at 2+
        ([3, 3, 2, 2], "lean_hire"),
        ([2, 2, 2, 3], "lean_no_hire"),
        ([2, 2, 2, 1], "no_hire"),
        ([1, 1, 2, 1], "strong_no_hire"),
        ([4, None, 4, 4], "strong_hire"),
        ([4, None, None, 4], "insufficient_evidence"),
        ([None, None, None, None], "insufficient_evidence"),
    ],
)
def test_signal_thresholds(scores: list[int | None], expected: str) -> None:
    assert signal(scores) == expected


def test_model_summary_is_used_when_given() -> None:
    report = build_report(_good_session().view(), summary="A strong session.")
    assert report["summary"] == "A strong session." and report["summary_source"] == "model"


def test_deterministic_summary_states_only_report_figures() -> None:
    report = build_report(_good_session().view())
    text = deterministic_summary(report)
    assert text.startswith("The server ran the hidden tests: 9 of 9 passed. You last stated O(n) time;")
    assert "grew about O(n) (an estimate)" in text and "Hints used: 0" in text
    assert "strong hire" in text and f"{report['speech']['words']} words" in text


def test_a_growth_too_fast_to_measure_is_said_plainly() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).say("It is O(log n) time.").move(State.CODING)
    b.code("def solution(nums, target):\n    return -1\n").move(State.REVIEW)
    text = deterministic_summary(build_report(b.run("submit", passed=9, total=9, observed="unknown").view()))
    assert "You last stated O(log n) time; it was not measured." in text and "unknown" not in text


def test_nudges_are_copied_into_the_report() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).nudge("pacing", "pacing-problem-2", "warning")
    [nudge] = build_report(b.view())["nudges"]
    assert nudge == {
        "id": "pacing-problem-2",
        "category": "pacing",
        "severity": "warning",
        "text": "pacing nudge",
    }


# ---------------------------------------------------------------- evidence quotes


def test_evidence_quotes_end_at_a_sentence_boundary() -> None:
    from interview_sim.domain.scoring import _short

    long_first = "I would sort both strings and compare them. " + "Then " + "x" * 60 + " end."
    assert _short(long_first) == "I would sort both strings and compare them."
    three = "Use a map. Count each letter. Then compare the counts of both strings one by one."
    assert _short(three, limit=40) == "Use a map. Count each letter."
    one_long = "so I think the idea would be to " + "count letters " * 12 + "and compare."
    assert _short(one_long) == one_long  # one sentence of 200 characters stays whole
    endless = "word " * 80
    quote = _short(endless)
    assert quote.endswith("…") and len(quote) <= 240 and not quote.endswith(" …")
    assert _short("Short answer.") == "Short answer."


def test_report_names_the_complexity_the_candidate_stated_last() -> None:
    b = _good_session()
    report = build_report(b.view())
    stated = report["stated_complexity"]
    assert stated is not None and stated["time"] == "O(n)" and stated["space"] == "O(n)"
    line = next(x for x in report["transcript"] if x["seq"] == stated["seq"])
    assert "hash map" in line["text"]
    b.say("On second thought, it is O(n log n) time.")
    assert build_report(b.view())["stated_complexity"]["time"] == "O(n log n)"
    silent = SessionBuilder().at(5).move(State.PROBLEM).say("I'll use a map").view()
    assert build_report(silent)["stated_complexity"] is None


def test_each_dimension_says_what_each_score_means_and_what_the_next_one_needed() -> None:
    b = SessionBuilder().at(5).move(State.PROBLEM).move(State.CODING).at(60).code(SOLUTION)
    b.at(90).move(State.REVIEW).run("submit", passed=5, total=9)
    report = build_report(b.view())
    Report.model_validate(report)
    dims = _dims(report)
    assert all(len(d["levels"]) == 4 for d in report["rubric"])
    assert "clarifying question" in dims["problem_solving"]["next_level"]
    assert "state the time complexity" in dims["problem_solving"]["next_level"].lower()
    assert "(5/9 did)" in dims["coding"]["next_level"]
    assert "run the sample tests before submitting" in dims["verification"]["next_level"].lower()
    perfect = _dims(build_report(_good_session().view()))
    assert all(d["next_level"] is None for d in perfect.values() if d["score"] == 4)
