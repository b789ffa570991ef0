"""A model's structured reply, checked against the state machine and the interview's rules.

`accept(view, plan, raw)` returns the TurnPlan the model chose, or a `Rejected` with the reason; the
caller then speaks the offline `plan` for that turn and logs the reason. Rules: a known move with
non-empty plain spoken text; a state move the state machine allows; `close` only in WRAP_UP; a hint
only at the next ladder level; nothing that leaks a hidden test, the reference solution, the
approach note or the expected complexity (before the candidate said it); no "it's correct" or
"tests pass" unless the judge passed the code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from interview_sim.domain.analytics import complexity_mentions
from interview_sim.domain.model import SessionView
from interview_sim.domain.probing import latest_claims, outcome
from interview_sim.domain.states import can_move
from interview_sim.domain.turns import Move, TurnPlan
from interview_sim.domain.view import hint_levels
from interview_sim.protocol import State

MAX_SAY = 700
_KIND = {
    Move.ANSWER_CLARIFICATION: "clarify",
    Move.CHALLENGE: "challenge",
    Move.GIVE_HINT: "hint",
    Move.ASK_FOLLOW_UP: "follow_up",
    Move.DEBUG: "debug",
    Move.DECLINE: "decline",
    Move.CLOSE: "closing",
}
_CONFIRM = re.compile(
    r"\b((your|the|this) (code|solution|implementation) (is|looks|seems) (correct|right|bug-free)|"
    r"(all|every) (the )?(hidden )?tests? (pass|passed|will pass)|that('s| is) (correct|right)|it works)\b",
    re.I,
)
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


@dataclass(frozen=True)
class Rejected:
    reason: str


def parse(raw: str) -> dict[str, Any] | Rejected:
    """The JSON object in a model reply (code fences tolerated)."""
    text = _FENCE.sub("", raw.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return Rejected("not a JSON object")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError:
        return Rejected("malformed JSON")
    return data if isinstance(data, dict) else Rejected("not a JSON object")


def accept(view: SessionView, plan: TurnPlan, raw: str) -> TurnPlan | Rejected:
    """The model's chosen turn, validated (see the module docstring); `plan` is the offline turn."""
    data = parse(raw)
    if isinstance(data, Rejected):
        return data
    try:
        move = Move(str(data.get("move")))
    except ValueError:
        return Rejected(f"unknown move {data.get('move')!r}")
    say = data.get("say")
    if not isinstance(say, str) or not say.strip() or len(say) > MAX_SAY or "```" in say:
        return Rejected("no plain spoken text")
    if leak := leaks(view, say):
        return Rejected(f"leaks {leak}")
    return _turn(view, plan, move, say.strip(), data)


def _turn(
    view: SessionView, plan: TurnPlan, move: Move, say: str, data: dict[str, Any]
) -> TurnPlan | Rejected:
    to: State | None = State.PROBLEM if plan.next_state == State.PROBLEM else None  # the greeting moves
    level: int | None = None
    if move == Move.MOVE_STATE:
        try:
            to = State(str(data.get("to")))
        except ValueError:
            return Rejected(f"unknown state {data.get('to')!r}")
        if to == State.ENDED or not can_move(view.state, to):
            return Rejected(f"cannot move from {view.state.value} to {to.value}")
    elif move == Move.CLOSE:
        if view.state != State.WRAP_UP:
            return Rejected(f"close in {view.state.value}")
        to = State.ENDED
    elif move == Move.GIVE_HINT:
        level = data.get("hint_level") if isinstance(data.get("hint_level"), int) else None
        expected = len(hint_levels(view)) + 1
        if level != expected or expected > len(view.question.hints[:3]):
            return Rejected(f"hint level {data.get('hint_level')!r}, the next is {expected}")
    kind = _KIND.get(move, plan.kind)
    if move == Move.MOVE_STATE and to != plan.next_state:
        kind = "transition"
    return replace(plan, kind=kind, scripted_text=say, next_state=to, hint_level=level, move=move,
                   reason=f"model: {move.value}")  # fmt: skip


def leaks(view: SessionView, say: str) -> str | None:
    """What `say` gives away, or None: a hidden test, the reference solution, the approach note, the
    expected complexity before the candidate stated it, or a correctness the judge didn't verify."""
    flat = _flat(say)
    q = view.question
    public = {_flat(json.dumps(v)) for t in q.sample_tests for v in (*t.args, t.expected)}
    for test in q.hidden_tests:
        for value in (*test.args, test.expected):
            shown = _flat(json.dumps(value))
            if len(shown) >= 6 and shown not in public and shown in flat:
                return "a hidden test"
    for code in q.solutions.values():
        if any(len(_flat(line)) >= 16 and _flat(line) in flat for line in code.splitlines()):
            return "the reference solution"
    if _shares_words(q.approach, say, 7):
        return "the approach note"
    expected = q.complexity.time.replace(" ", "")
    claimed = {c.replace(" ", "") for c in latest_claims(view).values()}
    said = {m.expr.replace(" ", "") for m in complexity_mentions(say)}
    if expected in said and expected not in claimed:
        return "the expected complexity"
    if outcome(view) != "passed" and _CONFIRM.search(say):
        return "an unverified claim of correctness"
    return None


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _shares_words(source: str, text: str, n: int) -> bool:
    a, b = re.findall(r"[a-z0-9]+", source.lower()), re.findall(r"[a-z0-9]+", text.lower())
    grams = {tuple(a[i : i + n]) for i in range(len(a) - n + 1)}
    return any(tuple(b[i : i + n]) in grams for i in range(len(b) - n + 1))
