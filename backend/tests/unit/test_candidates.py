"""Scripted candidates played through the pure domain, on every question of the bank.

A tiny loop stands in for the server: it logs the candidate's events, asks `plan_turn` for the
interviewer's turn (logging it and applying `next_state`), runs the coach after each candidate
event, and fakes run results from the reference solution's known correctness (strong) or from
wrong code (weak). `pytest -s` prints both reports' scores.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from interview_sim.domain.coach import evaluate
from interview_sim.domain.interviewer import Trigger, TriggerKind, TurnPlan, plan_turn
from interview_sim.domain.model import Question
from interview_sim.domain.scoring import build_report
from interview_sim.protocol import EventType, Report, State
from interview_sim.questions.bank import load_bank

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # backend/: `tests.support` imports
from tests.support.sessions import SessionBuilder

MODES = ("General", "Google", "Meta", "Amazon", "Microsoft", "Apple")
QUESTION_WORDINGS = (
    "Quick question: what about {kw}?",
    "Can the input have {kw}?",
    "How should I treat {kw}?",
)


def _cases() -> list[tuple[str, int]]:
    """Every question in the bank; cycled up to five cases when the bank is small."""
    ids = sorted(load_bank())
    count = max(5, len(ids))
    cycled = zip(range(count), itertools.cycle(ids), strict=False)
    return [(qid, i % len(QUESTION_WORDINGS)) for i, qid in cycled]


CASES = _cases()


class Interview:
    """The server's part: log events, plan turns, apply moves, log coach nudges."""

    def __init__(self, question: Question, mode: str) -> None:
        self.q = question
        self.b = SessionBuilder(question, company_mode=mode)
        self.plans: list[TurnPlan] = []

    def turn(self, kind: TriggerKind, text: str | None = None, seq: int | None = None) -> TurnPlan:
        plan = plan_turn(self.b.view(), Trigger(kind, text, seq))
        self.plans.append(plan)
        if plan.respond:
            self.b.wait(3).interviewer(plan.scripted_text, plan.kind, plan.hint_level)
            if plan.next_state is not None:
                self.b.move(plan.next_state, plan.reason)
        return plan

    def state(self) -> State:
        return self.b.state

    def coach(self) -> None:
        for nudge in evaluate(self.b.view()):
            self.b.add(EventType.COACH_NUDGE, nudge.__dict__.copy())

    def say(self, text: str, after_s: float = 15) -> TurnPlan:
        self.b.wait(after_s).say(text)
        self.coach()
        return self.turn(TriggerKind.UTTERANCE, text, self.b.events[-1].seq)

    def code(self, code: str, after_s: float = 30) -> None:
        self.b.wait(after_s).code(code)
        self.coach()

    def run(self, kind: str, passed: int, total: int, after_s: float = 10) -> None:
        self.b.wait(after_s).run(kind, passed=passed, total=total)
        self.coach()

    def submit(self, passed: int) -> None:
        self.b.wait(10).move(State.REVIEW, "submit")
        self.turn(TriggerKind.ENTER_REVIEW)
        self.run("submit", passed, len(self.q.hidden_tests), after_s=2)
        self.turn(TriggerKind.SUBMIT_RESULT)

    def leaks(self) -> list[str]:
        """Scripted lines that carry the approach note, a reference solution or a hidden test's args."""
        secrets = [self.q.approach, *self.q.solutions.values()]
        secrets += [repr(list(t.args)) for t in self.q.hidden_tests if len(repr(list(t.args))) > 8]
        return [p.scripted_text for p in self.plans if any(s and s in p.scripted_text for s in secrets)]


def _strong(q: Question, mode: str, wording: int) -> Interview:
    iv = Interview(q, mode)
    greeting = iv.turn(TriggerKind.START)
    assert greeting.kind == "greeting" and greeting.next_state == State.PROBLEM
    assert q.title in greeting.scripted_text
    keyword = q.clarifying_facts[0].keywords[0]
    clarify = iv.say(QUESTION_WORDINGS[wording].format(kw=keyword))
    assert clarify.kind == "clarify" and clarify.scripted_text in {f.answer for f in q.clarifying_facts}
    plan = iv.say("My idea is to start from the brute force, then keep extra state so I avoid repeated work.")
    assert plan.kind == "complexity"
    plan = iv.say(f"That would be {q.complexity.time} time and {q.complexity.space} space.")
    assert plan.kind == "coding_ack" and iv.state() == State.CODING
    iv.code(q.solutions["python"])
    quiet = iv.say("I'll handle the empty and single element edge cases first, then the loop.", after_s=20)
    assert not quiet.respond
    iv.run("sample", len(q.sample_tests) + 1, len(q.sample_tests) + 1)
    iv.submit(passed=len(q.hidden_tests))
    plan = iv.say(
        f"Let me walk through the first example step by step. Overall it is {q.complexity.time} time "
        f"and {q.complexity.space} space."
    )
    assert plan.kind in ("follow_up", "wrap_up")
    for _ in range(len(q.follow_ups) + 1):
        if iv.state() != State.REVIEW:
            break
        iv.say("I would reuse the same idea and change what I keep track of, with the same bounds.")
    if iv.state() == State.REVIEW:
        iv.b.move(State.WRAP_UP)
        iv.turn(TriggerKind.ENTER_WRAP_UP)
    assert iv.say("What does a typical week look like for the team?").kind == "wrap_up"
    closing = iv.say("No, that's all. Thank you!")
    assert closing.kind == "closing" and iv.state() == State.ENDED
    return iv


def _weak(q: Question, mode: str) -> Interview:
    iv = Interview(q, mode)
    iv.turn(TriggerKind.START)
    iv.b.wait(10).move(State.CODING, "candidate started coding")
    iv.code(q.starter_code["python"] + "\n# todo\nx = 1\n", after_s=20)
    iv.say("um so like, basically I'm just gonna, like, you know, write it, um, yeah", after_s=5)
    iv.b.wait(150)
    iv.coach()
    iv.submit(passed=len(q.hidden_tests) // 3)
    iv.say("um, I dunno, like, it basically works I guess, um, sort of, uh, yeah, kind of works")
    iv.say("uh, like, um, no idea, basically, uh, you know, I mean it's fine")
    iv.b.wait(20).move(State.WRAP_UP)
    iv.turn(TriggerKind.ENTER_WRAP_UP)
    iv.say("no")
    return iv


def _scores(report: dict[str, object]) -> str:
    rubric = report["rubric"]
    assert isinstance(rubric, list)
    return ", ".join(f"{r['dimension']}={r['score']}" for r in rubric) + f" -> {report['signal']}"


@pytest.mark.parametrize(("question_id", "wording"), CASES)
def test_strong_candidate_gets_hire_and_weak_gets_no_hire(question_id: str, wording: int) -> None:
    q = load_bank()[question_id]
    mode = MODES[wording % len(MODES)]
    strong, weak = _strong(q, mode, wording), _weak(q, MODES[-1 - wording % len(MODES)])
    good, bad = build_report(strong.b.view()), build_report(weak.b.view())
    print(f"\n{question_id}: strong {_scores(good)}\n{question_id}: weak   {_scores(bad)}")
    Report.model_validate(good)
    Report.model_validate(bad)
    assert good["signal"] in ("hire", "strong_hire")
    assert bad["signal"] in ("no_hire", "strong_no_hire")
    assert good["hidden_tests"]["rate"] == 1.0 and bad["hidden_tests"]["rate"] < 1.0
    assert {n["category"] for n in bad["nudges"]} >= {"plan_first", "run_first"}
    assert bad["speech"]["fillers_per_100"] > good["speech"]["fillers_per_100"]
    assert strong.leaks() == [] and weak.leaks() == []
