"""The submit (contract v2): the server judges the latest code snapshot on the hidden tests and logs
the verdict as `RUN_RESULT {kind: "submit", source: "server"}`, so the whole room sees one verdict.

Judging runs in the background (the candidate's move is acknowledged at once). A verdict is logged
with the client id `srv:judge:<move seq>`: if the judging node dies, the next candidate
`CLIENT_READY` on any node judges the submit again, and two nodes doing so store it once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from interview_sim.domain import submits
from interview_sim.domain.model import Question, SessionView
from interview_sim.judge.model import (
    Case,
    Compare,
    JudgeBusy,
    JudgeRequest,
    JudgeResult,
    JudgeUnavailable,
    ObservedComplexity,
    Probe,
)
from interview_sim.protocol import ErrorCode, EventType
from interview_sim.services.envelopes import Recorder
from interview_sim.services.ports import Judge, SessionClosed
from interview_sim.services.tasks import TaskGroup
from interview_sim.services.verdicts import private_details, public_verdict, unjudged_verdict
from interview_sim.services.views import ViewCache

log = logging.getLogger(__name__)

VerdictHook = Callable[[str, int], Awaitable[None] | None]
BUSY_RETRIES_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class SuiteSource(Protocol):
    """The hidden suite of a question (`questions/suites.py`): hand-written and generated cases."""

    async def hidden_suite(self, question: Question, language: str) -> tuple[Case, ...]: ...

    def probe(self, question: Question) -> Probe | None: ...

    def compare(self, question: Question) -> Compare: ...

    async def reference_growth(self, question: Question, language: str) -> ObservedComplexity | None: ...


class DetailStore(Protocol):
    async def save(self, session_id: str, seq: int, details: list[dict[str, Any]]) -> None: ...

    async def for_session(self, session_id: str) -> dict[int, list[dict[str, Any]]]: ...


class JudgingService:
    def __init__(
        self, recorder: Recorder, views: ViewCache, judge: Judge, suites: SuiteSource, details: DetailStore
    ) -> None:
        self.recorder, self.views, self.judge, self.suites, self.details = (
            recorder,
            views,
            judge,
            suites,
            details,
        )
        self.tasks = TaskGroup("judge")
        self.on_verdict: list[VerdictHook] = []
        self._running: dict[tuple[str, int], asyncio.Task[None]] = {}
        # One judge run per session at a time: a candidate who submits again and again waits for
        # their own verdicts in order and cannot fill the judge's queue ahead of other sessions.
        self._in_turn: dict[str, asyncio.Lock] = {}
        self.busy_retries_s = BUSY_RETRIES_S

    def submit(self, session_id: str, move_seq: int) -> None:
        """Judge the submit made by the move at `move_seq` (once per node at a time)."""
        key = (session_id, move_seq)
        if key in self._running:
            return
        task = self.tasks.spawn(self._in_order(session_id, move_seq))
        self._running[key] = task
        task.add_done_callback(lambda _: self._finished(key))

    def _finished(self, key: tuple[str, int]) -> None:
        self._running.pop(key, None)
        if not any(sid == key[0] for sid, _ in self._running):
            self._in_turn.pop(key[0], None)

    async def _in_order(self, session_id: str, move_seq: int) -> None:
        async with self._in_turn.setdefault(session_id, asyncio.Lock()):
            await self._judge(session_id, move_seq)

    def resume(self, view: SessionView) -> None:
        """Judge every submit of the view still waiting for its verdict (its node died, or it
        never ran)."""
        for move_seq in submits.pending_moves(view):
            self.submit(view.session_id, move_seq)

    async def settle(self, session_id: str, timeout_s: float = 20.0) -> None:
        """Wait (bounded) for this node's judging of the session, so an end right after a submit
        still reports its verdict."""
        running = [t for (sid, _), t in self._running.items() if sid == session_id]
        if running:
            await asyncio.wait(running, timeout=timeout_s)

    async def failures(self, session_id: str) -> dict[int, list[dict[str, Any]]]:
        """The server-side details of every verdict, by the verdict's seq (for the report, after the end)."""
        return await self.details.for_session(session_id)

    async def _judge(self, session_id: str, move_seq: int) -> None:
        view = await self.views.view(session_id)
        submitted = submits.submitted_code(view, move_seq)
        try:
            suite = await self.suites.hidden_suite(view.question, submitted.language)
        except Exception:  # a broken bank entry must not leave the submit waiting forever
            log.exception("the hidden suite of %s could not be built", view.question.id)
            why = "the hidden tests could not be prepared on this server"
            await self._log(session_id, move_seq, unjudged_verdict(submitted, 0, why), [])
            return
        request = JudgeRequest(
            code=submitted.code,
            language=submitted.language,
            function_name=view.question.function_name,
            cases=suite,
            compare=self.suites.compare(view.question),
            probe=self.suites.probe(view.question),
        )
        result, why = await self._run(session_id, request)
        if result is None:
            payload, details = unjudged_verdict(submitted, len(suite), why), []
        else:
            args = {i: list(c.args) for i, c in enumerate(suite)}
            expected = {i: c.expected for i, c in enumerate(suite)}
            reference = await self._reference_growth(view.question, submitted.language, result)
            optimum = view.question.complexity.time
            payload = public_verdict(result, submitted, reference, optimum)
            details = private_details(result, args, expected)
        await self._log(session_id, move_seq, payload, details)

    async def _reference_growth(
        self, question: Question, language: str, result: JudgeResult
    ) -> ObservedComplexity | None:
        """The reference's growth on the same probe (None when nothing to compare or it failed)."""
        if result.observed is None:
            return None
        try:
            return await self.suites.reference_growth(question, language)
        except Exception:  # the comparison is a refinement: the verdict stands without it
            log.exception("the reference's growth of %s could not be measured", question.id)
            return None

    async def _run(self, session_id: str, request: JudgeRequest) -> tuple[JudgeResult | None, str]:
        """The judge's result, retrying while its queue is full; None with the reason when it can't run."""
        for attempt, delay in enumerate(self.busy_retries_s):
            try:
                return await self.judge.run(request), ""
            except JudgeBusy:
                if attempt == 0:
                    await self.recorder.error_to(
                        session_id, ErrorCode.JUDGE_BUSY, "The judge is busy: your submit waits in line."
                    )
                await asyncio.sleep(delay)
            except JudgeUnavailable as exc:
                log.error("judge unavailable: %s", exc)
                return None, "the code could not be judged on this server (no sandbox)"
        return None, "the judge stayed busy: the submit was not judged"

    async def _log(
        self, session_id: str, move_seq: int, payload: dict[str, Any], details: list[dict[str, Any]]
    ) -> None:
        try:
            appended = await self.recorder.record(
                session_id, EventType.RUN_RESULT, payload, client_id=submits.verdict_id(move_seq)
            )
        except SessionClosed:
            log.info("session %s ended before its submit was judged", session_id)
            return
        if appended.duplicate:
            return
        await self.details.save(session_id, appended.seq, details)
        for hook in self.on_verdict:
            outcome = hook(session_id, appended.seq)
            if outcome is not None:
                await outcome
