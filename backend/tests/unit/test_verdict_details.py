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
