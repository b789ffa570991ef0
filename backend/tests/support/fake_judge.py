"""A test double of the `Judge` port for integration tests: it runs *Python* candidate code in the
test process (the tests' own code, trusted) and compares like the real judge. The real, confined
judge is tested in tests/judge and used by the end-to-end tests.

`gate`, when set, holds every run until it is set: tests use it to stand for a slow judge or a
node that dies mid-judging."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from interview_sim.judge.model import CaseOutcome, JudgeRequest, JudgeResult
from tests.support.bank_checks import json_equal


class InProcessJudge:
    def __init__(self) -> None:
        self.requests: list[JudgeRequest] = []
        self.gate: asyncio.Event | None = None

    async def run(self, request: JudgeRequest) -> JudgeResult:
        self.requests.append(request)
        if self.gate is not None:
            await self.gate.wait()
        if request.language != "python":
            return JudgeResult(request.language, (), load_error="the test judge runs Python only")
        namespace: dict[str, Any] = {}
        try:
            exec(compile(request.code, "<candidate>", "exec"), namespace)  # test-only double
            fn = namespace[request.function_name]
        except Exception as exc:  # the code did not load
            return JudgeResult(request.language, (), load_error=f"{type(exc).__name__}: {exc}")
        outcomes = tuple(self._case(i, fn, c) for i, c in enumerate(request.cases))
        return JudgeResult(request.language, outcomes)

    @staticmethod
    def _case(index: int, fn: Any, case: Any) -> CaseOutcome:
        start = time.perf_counter()
        try:
            actual = fn(*[_copy(a) for a in case.args])
        except Exception as exc:
            ms = (time.perf_counter() - start) * 1000
            return CaseOutcome(index, case.category, "runtime_error", ms, type(exc).__name__, str(exc))
        ms = (time.perf_counter() - start) * 1000
        verdict = "passed" if not case.check or json_equal(actual, case.expected) else "wrong_answer"
        return CaseOutcome(index, case.category, verdict, ms, actual=actual)


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value
