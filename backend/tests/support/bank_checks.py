"""Checks of one question-bank data file, shared by the bank checker (tests/unit/test_question_bank.py).

`structure_problems` lists everything wrong with a file's shape; `failures` lists the tests a
reference run did not pass, comparing with strict JSON equality as the browser sandbox does.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import Counter
from typing import Any

from interview_sim.protocol import CompanyMode, Difficulty

MAX_SAFE_INT = 2**53 - 1
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGES = {"javascript", "python"}
STDLIB = set(sys.stdlib_module_names)
HAND_CATEGORIES = {"basic", "edge case", "adversarial"}
WRONG_KINDS = {"constant", "brute_force", "wrong"}
COMPARES = {"exact", "unordered", "float"}


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
    """Sample tests, then hidden tests: the order result indices refer to."""
    return [*raw["sample_tests"], *raw["hidden_tests"]]


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
        if not {"args", "expected"} <= set(t) <= {"args", "expected", "category"}:
            problems.append(f"test {i}: keys {sorted(t)}, want args, expected and maybe category")
            continue
        if t.get("category", "basic") not in HAND_CATEGORIES:
            problems.append(f"test {i}: category {t['category']!r} is not one of {sorted(HAND_CATEGORIES)}")
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


def _wrong_solution_problems(raw: dict[str, Any]) -> list[str]:
    """The judge-era keys: wrong solutions, complexity point, calibrated limits, comparison."""
    problems = []
    wrong = raw.get("wrong_solutions", [])
    for w in wrong:
        if set(w) != {"name", "kind", *LANGUAGES} or w["kind"] not in WRONG_KINDS:
            problems.append(
                f"wrong solution {w.get('name')!r}: name, kind in {sorted(WRONG_KINDS)}, both languages"
            )
    names = [w.get("name") for w in wrong]
    if len(set(names)) != len(names):
        problems.append(f"wrong solution names repeat: {names}")
    if wrong and "constant" not in {w.get("kind") for w in wrong}:
        problems.append("wrong_solutions needs a constant answer")
    if raw.get("complexity_point") and "brute_force" not in {w.get("kind") for w in wrong}:
        problems.append("complexity_point is true but no brute_force is listed")
    if not isinstance(raw.get("complexity_point", False), bool):
        problems.append("complexity_point must be true or false")
    limits = raw.get("time_limit_ms", {})
    if not set(limits) <= LANGUAGES or not all(isinstance(v, int) and v > 0 for v in limits.values()):
        problems.append(f"time_limit_ms {limits}: positive ints by language")
    if raw.get("compare", "exact") not in COMPARES:
        problems.append(f"compare {raw['compare']!r} is not one of {sorted(COMPARES)}")
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
    problems += _wrong_solution_problems(raw)
    return problems + _test_problems(raw) + _starter_problems(raw) + _text_problems(raw)
