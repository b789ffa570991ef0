"""Interviewer turns: when one starts (typed answers at once, spoken ones after a beat that depends
on whether the sentence was finished), one at a time per session (across nodes), chosen by the
model within the rules or by the offline policy, interrupted when the candidate speaks, and never
lost to a provider failure or a rejected model reply (the offline policy speaks that turn)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from interview_sim.domain.interviewer import (
    CHECK_IN_AFTER_S,
    Trigger,
    TriggerKind,
    TurnPlan,
    due_check_in,
    due_time_check,
    plan_turn,
)
from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.domain.moves import Rejected, accept
from interview_sim.domain.states import can_move
from interview_sim.domain.turn_taking import answer_delay_s, should_interrupt
from interview_sim.llm import ChatMessage, LLMError, LLMProvider, ScriptedProvider, closing_stream
from interview_sim.protocol import ErrorCode, EventType, State
from interview_sim.services.coalescing import DeltaCoalescer
from interview_sim.services.envelopes import Recorder
from interview_sim.services.model_budget import ModelBudget
from interview_sim.services.ports import SessionClosed, StateConflict, TurnLock
from interview_sim.services.tasks import TaskGroup
from interview_sim.services.views import ViewCache

log = logging.getLogger(__name__)
CUT_OFF = "(cut off: the interviewer's connection dropped)"


def _open_turns(view: SessionView) -> list[LogEvent]:
    ended = {e.payload.get("message_id") for e in view.of_type(EventType.INTERVIEWER_STREAM_END)}
    starts = view.of_type(EventType.INTERVIEWER_STREAM_START)
    return [e for e in starts if e.payload.get("message_id") not in ended]


Ender = Callable[[str, str], Coroutine[Any, Any, Any]]


class InterviewerService:
    budget: ModelBudget | None = None  # model calls per session; None: unlimited
    flush_interval_s = 0.1  # deltas grouped into phrases: services/coalescing.py
    flush_on_clause = True
    lock_poll_s = 0.05  # a turn waiting for the floor held on another node asks again this often
    on_first_delta: Callable[[float], None] | None = None  # seconds from trigger (metrics)
    on_model_failure: Callable[[str], None] | None = None  # "error" or "rejected" (metrics)

    def __init__(
        self,
        recorder: Recorder,
        views: ViewCache,
        lock: TurnLock,
        llm: LLMProvider,
        scripted: ScriptedProvider,
        *,
        silence_tolerance_s: float,
        lock_wait_s: float = 20.0,
        check_in_s: float = CHECK_IN_AFTER_S,
    ) -> None:
        self.recorder, self.views, self.lock, self.llm, self.scripted = recorder, views, lock, llm, scripted
        self.silence_tolerance_s = silence_tolerance_s
        self.check_in_s = check_in_s
        self.lock_wait_s = lock_wait_s
        self.ender: Ender | None = None
        self.tasks = TaskGroup("interviewer")
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._pending_text: dict[str, list[tuple[str, int]]] = {}
        self._triggered_at: dict[str, float] = {}  # session -> when its running turn was triggered
        self._released: dict[str, asyncio.Event] = {}  # session -> set when a turn here lets go

    # ------------------------------------------------------------------ triggers

    def start(self, session_id: str, view: SessionView | None = None) -> None:
        """The first candidate CLIENT_READY: greeting and problem. `view`, the ready's own read,
        saves the turn a second one: the interview starts once, so no turn can come between, and
        the greeting reads nothing the candidate may send meanwhile."""
        self.tasks.spawn(self.run_turn(session_id, Trigger(TriggerKind.START), view=view))

    async def on_utterance(self, session_id: str, text: str, seq: int, source: str = "speech") -> None:
        """A final utterance interrupts a running turn at once. The answer comes at once when typed,
        after a short beat when a spoken sentence is finished, and after the whole silence tolerance
        when it trails off ("and", "so", "um", a comma): more speech restarts the wait."""
        await self.lock.request_interrupt(session_id)
        self._pending_text.setdefault(session_id, []).append((text, seq))
        self._schedule(session_id, answer_delay_s(text, source, self.silence_tolerance_s))

    async def on_partial(self, session_id: str, text: str) -> None:
        """Interim speech: barge-in stops the interviewer at once; a pending answer waits again."""
        if should_interrupt(text):
            await self.lock.request_interrupt(session_id)
        if session_id in self._pending:
            self._schedule(session_id, self.silence_tolerance_s)

    def on_submit_result(self, session_id: str, seq: int) -> None:
        self.tasks.spawn(self.run_turn(session_id, Trigger(TriggerKind.SUBMIT_RESULT, seq=seq)))

    def on_wrap_up(self, session_id: str) -> None:
        self.tasks.spawn(self.run_turn(session_id, Trigger(TriggerKind.ENTER_WRAP_UP)))

    async def time_check(self, view: SessionView) -> None:
        """On the tick: announce the time left when a mark is due, else check in once after a long
        silence while coding; skipped when another turn holds the floor or an answer is pending."""
        if view.session_id in self._pending:
            return
        if due_time_check(view) is not None:
            await self.run_turn(view.session_id, Trigger(TriggerKind.TIME_CHECK), wait_s=0)
        elif due_check_in(view, self.check_in_s):
            await self.run_turn(view.session_id, Trigger(TriggerKind.CHECK_IN), wait_s=0)

    async def stop(self, session_id: str) -> None:
        """The session ended: drop pending answers and interrupt a running turn."""
        if task := self._pending.pop(session_id, None):
            task.cancel()
        self._pending_text.pop(session_id, None)
        self._released.pop(session_id, None)  # a cancelled waiter's, if any
        await self.lock.request_interrupt(session_id)

    def _schedule(self, session_id: str, delay_s: float) -> None:
        if old := self._pending.get(session_id):
            old.cancel()
        self._pending[session_id] = self.tasks.spawn(self._answer_after_silence(session_id, delay_s))

    async def _answer_after_silence(self, session_id: str, delay_s: float) -> None:
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        self._pending.pop(session_id, None)
        said = self._pending_text.pop(session_id, [])
        if said:
            text = " ".join(t for t, _ in said)
            await self.run_turn(session_id, Trigger(TriggerKind.UTTERANCE, text=text, seq=said[-1][1]))

    # ------------------------------------------------------------------ one turn

    async def run_turn(
        self,
        session_id: str,
        trigger: Trigger,
        *,
        wait_s: float | None = None,
        view: SessionView | None = None,
    ) -> None:
        triggered_at = asyncio.get_running_loop().time()
        token = await self._acquire(session_id, self.lock_wait_s if wait_s is None else wait_s)
        if token is None:
            log.info("turn %s skipped for %s: another turn holds the floor", trigger.kind, session_id)
            return
        self._triggered_at[session_id] = triggered_at
        try:
            if view is None:
                view = await self.views.view(session_id)
            if view.state == State.ENDED:
                return
            plan = plan_turn(view, trigger, prompt=not isinstance(self.llm, ScriptedProvider))
            if plan.respond:
                await self._speak(view, plan, token)
        except SessionClosed:
            pass
        finally:
            self._triggered_at.pop(session_id, None)
            await self.lock.release(session_id, token)
            if (released := self._released.pop(session_id, None)) is not None:
                released.set()

    async def _acquire(self, session_id: str, wait_s: float) -> str | None:
        """The floor, waiting up to `wait_s` for it. A turn held on this node wakes the waiters when
        it lets go (an answer that barged in starts right after the stopped turn's release); one
        held on another node is asked for again every `lock_poll_s`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        while (token := await self.lock.acquire(session_id)) is None:
            left = deadline - loop.time()
            if left <= 0:
                self._released.pop(session_id, None)  # other waiters fall back to asking again
                return None
            released = self._released.setdefault(session_id, asyncio.Event())
            try:
                await asyncio.wait_for(released.wait(), min(self.lock_poll_s, left))
            except TimeoutError:
                pass
        return token

    async def _speak(self, view: SessionView, offline: TurnPlan, token: str) -> None:
        sid, mid = view.session_id, uuid.uuid4().hex
        await self._close_cut_off_turns(view)
        chosen = await self._choose(view, offline, token)
        if chosen is None:
            return  # the candidate spoke while the model was deciding: their turn
        plan, provider = chosen
        start = {"message_id": mid, "kind": plan.kind}
        await self.recorder.record(
            sid, EventType.INTERVIEWER_STREAM_START, start, client_id=f"srv:{mid}:start"
        )
        parts: list[str] = []
        interrupted = await self._pump(sid, mid, token, self.scripted.stream_text(plan.scripted_text), parts)
        text = "".join(parts)
        end = {
            "message_id": mid,
            "text": text,
            "interrupted": interrupted,
            "kind": plan.kind,
            "hint_level": plan.hint_level,
            "provider": provider,
        }
        await self.recorder.record(sid, EventType.INTERVIEWER_STREAM_END, end, client_id=f"srv:{mid}:end")
        # An interrupted turn keeps the state, except the greeting: the problem is on screen anyway.
        if plan.next_state is not None and (not interrupted or plan.next_state == State.PROBLEM):
            await self._move(view, plan.next_state)

    async def _close_cut_off_turns(self, view: SessionView) -> None:
        """A turn whose node died mid-stream left a START without an END; holding the lock, no
        other turn is live, so close it (interrupted) before the next one starts."""
        for start in _open_turns(view):
            mid = start.payload.get("message_id")
            end = {
                "message_id": mid,
                "text": CUT_OFF,
                "interrupted": True,
                "kind": start.payload.get("kind"),
                "hint_level": None,
                "provider": None,
            }
            await self.recorder.record(
                view.session_id, EventType.INTERVIEWER_STREAM_END, end, client_id=f"srv:{mid}:end"
            )

    async def _choose(self, view: SessionView, offline: TurnPlan, token: str) -> tuple[TurnPlan, str] | None:
        """The turn to speak and who chose it: the model's move when one is configured and its reply
        passes `moves.accept`, else the offline plan (a provider failure or a rejected reply is
        logged). None when the candidate interrupted while the model was deciding."""
        if isinstance(self.llm, ScriptedProvider) or not await self._may_call_model(view.session_id):
            return offline, self.scripted.name
        sid = view.session_id
        messages = [ChatMessage(m.role, m.content) for m in offline.messages]
        try:
            raw, interrupted = await self._collect(sid, token, self.llm.stream(messages))
        except LLMError as exc:
            log.warning("LLM turn failed for %s (%s): the offline interviewer speaks this turn", sid, exc)
            if self.on_model_failure is not None:
                self.on_model_failure("error")
            await self.recorder.error_to(
                sid,
                ErrorCode.LLM_DEGRADED,
                "The AI interviewer had a problem; the offline interviewer carries on.",
            )
            return offline, self.scripted.name
        if interrupted:
            return None
        chosen = accept(view, offline, raw)
        if isinstance(chosen, Rejected):
            log.warning(
                "model reply rejected for %s (%s): the offline interviewer speaks this turn (%s)",
                sid,
                chosen.reason,
                offline.kind,
            )
            if self.on_model_failure is not None:
                self.on_model_failure("rejected")
            return offline, self.scripted.name
        return chosen, self.llm.name

    async def _collect(self, sid: str, token: str, stream: Any) -> tuple[str, bool]:
        """The model's whole structured reply (it is checked before a word is spoken)."""
        parts: list[str] = []
        async with closing_stream(stream) as deltas:
            async for delta in deltas:
                if await self.lock.interrupted(sid, token):
                    return "", True
                parts.append(delta)
        return "".join(parts), await self.lock.interrupted(sid, token)

    async def _may_call_model(self, session_id: str) -> bool:
        """Within the session's model budget; past it the page is told once, then the offline
        interviewer speaks."""
        if self.budget is None or self.budget.take(session_id):
            return True
        if self.budget.first_refusal(session_id):
            await self.recorder.error_to(
                session_id,
                ErrorCode.LLM_DEGRADED,
                "This session used up its AI interviewer budget; the offline interviewer carries on.",
            )
        return False

    async def _pump(self, sid: str, mid: str, token: str, stream: Any, parts: list[str]) -> bool:
        """Relay deltas, grouped into phrases (`DeltaCoalescer`), until the stream ends (False) or
        the turn is interrupted (True). The interrupt is checked on every delta; text buffered but
        not yet sent when it comes is dropped, so `parts` is exactly what the room was sent."""
        loop = asyncio.get_running_loop()
        renew_at = loop.time() + 10
        phrases = DeltaCoalescer(self.flush_interval_s, on_clause=self.flush_on_clause)
        async with closing_stream(stream) as deltas:
            async for delta in deltas:
                if await self.lock.interrupted(sid, token):
                    return True
                if (chunk := phrases.add(delta)) is not None:
                    await self._send_delta(sid, mid, chunk, parts)
                if loop.time() > renew_at:
                    await self.lock.extend(sid, token)
                    renew_at = loop.time() + 10
        if await self.lock.interrupted(sid, token):
            return True
        if (rest := phrases.drain()) is not None:
            await self._send_delta(sid, mid, rest, parts)
        return False

    async def _send_delta(self, sid: str, mid: str, text: str, parts: list[str]) -> None:
        if not parts and self.on_first_delta is not None and sid in self._triggered_at:
            self.on_first_delta(asyncio.get_running_loop().time() - self._triggered_at[sid])
        parts.append(text)
        await self.recorder.ephemeral(
            sid, EventType.INTERVIEWER_STREAM_DELTA, {"message_id": mid, "delta": text}
        )

    async def _move(self, view: SessionView, to: State) -> None:
        if to == State.ENDED:
            if self.ender is not None:
                self.tasks.spawn(self.ender(view.session_id, "interviewer closed the interview"))
            return
        sid = view.session_id
        # From the state the turn was planned on, without reading it again (the compare-and-set
        # checks it); only when it moved meanwhile is it read and the move decided on it.
        if not await self._move_from(sid, view.state, to):
            await self._move_from(sid, (await self.views.view(sid)).state, to)

    async def _move_from(self, session_id: str, state: State, to: State) -> bool:
        """False when nothing moved because `state` was not the session's (the compare-and-set
        failed) or does not allow the move; once a step landed, a later conflict keeps the state."""
        if state == State.INTRO and to not in (State.INTRO, State.PROBLEM):
            if await self._step(session_id, state, State.PROBLEM) is None:  # never skip the problem
                return False
            if can_move(State.PROBLEM, to):
                await self._step(session_id, State.PROBLEM, to)
            return True
        if not can_move(state, to):
            return False
        return await self._step(session_id, state, to) is not None

    async def _step(self, session_id: str, frm: State, to: State) -> State | None:
        """One authoritative move as a compare-and-set; None when the state moved meanwhile."""
        payload = {"from": frm.value, "to": to.value, "reason": "interviewer"}
        try:
            await self.recorder.record(
                session_id, EventType.STATE_CHANGE, payload, expect_state=frm.value, new_state=to.value
            )
        except StateConflict:
            log.info("state moved under the interviewer in %s; keeping it", session_id)
            return None
        return to
