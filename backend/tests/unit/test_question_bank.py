"""The question bank checker: structure, company coverage, and both reference solutions run for real.

Every data file is checked on its own (one test id per file, listing all of its problems; the
checks live in `tests/support/bank_checks.py`). The reference solutions run against every sample
and hidden test, Python (`tests/support/reference_runner.py`) and JavaScript in Node
(`tests/support/reference_runner.mjs`), one process per question and language holding both the
solution's and the starter's run, with a per-test time limit. Results are compared with strict
JSON equality, as the sandbox does. `test_company_coverage[<Difficulty>-<Mode>]` names the slot
that has fewer than MIN_PER_SLOT questions.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from interview_sim.protocol import CompanyMode, Difficulty
from interview_sim.questions.bank import DATA_DIR, load_bank

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # backend/: `tests.support` imports
from tests.support.bank_checks import all_tests, failures, json_equal, structure_problems

SUPPORT = Path(__file__).resolve().parents[1] / "support"
JS_RUNNER, PY_RUNNER = SUPPORT / "reference_runner.mjs", SUPPORT / "reference_runner.py"
PER_TEST_TIMEOUT_S = 10  # a correctness check; the limits are checked on the judge (test_bank_judge.py)
PROCESS_TIMEOUT_S = 60
MIN_PER_SLOT = 2


def _load_files() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, json.loads(p.read_text("utf-8"))) for p in sorted(DATA_DIR.glob("*.json"))]


FILES = _load_files()
FILE_IDS = [stem for stem, _ in FILES]
BY_STEM = dict(FILES)


def run_jobs(language: str, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run several {code, tests} jobs in one fresh process; one {load_error, results} per job."""
    if language == "python":
        cmd = [sys.executable, str(PY_RUNNER)]
    else:
        node = shutil.which("node")
        if node is None:
            pytest.skip("node is not installed")
        cmd = [node, str(JS_RUNNER)]
    proc = subprocess.run(
        cmd, input=json.dumps(jobs), capture_output=True, text=True, timeout=PROCESS_TIMEOUT_S
    )
    assert proc.returncode == 0, f"{language} runner crashed: {proc.stderr[-2000:]}"
    runs: list[dict[str, Any]] = json.loads(proc.stdout)
    return runs


def job(code: str, tests: list[dict[str, Any]], timeout_s: float = PER_TEST_TIMEOUT_S) -> dict[str, Any]:
    return {"code": code, "tests": tests, "timeout_s": timeout_s, "timeout_ms": int(timeout_s * 1000)}


def run_code(
    language: str, code: str, tests: list[dict[str, Any]], timeout_s: float = PER_TEST_TIMEOUT_S
) -> dict[str, Any]:
    """Run `code` against `tests` in a fresh process; returns {load_error, results}."""
    return run_jobs(language, [job(code, tests, timeout_s)])[0]


@functools.cache
def question_runs(stem: str, language: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The reference solution's run and the starter code's run, from one process per language."""
    raw = BY_STEM[stem]
    tests = all_tests(raw)
    solution, starter = run_jobs(
        language, [job(raw["solutions"][language], tests), job(raw["starter_code"][language], tests)]
    )
    return solution, starter


def _try_runs(key: tuple[str, str]) -> None:
    try:
        question_runs(*key)
    except Exception:  # the test that needs this run calls again and reports the error itself
        pass


def _run_key(item: pytest.Item) -> tuple[str, str] | None:
    """(stem, language) of a selected test of this module that needs a runner process."""
    callspec = getattr(item, "callspec", None)
    params: dict[str, Any] = callspec.params if callspec is not None else {}
    this_module = isinstance(item, pytest.Function) and item.module is sys.modules[__name__]
    return (
        (params["stem"], params["language"])
        if this_module and {"stem", "language"} <= params.keys()
        else None
    )


@pytest.fixture(scope="module", autouse=True)
def _prefetch_runs(request: pytest.FixtureRequest) -> None:
    """Start the runner processes of every selected test at once, a few at a time."""
    keys = {key for item in request.session.items if (key := _run_key(item)) is not None}
    with ThreadPoolExecutor(max_workers=min(4, (os.cpu_count() or 1) + 1)) as pool:
        list(pool.map(_try_runs, sorted(keys)))


def test_bank_loads_every_file_with_unique_ids() -> None:
    ids = [raw["id"] for _, raw in FILES]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert sorted(load_bank.__wrapped__()) == sorted(ids)


@pytest.mark.parametrize("stem,raw", FILES, ids=FILE_IDS)
def test_question_structure(stem: str, raw: dict[str, Any]) -> None:
    problems = structure_problems(stem, raw)
    assert problems == [], f"{stem}:\n  " + "\n  ".join(problems)


SLOTS = [(d.value, m.value) for d in Difficulty for m in CompanyMode]


@pytest.mark.parametrize("difficulty,mode", SLOTS, ids=[f"{d}-{m}" for d, m in SLOTS])
def test_company_coverage(difficulty: str, mode: str) -> None:
    """Each (difficulty, company mode) slot must offer at least MIN_PER_SLOT questions to pick from."""
    have = sorted(
        raw["id"] for _, raw in FILES if raw["difficulty"] == difficulty and mode in raw["company_modes"]
    )
    assert len(have) >= MIN_PER_SLOT, f"slot {difficulty}/{mode} is short: {len(have)} question(s) {have}"


# ---- reference solutions and starters ---------------------------------------------------------


@pytest.mark.parametrize("language", ["python", "javascript"])
@pytest.mark.parametrize("stem,raw", FILES, ids=FILE_IDS)
def test_reference_solution_passes_every_test(stem: str, raw: dict[str, Any], language: str) -> None:
    bad = failures(raw, question_runs(stem, language)[0])
    assert bad == [], f"{stem} {language} solution fails:\n  " + "\n  ".join(bad)


@pytest.mark.parametrize("language", ["python", "javascript"])
@pytest.mark.parametrize("stem,raw", FILES, ids=FILE_IDS)
def test_starter_code_fails_some_test(stem: str, raw: dict[str, Any], language: str) -> None:
    run = question_runs(stem, language)[1]
    assert run["load_error"] is None, f"{stem} {language} starter does not load: {run['load_error']}"
    assert failures(raw, run), f"{stem} {language} starter code passes every test"


def test_json_equal_is_strict() -> None:
    assert json_equal([1, [2, {"a": True}]], (1, (2, {"a": True})))
    assert json_equal(2, 2.0)
    assert not json_equal(True, 1)
    assert not json_equal(0, False)
    assert not json_equal(None, 0)
    assert not json_equal([1, 2], [2, 1])
    assert not json_equal({"a": 1}, {"a": 1, "b": 2})
    assert not json_equal("1", 1)


TOY = {
    "sample_tests": [{"args": [[1, 2]], "expected": [2, 1]}],
    "hidden_tests": [{"args": [[]], "expected": []}, {"args": [[3]], "expected": [3]}],
}
TOY_CODE = {
    "python": {
        "right": "def solution(xs):\n    print(xs)\n    return tuple(reversed(xs))\n",
        "wrong": "def solution(xs):\n    xs.reverse()\n    return xs if len(xs) != 1 else None\n",
        "loops": "def solution(xs):\n    while True:\n        pass\n",
    },
    "javascript": {
        "right": "const solution = (xs) => {\n  console.log(xs);\n  return [...xs].reverse();\n};\n",
        "wrong": "function solution(xs) {\n  xs.reverse();\n  return xs.length === 1 ? undefined : xs;\n}\n",
        "loops": "function solution(xs) {\n  for (;;) {}\n}\n",
    },
}


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_runners_report_passes_failures_and_timeouts(language: str) -> None:
    code = TOY_CODE[language]
    assert failures(TOY, run_code(language, code["right"], all_tests(TOY))) == []
    wrong = failures(TOY, run_code(language, code["wrong"], all_tests(TOY)))
    assert len(wrong) == 1 and wrong[0].startswith("test 2")
    loops = run_code(language, code["loops"], all_tests(TOY), timeout_s=0.3)
    assert [r["error"] for r in loops["results"]][1:] == ["skipped", "skipped"]
    assert "timed out" in loops["results"][0]["error"].lower()
    broken = run_code(language, "solution = (", all_tests(TOY))
    assert broken["load_error"] and failures(TOY, broken)


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "two-hints": (lambda q: q.update(hints=q["hints"][:2]), "exactly 3"),
    "few-hidden": (lambda q: q.update(hidden_tests=q["hidden_tests"][:7]), "hidden tests"),
    "float": (lambda q: q["sample_tests"][0].update(expected=0.5), "float"),
    "no-general": (lambda q: q.update(company_modes=["Google"]), "company_modes"),
    "bad-mode": (lambda q: q.update(company_modes=["General", "Netflix"]), "company_modes"),
    "bad-difficulty": (lambda q: q.update(difficulty="Trivial"), "difficulty"),
    "duplicate-test": (
        lambda q: q.update(hidden_tests=[*q["hidden_tests"], q["sample_tests"][0]]),
        "duplicate",
    ),
    "arity": (lambda q: q["hidden_tests"][0].update(args=[[1, 2]]), "args must be"),
    "untyped-starter": (
        lambda q: q["starter_code"].update(python="def solution(nums, target):\n    pass\n"),
        "hints",
    ),
    "numpy": (
        lambda q: q["solutions"].update(python="import numpy as np\n" + q["solutions"]["python"]),
        "numpy",
    ),
    "uppercase-keyword": (lambda q: q["clarifying_facts"][0].update(keywords=["Sorted"]), "lowercase"),
    "bad-category": (lambda q: q["hidden_tests"][0].update(category="large input"), "category"),
    "no-brute-force": (
        lambda q: q.update(
            complexity_point=True,
            wrong_solutions=[{"name": "zero", "kind": "constant", "javascript": "", "python": ""}],
        ),
        "brute_force",
    ),
    "bad-wrong-kind": (
        lambda q: q.update(wrong_solutions=[{"name": "x", "kind": "slow", "javascript": "", "python": ""}]),
        "wrong solution",
    ),
    "bad-limit": (lambda q: q.update(time_limit_ms={"python": 0}), "time_limit_ms"),
    "bad-compare": (lambda q: q.update(compare="fuzzy"), "compare"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_structure_check_catches(name: str) -> None:
    broken = json.loads(json.dumps(BY_STEM["easy-two-sum"]))
    mutate, message = BROKEN[name]
    mutate(broken)
    assert any(message in p for p in structure_problems("easy-two-sum", broken)), name
