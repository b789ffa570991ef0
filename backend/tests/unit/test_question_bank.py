"""The question bank checker: structure, company coverage, and both reference solutions run for real.

Every data file is checked on its own (one test id per file, listing all of its problems). The
reference solutions run against every sample and hidden test, Python in a subprocess and
JavaScript in Node (`tests/support/reference_runner.mjs`), one process per question and language,
with a per-test time limit. Results are compared with strict JSON equality, as the sandbox does.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from interview_sim.protocol import CompanyMode, Difficulty
from interview_sim.questions.bank import DATA_DIR, load_bank

SUPPORT = Path(__file__).resolve().parents[1] / "support"
JS_RUNNER, PY_RUNNER = SUPPORT / "reference_runner.mjs", SUPPORT / "reference_runner.py"
PER_TEST_TIMEOUT_S = 2
PROCESS_TIMEOUT_S = 60
MAX_SAFE_INT = 2**53 - 1
MIN_PER_SLOT = 2
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGES = {"javascript", "python"}
STDLIB = set(sys.stdlib_module_names)


def _load_files() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, json.loads(p.read_text("utf-8"))) for p in sorted(DATA_DIR.glob("*.json"))]


FILES = _load_files()
FILE_IDS = [stem for stem, _ in FILES]
BY_STEM = dict(FILES)


def json_equal(a: Any, b: Any) -> bool:
    """Strict deep equality of JSON values: booleans are not numbers, lists keep order."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def all_tests(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return [*raw["sample_tests"], *raw["hidden_tests"]]


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
    return json.loads(proc.stdout)


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


@pytest.fixture(scope="module", autouse=True)
def _prefetch_runs(request: pytest.FixtureRequest) -> None:
    """Start the runner processes of every selected test at once, a few at a time."""
    keys = {
        (item.callspec.params["stem"], item.callspec.params["language"])
        for item in request.session.items
        if item.module is sys.modules[__name__]
        and hasattr(item, "callspec")
        and {"stem", "language"} <= item.callspec.params.keys()
    }
    with ThreadPoolExecutor(max_workers=min(4, (os.cpu_count() or 1) + 1)) as pool:
        list(pool.map(_try_runs, sorted(keys)))


def failures(raw: dict[str, Any], run: dict[str, Any]) -> list[str]:
    """One line per test the run did not pass (an empty list means all passed)."""
    if run["load_error"]:
        return [f"load error: {run['load_error']}"]
    tests = all_tests(raw)
    out = []
    for t, r in zip(tests, run["results"], strict=True):
        if not (r["returned"] and r["error"] is None and json_equal(r["actual"], t["expected"])):
            got = r["error"] or ("no return value" if not r["returned"] else json.dumps(r["actual"])[:200])
            args, want = json.dumps(t["args"])[:200], json.dumps(t["expected"])[:200]
            out.append(f"test {r['index']} args={args}: want {want}, got {got}")
    return out


# ---- structure -------------------------------------------------------------------------------


def _data_problems(value: Any, where: str) -> list[str]:
    """Floats, unsafe integers and non-JSON values inside test data."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, int):
        return [] if abs(value) <= MAX_SAFE_INT else [f"{where}: {value} is beyond 2^53 (unsafe in JS)"]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _data_problems(v, f"{where}[{i}]")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _data_problems(v, f"{where}.{k}")]
    return [f"{where}: {type(value).__name__} is not allowed (ints, strings, bools, null, lists, objects)"]


def _test_problems(raw: dict[str, Any]) -> list[str]:
    problems = []
    if len(raw["sample_tests"]) < 3:
        problems.append(f"{len(raw['sample_tests'])} sample tests, want >= 3")
    if len(raw["hidden_tests"]) < 8:
        problems.append(f"{len(raw['hidden_tests'])} hidden tests, want >= 8")
    seen: Counter[str] = Counter()
    for i, t in enumerate(all_tests(raw)):
        if set(t) != {"args", "expected"}:
            problems.append(f"test {i}: keys {sorted(t)}, want args and expected")
            continue
        if not isinstance(t["args"], list) or len(t["args"]) != len(raw["params"]):
            problems.append(f"test {i}: args must be a list of {len(raw['params'])} values")
        problems += _data_problems(t["args"], f"test {i} args") + _data_problems(
            t["expected"], f"test {i} expected"
        )
        seen[json.dumps(t["args"], sort_keys=True)] += 1
    problems += [f"duplicate test args {k[:80]}" for k, n in seen.items() if n > 1]
    return problems


def _python_starter_problems(code: str, params: list[str]) -> list[str]:
    try:
        fn = ast.parse(code).body[0]
    except (SyntaxError, IndexError):
        return ["python starter does not parse"]
    args = fn.args.args if isinstance(fn, ast.FunctionDef) else []
    if not isinstance(fn, ast.FunctionDef) or fn.name != "solution" or [a.arg for a in args] != params:
        return ["python starter must be `def solution(<params>)`"]
    problems = []
    if any(a.annotation is None for a in args) or fn.returns is None:
        problems.append("python starter needs type hints on every parameter and the return")
    if [type(node) for node in fn.body] != [ast.Pass]:
        problems.append("python starter body must be `pass`")
    return problems


def _python_solution_problems(code: str) -> list[str]:
    """The browser runs Python in Pyodide, which has the standard library only."""
    try:
        tree = ast.parse(code)
    except SyntaxError as e:
        return [f"python solution does not parse: {e}"]
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return [f"python solution imports {m}, outside the standard library" for m in sorted(imported - STDLIB)]


def _starter_problems(raw: dict[str, Any]) -> list[str]:
    params, js = raw["params"], raw["starter_code"]["javascript"]
    problems = _python_starter_problems(raw["starter_code"]["python"], params)
    if f"function solution({', '.join(params)})" not in js or "// your code here" not in js:
        problems.append("javascript starter must be `function solution(<params>)` with `// your code here`")
    if "/**" not in js or "@return" not in js or any(f"}} {p}" not in js for p in params):
        problems.append("javascript starter needs a JSDoc comment with @param for every parameter")
    return problems


def _text_problems(raw: dict[str, Any]) -> list[str]:
    problems = []
    if len(raw["hints"]) != 3 or any("```" in h or not h.strip() for h in raw["hints"]):
        problems.append("exactly 3 non-empty hints, without code")
    facts = raw["clarifying_facts"]
    if not 3 <= len(facts) <= 5:
        problems.append(f"{len(facts)} clarifying facts, want 3-5")
    for f in facts:
        if (
            not f["keywords"]
            or any(k != k.lower() or not k.strip() for k in f["keywords"])
            or not f["answer"]
        ):
            problems.append(f"clarifying fact needs lowercase keywords and an answer: {f}")
    if not 2 <= len(raw["follow_ups"]) <= 3:
        problems.append(f"{len(raw['follow_ups'])} follow-ups, want 2-3")
    for key in ("title", "prompt", "approach"):
        if not raw[key].strip():
            problems.append(f"{key} is empty")
    if "example" not in raw["prompt"].lower():
        problems.append("prompt has no example")
    if not raw["complexity"].get("time") or not raw["complexity"].get("space"):
        problems.append("complexity needs time and space")
    if not raw["topics"] or not raw["constraints"]:
        problems.append("topics and constraints must not be empty")
    return problems


def structure_problems(stem: str, raw: dict[str, Any]) -> list[str]:
    """Everything wrong with one data file's shape (an empty list means it is fine)."""
    problems = []
    if not KEBAB.match(raw["id"]) or raw.get("slug", raw["id"]) != raw["id"]:
        problems.append(f"id {raw['id']!r} must be kebab-case and equal to slug")
    if raw["difficulty"] not in set(Difficulty):
        problems.append(f"difficulty {raw['difficulty']!r} is not one of {[d.value for d in Difficulty]}")
    elif stem != f"{raw['difficulty'].lower()}-{raw['id']}":
        problems.append(f"file name must be {raw['difficulty'].lower()}-{raw['id']}.json")
    modes = raw["company_modes"]
    if (
        "General" not in modes
        or not set(modes) <= set(CompanyMode)
        or not 2 <= len(set(modes)) == len(modes) <= 4
    ):
        problems.append(f"company_modes {modes}: General plus 1-3 distinct companies")
    if raw.get("function_name", "solution") != "solution":
        problems.append("function_name must be solution")
    if not raw["params"] or not all(p.isidentifier() for p in raw["params"]):
        problems.append("params must be identifiers")
    if set(raw["starter_code"]) != LANGUAGES or set(raw["solutions"]) != LANGUAGES:
        problems.append("starter_code and solutions need exactly javascript and python")
        return problems
    if not isinstance(raw.get("expected_minutes", 25), int) or raw.get("expected_minutes", 25) <= 0:
        problems.append("expected_minutes must be a positive int")
    problems += _python_solution_problems(raw["solutions"]["python"])
    return problems + _test_problems(raw) + _starter_problems(raw) + _text_problems(raw)


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


BROKEN = {
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
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_structure_check_catches(name: str) -> None:
    broken = json.loads(json.dumps(BY_STEM["easy-two-sum"]))
    mutate, message = BROKEN[name]
    mutate(broken)
    assert any(message in p for p in structure_problems("easy-two-sum", broken)), name
