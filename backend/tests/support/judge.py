"""A real LocalJudge for tests: skipped with the reason locally, failing under CI=true, when the
sandbox (bubblewrap, user namespaces) cannot run here."""

from __future__ import annotations

from interview_sim.judge import Case, JudgeRequest, LocalJudge
from interview_sim.judge.config import JudgeConfig
from interview_sim.judge.probe_check import sandbox_problem

from .db import missing_service


async def real_judge(**overrides: object) -> LocalJudge:
    config = JudgeConfig(**overrides)  # type: ignore[arg-type]
    problem = await sandbox_problem(config)
    if problem:
        missing_service("the judge's sandbox (bubblewrap)", problem)
    return LocalJudge(config)


def request(code: str, language: str, name: str, *cases: Case, **extra: object) -> JudgeRequest:
    return JudgeRequest(code=code, language=language, function_name=name, cases=list(cases), **extra)  # type: ignore[arg-type]
