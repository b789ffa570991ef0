"""The judge-backed bank checker's own logic (tests/support/bank_judge.py), on a scripted judge:
it reports a failing reference, a passing starter or wrong solution, a brute force that does not
time out, a missing limit, and renders the table."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from tests.support.bank_judge import check_question, check_questions, largest_n, table

from interview_sim.domain.model import Question, WrongSolution
from interview_sim.judge.model import CaseOutcome, JudgeRequest, JudgeResult
from interview_sim.questions import suites
from interview_sim.questions.bank import load_bank

GENERATOR = SimpleNamespace(
    PROBE_SIZES=(1, 2, 3),
    hidden=lambda rng: [("large input", [[rng.randint(0, 9) for _ in range(40)]]), ("adversarial", ["ab"])],
    probe=lambda rng, n: [[0] * n],
)


class ScriptedJudge:
    """Every case passes unless the code names a verdict: "WRONG" fails all, "SLOW" times out the
    generated cases, "LOAD" does not load."""

    async def run(self, request: JudgeRequest) -> JudgeResult:
        def verdict(i: int) -> str:
            generated = request.cases[i].category in ("large input", "adversarial")
            if "WRONG" in request.code:
                return "wrong_answer"
            return "timed_out" if "SLOW" in request.code and generated else "passed"

        if "LOAD" in request.code:
            return JudgeResult(language=request.language, outcomes=(), load_error="SyntaxError")
        outcomes = tuple(
            CaseOutcome(index=i, category=c.category, verdict=verdict(i), ms=3.0, actual=1)  # type: ignore[arg-type]
            for i, c in enumerate(request.cases)
        )
        return JudgeResult(language=request.language, outcomes=outcomes)


def wrong(name: str, kind: str, code: str) -> WrongSolution:
    return WrongSolution(name=name, kind=kind, code={"javascript": code, "python": code})


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Question]:
    real = suites.generator
    monkeypatch.setattr(suites, "generator", lambda qid: GENERATOR if qid == "toy" else real(qid))
    suites._generated.cache_clear()
    suites._expected.clear()
    base = load_bank()["two-sum"]
    yield dataclasses.replace(
        base,
        id="toy",
        starter_code={"javascript": "WRONG", "python": "WRONG"},
        solutions={"javascript": "ok", "python": "ok"},
        complexity_point=True,
        time_limit_ms={"javascript": 500, "python": 1000},
        wrong_solutions=(wrong("zero", "constant", "WRONG"), wrong("pairs", "brute_force", "SLOW")),
    )
    suites._generated.cache_clear()
    suites._expected.clear()


async def test_a_sound_question_has_no_problems_and_a_table_row(toy: Question) -> None:
    check = await check_question(toy, ScriptedJudge())
    assert check.problems == []
    assert check.largest_n == 40 and check.reference_ms == {"javascript": 3.0, "python": 3.0}
    row = table([check]).splitlines()[2]
    assert row.startswith("| toy | yes | 40 | 3 / 3 | 500 / 1000 |")
    assert "brute_force `pairs`: " in row and "timed_out@large input" in row


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"solutions": {"javascript": "WRONG", "python": "ok"}}, "javascript reference"),
        ({"starter_code": {"javascript": "ok", "python": "WRONG"}}, "javascript starter passes"),
        ({"wrong_solutions": (wrong("zero", "constant", "ok"),)}, "wrong solution 'zero' passes"),
        (
            {"wrong_solutions": (wrong("pairs", "brute_force", "WRONG"),)},
            "brute force 'pairs' does not",
        ),
        ({"wrong_solutions": ()}, "complexity_point without a brute_force"),
        ({"time_limit_ms": {"python": 1000}}, "javascript: no time_limit_ms"),
    ],
)
async def test_each_broken_part_is_reported(toy: Question, change: dict[str, Any], problem: str) -> None:
    check = await check_question(dataclasses.replace(toy, **change), ScriptedJudge())
    assert any(problem in p for p in check.problems), check.problems


async def test_a_reference_too_slow_for_the_limit_is_reported(toy: Question) -> None:
    tight = dataclasses.replace(toy, time_limit_ms={"javascript": 2, "python": 1000})
    check = await check_question(tight, ScriptedJudge())
    assert check.problems == ["javascript reference takes 3 ms > 2"]


async def test_questions_come_back_in_order(toy: Question) -> None:
    other = dataclasses.replace(toy, id="toy")
    checks = await check_questions([toy, other, toy], ScriptedJudge())
    assert [c.question is q for c, q in zip(checks, [toy, other, toy], strict=True)] == [True] * 3


def test_largest_n_prefers_sized_arguments() -> None:
    assert largest_n([("x", [[1, 2, 3], 10**9]), ("y", ["abcd", 7])]) == 4
    assert largest_n([("x", [70]), ("y", [12])]) == 70


async def test_a_wrong_solution_meets_the_generated_cases_only_after_passing_the_hand_written(
    toy: Question,
) -> None:
    judge = CountingJudge()
    late = dataclasses.replace(
        toy, wrong_solutions=(wrong("late", "wrong", "SLOW"), wrong("early", "wrong", "WRONG early"))
    )
    check = await check_question(late, judge)
    assert check.problems == ["complexity_point without a brute_force wrong solution"]
    assert judge.sizes["SLOW"] == [len(toy.hidden_tests), len(toy.hidden_tests) + 2] * 2
    assert judge.sizes["WRONG early"] == [len(toy.hidden_tests)] * 2
    passing = dataclasses.replace(toy, wrong_solutions=(wrong("fine", "wrong", "ok"),))
    assert (
        "python wrong solution 'fine' passes every hidden test"
        in (await check_question(passing, judge)).problems
    )


class CountingJudge(ScriptedJudge):
    def __init__(self) -> None:
        self.sizes: dict[str, list[int]] = {}

    async def run(self, request: JudgeRequest) -> JudgeResult:
        self.sizes.setdefault(request.code, []).append(len(request.cases))
        return await super().run(request)
