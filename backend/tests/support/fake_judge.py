"""A test double of the `Judge` port for integration tests: it runs *Python* candidate code in the
test process (the tests' own code, trusted) and compares like the real judge. The real, confined
judge is tested in tests/judge and used by the end-to-end tests.

`gate`, when set, holds every run until it is set: tests use it to stand for a slow judge or a
node that dies mid-judging. Each case runs under a CPU-time alarm (SIGPROF, as the real harness;
pytest-timeout owns SIGALRM), so a brute force on a generated large case times out instead of
holding the test's event loop; the cases after a timeout are `not_run`, as in the real judge."""

from __future__ import annotations

import asyncio
import copy
import signal
import time
from typing import Any

from interview_sim.judge.model import CaseOutcome, JudgeRequest, JudgeResult
from tests.support.bank_checks import json_equal


class InProcessJudge:
    def __init__(self) -> None:
        self.requests: list[JudgeRequest] = []
        self.gate: asyncio.Event | None = None
        self.in_flight = self.most_in_flight = 0

    @property
    def candidate_runs(self) -> list[JudgeRequest]:
        """The runs of candidate code (not the bank's reference runs for expected values)."""
        return [r for r in self.requests if all(c.check for c in r.cases)]

    async def run(self, request: JudgeRequest) -> JudgeResult:
        self.requests.append(request)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.gate is not None:
                await self.gate.wait()
            return self._judge(request)
        finally:
            self.in_flight -= 1

    def _judge(self, request: JudgeRequest) -> JudgeResult:
        if request.language != "python":
            return JudgeResult(request.language, (), load_error="the test judge runs Python only")
        namespace: dict[str, Any] = {}
        try:
            exec(compile(request.code, "<candidate>", "exec"), namespace)  # test-only double
            fn = namespace[request.function_name]
        except Exception as exc:  # the code did not load
            return JudgeResult(request.language, (), load_error=f"{type(exc).__name__}: {exc}")
        outcomes: list[CaseOutcome] = []
        for i, case in enumerate(request.cases):
            if outcomes and outcomes[-1].verdict in ("timed_out", "not_run"):
                outcomes.append(CaseOutcome(i, case.category, "not_run", 0.0))
                continue
            outcomes.append(self._case(i, fn, case))
        return JudgeResult(request.language, tuple(outcomes))

    @staticmethod
    def _case(index: int, fn: Any, case: Any) -> CaseOutcome:
        start = time.perf_counter()
        limit_s = (case.time_limit_ms or DEFAULT_LIMIT_MS) / 1000
        previous = signal.signal(signal.SIGPROF, _out_of_time)
        try:
            signal.setitimer(signal.ITIMER_PROF, limit_s)
            actual = fn(*copy.deepcopy(list(case.args)))
        except _CaseTimeout:
            return CaseOutcome(index, case.category, "timed_out", limit_s * 1000)
        except Exception as exc:
            ms = (time.perf_counter() - start) * 1000
            return CaseOutcome(index, case.category, "runtime_error", ms, type(exc).__name__, str(exc))
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
        ms = (time.perf_counter() - start) * 1000
        verdict = "passed" if not case.check or json_equal(actual, case.expected) else "wrong_answer"
        return CaseOutcome(index, case.category, verdict, ms, actual=actual)


DEFAULT_LIMIT_MS = 1000


class _CaseTimeout(BaseException):
    """Raised inside the candidate's function when its CPU time runs out."""


def _out_of_time(_signum: int, _frame: Any) -> None:
    raise _CaseTimeout
