"""`LocalJudge`: the `Judge` port on this machine, a bounded pool of sandboxes.

At most `workers` runs at once (each its own sandbox slot and uid), at most `queue` waiting, and
`JudgeBusy` at once beyond that. Nothing blocking runs on the event loop: sandboxes are asyncio
subprocesses, big JSON is encoded and parsed in threads. Whether the sandbox can start on this
machine is checked once, at the first run: `JudgeUnavailable` says why it cannot.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import TYPE_CHECKING, Any

from .complexity import estimate
from .config import LANGUAGES, JudgeConfig, mini_racer_dir
from .model import CaseOutcome, JudgeBusy, JudgeRequest, JudgeResult, JudgeUnavailable, ObservedComplexity
from .probe_check import sandbox_problem
from .run import Progress
from .session import run_request

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger(__name__)


class LocalJudge:
    def __init__(self, config: JudgeConfig | None = None) -> None:
        self.config = config or JudgeConfig()
        self._slots: asyncio.Queue[int] = asyncio.Queue()
        for slot in range(self.config.workers):
            self._slots.put_nowait(slot)
        self._waiting = 0
        self._problem: str | None = None
        self._checked: asyncio.Lock | None = None
        self._check_done = False

    @property
    def waiting(self) -> int:
        return self._waiting

    async def run(self, request: JudgeRequest) -> JudgeResult:
        if request.language not in LANGUAGES:
            raise ValueError(f"the judge runs {', '.join(LANGUAGES)}, not {request.language!r}")
        await self._ensure_available(request.language)
        if self._slots.empty() and self._waiting >= self.config.queue:
            raise JudgeBusy(f"the judge is busy: {self._waiting} submissions are waiting, try again shortly")
        self._waiting += 1
        try:
            slot = await self._slots.get()
        finally:
            self._waiting -= 1
        try:
            return await self._judge(request, slot)
        finally:
            self._slots.put_nowait(slot)

    async def _judge(self, request: JudgeRequest, slot: int) -> JudgeResult:
        started = time.monotonic()
        progress = await run_request(request, self.config, slot)
        return result(progress, (time.monotonic() - started) * 1000)

    async def _ensure_available(self, language: str) -> None:
        if self._checked is None:
            self._checked = asyncio.Lock()
        async with self._checked:
            if not self._check_done:
                self._problem = await sandbox_problem(self.config)
                self._check_done = True
                if self._problem:
                    log.error("the judge cannot run code here: %s", self._problem)
        if self._problem:
            raise JudgeUnavailable(self._problem)
        if language == "javascript" and mini_racer_dir() is None:
            raise JudgeUnavailable("JavaScript needs the mini-racer package (pip install mini-racer)")


def result(p: Progress, wall_ms: float) -> JudgeResult:
    outcomes = [p.outcomes[i] for i in sorted(p.outcomes)]
    load_error = None
    if p.load_error is not None:
        kind, message = p.load_error
        load_error = message
        outcomes = [
            CaseOutcome(i, c.category, "runtime_error", 0.0, error_kind=kind, error=message)
            for i, c in enumerate(p.request.cases)
        ]
    return JudgeResult(
        language=p.request.language,
        outcomes=tuple(outcomes),
        observed=observed(p),
        load_error=load_error,
        wall_ms=round(wall_ms, 1),
        notes=tuple(p.notes),
    )


def observed(p: Progress) -> ObservedComplexity | None:
    """The estimate from the probe's reports (forged ones can only fool the estimate, never a verdict)."""
    if p.request.probe is None or p.load_error is not None:
        return None
    points, failed = probe_points(p)
    if failed is not None and failed[1] != "timed_out":
        sizes, ms = tuple(n for n, _ in points), tuple(t for _, t in points)
        return ObservedComplexity(
            "unknown", None, sizes, ms, note=f"the code failed at n={failed[0]} ({failed[1]})"
        )
    limit = p.config.time_limit_ms[p.request.language]
    return estimate(points, failed[0] if failed else None, float(limit))


def probe_points(p: Progress) -> tuple[list[tuple[int, float]], tuple[int, str] | None]:
    """(n, ms) for the requested sizes in order, each size's minimum over its timings, up to the
    first size without one (n, what failed there, if something did)."""
    times: dict[int, float] = {}
    failures: dict[int, Any] = {}
    for n, m in p.probe:
        ms = m.get("ms")
        if isinstance(ms, (int, float)) and math.isfinite(ms) and ms >= 0:
            times[n] = min(times.get(n, math.inf), float(ms))
        else:
            failures.setdefault(n, m.get("error_kind") or m.get("failed"))
    points: list[tuple[int, float]] = []
    for n, _ in p.request.probe.inputs if p.request.probe else ():
        if n in times:
            points.append((n, times[n]))
        elif n in failures:
            return points, (n, failures[n] if isinstance(failures[n], str) else "no time")
        else:
            break
    return points, None


def build_judge(settings: Settings) -> LocalJudge:
    """The judge from Settings (`JUDGE_*`; see settings.py and .env.example)."""
    return LocalJudge(config_from(settings))


def config_from(settings: Settings) -> JudgeConfig:
    return JudgeConfig(
        workers=settings.judge_workers,
        queue=settings.judge_queue,
        time_limit_ms={
            "javascript": settings.judge_time_limit_ms_javascript,
            "python": settings.judge_time_limit_ms_python,
        },
        memory_mb=settings.judge_memory_mb,
        wall_budget_s=settings.judge_wall_budget_s,
        python=settings.judge_python,
        uid_base=settings.judge_uid_base,
    )
