"""The in-process driver: the pure domain stands in for the server. It logs the candidate's events,
asks `plan_turn` for the interviewer's turn (logging it and applying its move), answers a submit
with the verdict the bank proves for the code submitted (`outcomes.py`), refuses a forged submit
result as the server does (nothing logged), and builds the report with `build_report`."""

from __future__ import annotations

from typing import Any

from interview_sim.domain.interviewer import Trigger, TriggerKind, plan_turn
from interview_sim.domain.model import Question
from interview_sim.domain.scoring import build_report
from interview_sim.protocol import State
from tests.eval import outcomes
from tests.support.sessions import SessionBuilder


class InProcess:
    """One interview on `question`; every step advances the clock like a real candidate would."""

    def __init__(self, question: Question) -> None:
        self.q = question
        self.b = SessionBuilder(question)
        self.forged_refused = 0
        self._turn(TriggerKind.START)

    def _turn(self, kind: TriggerKind, text: str | None = None, seq: int | None = None) -> str | None:
        plan = plan_turn(self.b.view(), Trigger(kind, text, seq))
        if not plan.respond:
            return None
        self.b.wait(3).interviewer(plan.scripted_text, plan.kind, plan.hint_level)
        if plan.next_state is not None and plan.next_state != self.b.state:
            self.b.move(plan.next_state, plan.reason)
        return plan.kind

    def state(self) -> str:
        return self.b.state.value

    async def say(self, text: str, after_s: float = 15) -> str | None:
        self.b.wait(after_s).say(text)
        return self._turn(TriggerKind.UTTERANCE, text, self.b.events[-1].seq)

    async def move(self, to: str) -> None:
        if self.b.state.value != to:
            self.b.wait(5).move(State(to), "candidate")
            if to == "WRAP_UP":
                self._turn(TriggerKind.ENTER_WRAP_UP)

    async def code(self, kind: str, after_s: float = 40) -> None:
        self.b.wait(after_s).code(outcomes.code_for(self.q, kind))

    async def run_samples(self, kind: str, own_cases: int = 0) -> int:
        """The page's sample run (plus `own_cases` of the candidate's): passed count, as reported."""
        total = len(self.q.sample_tests) + own_cases
        passed = total if kind == "reference" or kind == "brute_force" else 0
        self.b.wait(10).run("sample", passed=passed, total=total)
        return passed

    async def forge_submit(self) -> bool:
        """A client's `RUN_RESULT {kind: submit}`: the server refuses it and logs nothing."""
        self.forged_refused += 1
        return False

    async def submit(self, kind: str) -> dict[str, Any]:
        await self.code(kind, after_s=10)
        self.b.wait(5).move(State.REVIEW, "submit")
        self._turn(TriggerKind.ENTER_REVIEW)
        cases = outcomes.verdict(self.q, kind)
        passed = sum(1 for _, v in cases if v == "passed")
        failing = tuple(i for i, (_, v) in enumerate(cases) if v != "passed")
        slow = any(v == "timed_out" for _, v in cases)
        category = next((c for c, v in cases if v != "passed"), None)
        self.b.wait(2).run(
            "submit",
            passed=passed,
            total=len(cases),
            failing=failing,
            timed_out=slow,
            category=category,
            observed=outcomes.observed(self.q, kind),
        )
        self._turn(TriggerKind.SUBMIT_RESULT)
        return {"passed": passed, "total": len(cases)}

    async def finish(self) -> dict[str, Any]:
        if self.b.state != State.ENDED:
            self.b.wait(5).move(State.ENDED, "candidate ended the interview")
        return build_report(self.b.view())
