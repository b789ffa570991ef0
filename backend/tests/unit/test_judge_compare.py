"""The judge's comparison on the cases shared with the browser runner (judge/compare_cases.json)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from interview_sim.judge.compare import equal

SPECIAL = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf"), "-0": -0.0}


def decode(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {"$number"}:
        return SPECIAL[v["$number"]]
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    return v


CASES = json.loads(resources.files("interview_sim.judge").joinpath("compare_cases.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_shared_comparison_cases(case: dict[str, Any]) -> None:
    assert equal(decode(case["actual"]), decode(case["expected"]), case["compare"]) is case["equal"]
    assert (
        equal(decode(case["expected"]), decode(case["actual"]), case["compare"]) is case["equal"]
    )  # symmetric


def test_a_deep_value_does_not_overflow_the_stack() -> None:
    deep: Any = None
    for i in range(50_000):
        deep = {"val": i, "next": deep}
    same: Any = None
    for i in range(50_000):
        same = {"val": i, "next": same}
    assert equal(deep, same)
