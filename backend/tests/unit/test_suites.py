"""The hidden suite: hand-written tests first, then generated cases whose expected values come from the
Python reference run through the judge (a fake judge here; the real one runs in the bank checker)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from random import Random
from types import SimpleNamespace
from typing import Any

import pytest

from interview_sim.judge.model import CaseOutcome, JudgeRequest, JudgeResult
from interview_sim.questions import suites
from interview_sim.questions.bank import load_bank, load_raw_bank, parse_question


def _toy_hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    return [("large input", [[rng.randint(0, 9) for _ in range(50)]]), ("adversarial", [[5] * 7])]


TOY_GENERATOR = SimpleNamespace(
    PROBE_SIZES=(10, 20, 40),
    hidden=_toy_hidden,
    probe=lambda rng, n: [[rng.randint(0, 9) for _ in range(n)]],
)


class SummingJudge:
    """Answers every case with sum(args[0]) as the reference would; counts its runs."""

    def __init__(self, fail: bool = False) -> None:
        self.requests: list[JudgeRequest] = []
        self.fail = fail

    async def run(self, request: JudgeRequest) -> JudgeResult:
        self.requests.append(request)
        await asyncio.sleep(0.01)  # let concurrent callers meet the same in-flight run
        verdict = "runtime_error" if self.fail else "passed"
        outcomes = tuple(
            CaseOutcome(index=i, category=c.category, verdict=verdict, ms=1.0, actual=sum(c.args[0]))
            for i, c in enumerate(request.cases)
        )
        return JudgeResult(language=request.language, outcomes=outcomes)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A question with the toy generator; every suite cache is emptied before and after."""
    base = load_bank()["two-sum"]
    question = dataclasses.replace(base, id="toy-sum", time_limit_ms={"python": 1500, "javascript": 600})
    real_generator = suites.generator
    monkeypatch.setattr(
        suites, "generator", lambda qid: TOY_GENERATOR if qid == "toy-sum" else real_generator(qid)
    )
    _clear()
    yield question
    _clear()


def _clear() -> None:
    suites._generated.cache_clear()
    suites._probe.cache_clear()
    suites._expected.clear()
    suites._reference_ms.clear()


def test_generated_cases_are_seeded_by_question_id(toy: Any) -> None:
    first = suites.generated_cases(toy)
    _clear()
    assert suites.generated_cases(toy) == first
    assert [c for c, _ in first] == ["large input", "adversarial"]
    assert first[0][1] == _toy_hidden(suites.seeded_rng("toy-sum", "hidden"))[0][1]
    other = dataclasses.replace(toy, id="toy-sum")
    assert suites.generated_cases(other) == first


def test_probe_gives_growing_sizes(toy: Any) -> None:
    probe = suites.probe(toy)
    assert probe is not None
    assert [n for n, _ in probe.inputs] == [10, 20, 40]
    assert [len(args[0]) for _, args in probe.inputs] == [10, 20, 40]


def test_question_without_generator_has_no_generated_cases_or_probe() -> None:
    question = dataclasses.replace(load_bank()["two-sum"], id="no-such-question")
    assert suites.generator("no-such-question") is None
    assert suites.generated_cases(question) == []
    assert suites.probe(question) is None


async def test_hidden_suite_hand_written_then_generated_with_reference_outputs(toy: Any) -> None:
    judge = SummingJudge()
    suite = await suites.hidden_suite(toy, judge, language="javascript")
    hand, generated = suite[: len(toy.hidden_tests)], suite[len(toy.hidden_tests) :]
    assert [(c.args, c.expected) for c in hand] == [(t.args, t.expected) for t in toy.hidden_tests]
    assert all(c.time_limit_ms is None and c.check for c in hand)
    assert [c.expected for c in generated] == [sum(args[0]) for _, args in suites.generated_cases(toy)]
    assert [(c.category, c.time_limit_ms) for c in generated] == [("large input", 600), ("adversarial", 600)]
    reference = judge.requests[0]
    assert reference.language == "python" and reference.code == toy.solutions["python"]
    assert not any(c.check for c in reference.cases)
    assert suites.reference_ms(toy) == (1.0, 1.0)


async def test_reference_runs_once_per_question_even_when_submits_race(toy: Any) -> None:
    judge = SummingJudge()
    suites_ = await asyncio.gather(*(suites.hidden_suite(toy, judge) for _ in range(5)))
    await suites.hidden_suite(toy, judge, language="python")
    assert len(judge.requests) == 1
    assert all(s == suites_[0] for s in suites_)
    assert all(c.time_limit_ms is None for c in suites_[0])


async def test_a_failing_reference_is_a_bank_error_and_is_not_cached(toy: Any) -> None:
    with pytest.raises(suites.BankError, match="toy-sum"):
        await suites.hidden_suite(toy, SummingJudge(fail=True))
    assert "toy-sum" not in suites._expected
    assert len(await suites.hidden_suite(toy, SummingJudge())) == len(toy.hidden_tests) + 2


def test_new_keys_parse_with_defaults() -> None:
    raw = dict(load_raw_bank()["two-sum"])
    for key in ("complexity_point", "wrong_solutions", "time_limit_ms", "compare"):
        raw.pop(key, None)
    plain = parse_question(raw)
    assert (plain.complexity_point, plain.wrong_solutions, plain.time_limit_ms, plain.compare) == (
        False,
        (),
        {},
        "exact",
    )
    raw |= {
        "complexity_point": True,
        "compare": "unordered",
        "time_limit_ms": {"python": 1200, "javascript": 500},
        "wrong_solutions": [{"name": "zero", "kind": "constant", "javascript": "j", "python": "p"}],
        "hidden_tests": [{"args": [[1, 2], 3], "expected": [0, 1], "category": "edge case"}],
    }
    parsed = parse_question(raw)
    assert parsed.complexity_point and parsed.compare == "unordered"
    assert parsed.time_limit_ms == {"python": 1200, "javascript": 500}
    assert parsed.wrong_solutions[0].code == {"javascript": "j", "python": "p"}
    assert parsed.hidden_tests[0].category == "edge case"
    assert parsed.sample_tests[0].category == "basic"
