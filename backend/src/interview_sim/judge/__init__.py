"""Runs candidate code on the server, confined: see README.md."""

from .model import Case, JudgeBusy, JudgeRequest, JudgeResult, JudgeUnavailable, Probe
from .pool import LocalJudge, build_judge

__all__ = [
    "Case",
    "JudgeBusy",
    "JudgeRequest",
    "JudgeResult",
    "JudgeUnavailable",
    "LocalJudge",
    "Probe",
    "build_judge",
]
