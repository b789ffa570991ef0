"""What a turn is: why one is considered (Trigger) and what the interviewer does (TurnPlan).

Shared by the offline policy (`interviewer.py`), the model prompt (`prompts.py`) and the check of a
model's chosen move (`moves.py`), so none of them imports another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from interview_sim.protocol import State


class TriggerKind(StrEnum):
    START = "START"
    UTTERANCE = "UTTERANCE"
    SUBMIT_RESULT = "SUBMIT_RESULT"
    ENTER_REVIEW = "ENTER_REVIEW"
    ENTER_WRAP_UP = "ENTER_WRAP_UP"
    TIME_CHECK = "TIME_CHECK"
    CHECK_IN = "CHECK_IN"


@dataclass(frozen=True)
class Trigger:
    """Why a turn is considered: `text`/`seq` are the candidate's utterance for UTTERANCE."""

    kind: TriggerKind
    text: str | None = None
    seq: int | None = None


@dataclass(frozen=True)
class PromptMessage:
    """One chat message for an LLM provider (the engine maps it to its own type)."""

    role: Literal["system", "user", "assistant"]
    content: str


class Move(StrEnum):
    """The moves a turn can make; the model picks one of these (see `moves.py`)."""

    ANSWER_CLARIFICATION = "answer_clarification"
    CHALLENGE = "challenge"
    GIVE_HINT = "give_hint"
    ASK_FOLLOW_UP = "ask_follow_up"
    MOVE_STATE = "move_state"
    DEBUG = "debug"
    DECLINE = "decline"
    ACKNOWLEDGE = "acknowledge"
    CLOSE = "close"


@dataclass(frozen=True)
class TurnPlan:
    """One interviewer turn. `respond=False`: stay quiet. `next_state`: the server moves there after.
    `move` is the turn's move in the model's vocabulary; `kind` is what the log records."""

    respond: bool
    kind: str
    scripted_text: str
    messages: list[PromptMessage]
    next_state: State | None
    hint_level: int | None
    reason: str
    move: Move = Move.ACKNOWLEDGE
    facts: dict[str, object] = field(default_factory=dict)


def speak(
    kind: str,
    text: str,
    reason: str,
    move: Move = Move.ACKNOWLEDGE,
    next_state: State | None = None,
    hint: int | None = None,
) -> TurnPlan:
    """A turn that says `text`."""
    return TurnPlan(True, kind, text, [], next_state, hint, reason, move)


def quiet(reason: str) -> TurnPlan:
    """No turn: the interviewer stays silent."""
    return TurnPlan(False, "none", "", [], None, None, reason)
