"""The coach's evaluation after a candidate message runs in a task of its own (services/coaching.py
`evaluate_soon`): the message's handler does not wait for it, and calls made before it starts make
one evaluation."""

from __future__ import annotations

import asyncio

from interview_sim.domain.model import SessionView
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank
from interview_sim.services.coaching import CoachService


class _GatedViews:
    """Views that wait for the test to open the gate, counting the reads."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.reads = 0

    async def view(self, session_id: str) -> SessionView:
        self.reads += 1
        await self.gate.wait()
        q = load_bank()["two-sum"]
        return SessionView(session_id, q, "Google", "Easy", "python", State.INTRO, (), 0, None, 1800)


async def test_evaluations_run_after_the_caller_and_coalesce() -> None:
    views = _GatedViews()
    service = CoachService(recorder=None, views=views)  # type: ignore[arg-type]
    for _ in range(3):
        service.evaluate_soon("s1")  # returns at once: nothing awaited
    service.evaluate_soon("s2")
    await asyncio.sleep(0)  # the tasks start and wait on the gate
    assert views.reads == 2  # one per session
    service.evaluate_soon("s1")  # asked again while its evaluation runs: one more after it
    views.gate.set()
    await service.tasks.idle()
    assert views.reads == 3
