"""A stand-in `Judge` over the reference runners (Node and CPython, NOT sandboxed): test support only.

The bank checker uses the real judge (`interview_sim.judge`); this one lets a question author try
generators and wrong solutions on a machine without it (`BANK_JUDGE=runners`). It only runs code of
the bank itself, never a candidate's. Like the judge, a case after a timeout is `not_run`.
"""

from __future__ import annotations

import asyncio
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from interview_sim.judge.model import Case, CaseOutcome, JudgeRequest, JudgeResult, Verdict
from tests.support.bank_checks import json_equal

SUPPORT = Path(__file__).resolve().parent
DEFAULT_LIMIT_MS = {"javascript": 2000, "python": 2000}


def _command(language: str) -> list[str]:
    if language == "python":
        return [sys.executable, str(SUPPORT / "reference_runner.py")]
    return [shutil.which("node") or "node", str(SUPPORT / "reference_runner.mjs")]


def same(actual: Any, expected: Any, compare: str) -> bool:
    """The judge's comparison rules: exact JSON, a list in any order, or numbers within 1e-6."""
    if compare == "unordered" and isinstance(actual, list) and isinstance(expected, list):
        return json_equal(sorted(actual, key=json.dumps), sorted(expected, key=json.dumps))
    if compare == "float" and isinstance(actual, int | float) and isinstance(expected, int | float):
        return not isinstance(actual, bool) and math.isclose(actual, expected, abs_tol=1e-6)
    return json_equal(actual, expected)


def _verdict(case: Case, r: dict[str, Any], compare: str) -> Verdict:
    error = r["error"] or ""
    if error == "skipped":
        return "not_run"
    if "timed out" in error.lower() or error.startswith("TimedOut"):
        return "timed_out"
    if not r["returned"]:
        return "runtime_error" if error else "wrong_answer"
    return "passed" if not case.check or same(r["actual"], case.expected, compare) else "wrong_answer"


class RunnerJudge:
    """Runs one request in one fresh runner process (in a thread, so the loop stays free)."""

    async def run(self, request: JudgeRequest) -> JudgeResult:
        return await asyncio.to_thread(self._run, request)

    def _run(self, request: JudgeRequest) -> JudgeResult:
        default = DEFAULT_LIMIT_MS[request.language]
        limits = [c.time_limit_ms or default for c in request.cases]
        tests = [
            {"args": list(c.args), "timeout_ms": ms, "timeout_s": ms / 1000}
            for c, ms in zip(request.cases, limits, strict=True)
        ]
        job = {"code": request.code, "function_name": request.function_name, "tests": tests}
        command = _command(request.language)
        proc = subprocess.run(command, input=json.dumps(job), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{request.language} runner crashed: {proc.stderr[-2000:]}")
        run = json.loads(proc.stdout)
        if run["load_error"]:
            return JudgeResult(language=request.language, outcomes=(), load_error=run["load_error"])
        outcomes = tuple(
            CaseOutcome(
                index=i,
                category=c.category,
                verdict=_verdict(c, r, request.compare),
                ms=r.get("ms", 0.0),
                error=r["error"],
                actual=r["actual"],
            )
            for i, (c, r) in enumerate(zip(request.cases, run["results"], strict=True))
        )
        return JudgeResult(language=request.language, outcomes=outcomes)
