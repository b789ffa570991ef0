"""The server judge on real sandboxes: verdicts in both languages (see tests/integration/test_judge_escapes.py
for what candidate code must not reach)."""

from __future__ import annotations

import pytest
from tests.support.judge import real_judge, request

from interview_sim.judge import Case, LocalJudge

TWO_SUM_PY = """
def twoSum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
"""
TWO_SUM_JS = """
function twoSum(nums, target) {
  const seen = new Map()
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i]
    seen.set(nums[i], i)
  }
}
"""
CASES = (
    Case(([2, 7, 11, 15], 9), [0, 1]),
    Case(([3, 2, 4], 6), [1, 2], category="edge case"),
    Case((list(range(100_000)), 199_997), [99_998, 99_999], category="large input"),
)


@pytest.fixture
async def judge() -> LocalJudge:
    return await real_judge()


@pytest.mark.parametrize(("language", "code"), [("python", TWO_SUM_PY), ("javascript", TWO_SUM_JS)])
async def test_a_correct_answer_passes_every_case(judge: LocalJudge, language: str, code: str) -> None:
    result = await judge.run(request(code, language, "twoSum", *CASES))
    assert [o.verdict for o in result.outcomes] == ["passed"] * 3
    assert result.outcomes[2].actual == [99_998, 99_999]
    assert result.load_error is None


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("python", "def twoSum(nums, target):\n    return [0, 1]\n"),
        ("javascript", "function twoSum() { return [0, 1] }"),
    ],
)
async def test_a_constant_answer_fails_where_it_is_wrong(judge: LocalJudge, language: str, code: str) -> None:
    result = await judge.run(request(code, language, "twoSum", *CASES))
    assert [o.verdict for o in result.outcomes] == ["passed", "wrong_answer", "wrong_answer"]
    assert result.outcomes[1].actual == [0, 1] and result.outcomes[1].category == "edge case"


@pytest.mark.parametrize(
    ("language", "code", "kind"),
    [
        ("python", "def twoSum(nums, target:\n    return 1\n", "SyntaxError"),
        ("javascript", "function twoSum(nums, target { return 1 }", "SyntaxError"),
        ("python", "def other():\n    return 1\n", "NameError"),
        ("javascript", "function other() { return 1 }", "ReferenceError"),
    ],
)
async def test_code_that_does_not_load_fails_every_case_with_the_reason(
    judge: LocalJudge, language: str, code: str, kind: str
) -> None:
    result = await judge.run(request(code, language, "twoSum", *CASES))
    assert result.load_error and kind in result.load_error
    assert {(o.verdict, o.error_kind) for o in result.outcomes} == {("runtime_error", kind)}


@pytest.mark.parametrize(
    ("language", "code", "kind"),
    [
        ("python", "def f(x):\n    return x['missing']['deeper']\n", "KeyError"),
        ("javascript", "function f(x) { return x.missing.deeper }", "TypeError"),
    ],
)
async def test_a_thrown_error_is_a_runtime_error_of_that_case_only(
    judge: LocalJudge, language: str, code: str, kind: str
) -> None:
    result = await judge.run(
        request(code, language, "f", Case(({},), 1), Case(({"missing": {"deeper": 2}},), 2))
    )
    assert (result.outcomes[0].verdict, result.outcomes[0].error_kind) == ("runtime_error", kind)
    assert result.outcomes[1].verdict == "passed"


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("python", "def f(n):\n    print('looking at', n)\n    return {'n': n, 'half': n / 2}\n"),
        ("javascript", "function f(n) { console.log('looking at', n); return {half: n / 2, n} }"),
    ],
)
async def test_output_is_captured_per_case_and_objects_compare_by_keys(
    judge: LocalJudge, language: str, code: str
) -> None:
    result = await judge.run(
        request(code, language, "f", Case((3,), {"n": 3, "half": 1.5}), Case((4,), {"n": 4}))
    )
    assert [o.verdict for o in result.outcomes] == ["passed", "wrong_answer"]
    assert result.outcomes[0].stdout == "looking at 3"


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("python", "def f(xs):\n    return sorted(set(xs), reverse=True)\n"),
        ("javascript", "function f(xs) { return [...new Set(xs)] }"),
    ],
)
async def test_unordered_and_check_false(judge: LocalJudge, language: str, code: str) -> None:
    result = await judge.run(
        request(
            code,
            language,
            "f",
            Case(([1, 2, 2, 3],), [3, 1, 2]),
            Case(([5, 5],), None, check=False),
            compare="unordered",
        )
    )
    assert [o.verdict for o in result.outcomes] == ["passed", "passed"]
    assert result.outcomes[1].actual == [5]
