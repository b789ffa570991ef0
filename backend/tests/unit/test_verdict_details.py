"""The failing hidden tests kept for the report after the end: a 10^5 input is shortened argument by
argument, so the report's `args` stays a list (a whole-list string broke `POST /end`)."""

from __future__ import annotations

from interview_sim.judge.model import CaseOutcome, JudgeResult
from interview_sim.protocol import HiddenFailure
from interview_sim.services.verdicts import private_details


def test_a_huge_failing_input_is_shortened_per_argument_and_stays_a_list() -> None:
    big = list(range(100_000))
    result = JudgeResult("python", (CaseOutcome(0, "large input", "wrong_answer", 3.0, actual=[0, 1]),))
    [kept] = private_details(result, {0: [big, 7]}, {0: [5, 6]})
    failure = HiddenFailure.model_validate(kept)
    assert failure.truncated and isinstance(failure.args, list) and failure.args[1] == 7
    assert isinstance(failure.args[0], str) and failure.args[0].endswith("characters)")
    assert failure.expected == [5, 6] and failure.actual == [0, 1]


def test_an_error_kind_of_the_candidate_s_own_making_is_not_shown() -> None:
    """A class named after the hidden input would carry the input to the room."""
    from interview_sim.domain.submits import SubmittedCode
    from interview_sim.judge.model import CaseOutcome, JudgeResult
    from interview_sim.services.verdicts import public_verdict

    outcomes = (
        CaseOutcome(
            0, "basic", "runtime_error", 1.0, error_kind="ZeroDivisionError", error="division by zero"
        ),
        CaseOutcome(1, "large input", "runtime_error", 1.0, error_kind="x4210987x", error="x4210987x"),
        CaseOutcome(2, "edge case", "runtime_error", 1.0, error_kind="RangeError", error="stack"),
    )
    payload = public_verdict(JudgeResult("python", outcomes), SubmittedCode("", "python", 0, 1))
    kinds = [r["error_kind"] for r in payload["results"]]
    assert kinds == ["ZeroDivisionError", "custom exception", "RangeError"]
    assert "x4210987x" not in str(payload)
