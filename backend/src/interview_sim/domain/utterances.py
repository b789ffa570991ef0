"""What a candidate utterance is: the classifier the interviewer answers from and the report reads.

API (pure, no I/O)::

    u = classify("Can the array have duplicates?", question, State.PROBLEM)
    u.kind == Kind.CLARIFY and u.fact == "Values can repeat, but ..."   # the matched fact or constraint
    classify("two nested loops, O(log n) time", q, State.PROBLEM).claims == {"time": "O(log n)"}
    complexity_claims("O(n) time and O(1) space") == {"time": "O(n)", "space": "O(1)"}

Rules, first match wins: logistics (time left, language), "repeat the question", "can I look it
up", a request for the answer or the hidden tests, a hint request, a question about the expected
complexity, a clarifying question that matches one of the question's facts or constraints (whole
words, lemma-aware: see `words.py`), a question about whether an approach (or the code) is right,
"let me think", "ready to code", a complexity claim, an approach, in REVIEW an answer to the
pending follow-up, "nothing more", a backchannel, off-topic chatter, any other question (a
clarifying question with no matching fact: `fact is None`), else OTHER.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from interview_sim.domain import cues
from interview_sim.domain.analytics import complexity_mentions
from interview_sim.domain.model import Question
from interview_sim.domain.words import contains, fixed_lemmas, lemmas, normalise
from interview_sim.protocol import State


class Kind(StrEnum):
    CLARIFY = "clarify"  # a question about input, output or constraints (`fact` None: not covered)
    TIME_LEFT = "time_left"
    LANGUAGE = "language"
    HINT = "hint"
    ANSWER_REQUEST = "answer_request"  # the solution, or the hidden tests / failing inputs
    EXPECTATION = "expectation"  # "what complexity are you expecting?"
    APPROACH_CHECK = "approach_check"  # "is a greedy approach fine here?"
    READY = "ready"
    COMPLEXITY = "complexity"  # a complexity claim (see `claims`)
    APPROACH = "approach"
    FOLLOW_UP_ANSWER = "follow_up_answer"
    DONE = "done"  # nothing more to ask
    ACK = "ack"  # "ok", "got it"
    OFF_TOPIC = "off_topic"
    REPEAT = "repeat"  # "could you repeat the question?"
    RESOURCES = "resources"  # "can I google something?"
    PAUSE = "pause"  # "let me think for a second"
    OTHER = "other"


QUESTION_KINDS = frozenset(
    {Kind.CLARIFY, Kind.TIME_LEFT, Kind.LANGUAGE, Kind.EXPECTATION, Kind.APPROACH_CHECK}
)
PLAN_KINDS = frozenset({Kind.APPROACH, Kind.COMPLEXITY})


@dataclass(frozen=True)
class Utterance:
    """`fact`: the matched clarifying fact's answer, or a constraint line; `claims`: the stated
    complexity per aspect ("time"/"space", latest wins); `language`: a language the candidate named."""

    kind: Kind
    text: str
    is_question: bool
    fact: str | None = None
    claims: dict[str, str] = field(default_factory=dict)
    language: str | None = None


def complexity_claims(text: str) -> dict[str, str]:
    """The complexities stated in `text`, the latest per aspect: {"time": "O(n)", "space": "O(1)"}."""
    return {m.aspect: m.expr for m in complexity_mentions(text)}


def is_question(text: str) -> bool:
    low = text.lower().strip()
    return low.endswith("?") or bool(cues.QUESTION_START.search(low))


def classify(text: str, question: Question, state: State, *, follow_up_pending: bool = False) -> Utterance:
    """The kind of `text` said in `state` about `question` (see the module docstring for the order).
    `follow_up_pending`: the interviewer's last line was a follow-up question (REVIEW)."""
    low, asked = normalise(text).strip(), is_question(text)
    claims = complexity_claims(text)

    def u(kind: Kind, fact: str | None = None, language: str | None = None) -> Utterance:
        return Utterance(kind, text, asked, fact, claims, language)

    if cues.TIME_LEFT.search(low):
        return u(Kind.TIME_LEFT)
    if language := _language(low):
        return u(Kind.LANGUAGE, language=language)
    if cues.REPEAT.search(low):
        return u(Kind.REPEAT)
    if cues.RESOURCES.search(low):
        return u(Kind.RESOURCES)
    if cues.ANSWER_REQUEST.search(low):
        return u(Kind.ANSWER_REQUEST)
    if cues.HINT.search(low):
        return u(Kind.HINT)
    if asked and cues.EXPECTATION.search(low):
        return u(Kind.EXPECTATION, _target_fact(question))
    fact = match_fact(question, text) if asked or cues.WONDER.search(low) else None
    if fact is not None:
        return u(Kind.CLARIFY, fact)
    return _statement(text, low, asked, claims, state, follow_up_pending)


def _statement(
    text: str, low: str, asked: bool, claims: dict[str, str], state: State, follow_up_pending: bool
) -> Utterance:
    def u(kind: Kind) -> Utterance:
        return Utterance(kind, text, asked, None, claims)

    checking = cues.CHECK_ME.search(low) or (cues.APPROACH.search(low) and cues.ACCEPTABLE.search(low))
    if asked and checking:
        return u(Kind.APPROACH_CHECK)
    if cues.PAUSE.search(low):
        return u(Kind.PAUSE)
    if cues.READY.search(low):
        return u(Kind.READY)
    if follow_up_pending and state == State.REVIEW and not asked:
        return u(Kind.FOLLOW_UP_ANSWER)
    if claims:
        return u(Kind.COMPLEXITY)
    if not asked and cues.APPROACH.search(low):
        return u(Kind.APPROACH)
    if is_done(text):
        return u(Kind.DONE)
    if cues.OFF_TOPIC.search(low):
        return u(Kind.OFF_TOPIC)
    if asked:
        return u(Kind.CLARIFY)
    return u(Kind.ACK if is_backchannel(text) else Kind.OTHER)


def is_done(text: str) -> bool:
    """Nothing more to ask: "no", "that's all", "thank you", "no more questions" (no "?")."""
    low = normalise(text)
    return "?" not in low and bool(cues.DONE.search(low) or cues.NO_MORE.search(low))


def is_backchannel(text: str) -> bool:
    words = re.findall(r"[a-z'-]+", text.lower())
    return bool(words) and all(w in cues.BACKCHANNEL for w in words)


def _language(low: str) -> str | None:
    if named := cues.LANGUAGE.search(low):
        return cues.canonical_language(next(g for g in named.groups() if g))
    return "?" if cues.WHICH_LANGUAGE.search(low) else None


# ---------------------------------------------------------------- facts and constraints


def match_fact(question: Question, text: str) -> str | None:
    """The clarifying fact (or else the constraint) that `text` asks about, by whole-word lemma
    matches of the fact keywords, weak words ("order", "size"...) counting half; None when nothing
    matches."""
    said = lemmas(text)
    best, best_score = None, 0.0
    for fact in question.clarifying_facts:
        score = sum(_weight(k) for k in fact.keywords if contains(said, fixed_lemmas(k)))
        if score > best_score:
            best, best_score = fact.answer, score
    return best if best is not None else _constraint(question, said)


def _weight(keyword: str) -> float:
    parts = fixed_lemmas(keyword)
    return 0.5 if len(parts) == 1 and parts[0] in cues.WEAK_KEYWORDS else float(len(parts))


def _constraint(question: Question, said: list[str]) -> str | None:
    names = {lemma for p in question.params for lemma in fixed_lemmas(p)}
    content = {w for w in said if w not in cues.STOP and w not in names and len(w) > 2}
    for line in question.constraints:
        if content.intersection(fixed_lemmas(line)):
            return f"The constraints say: {line}."
    return None


def _target_fact(question: Question) -> str | None:
    """A fact or constraint that states a target complexity ("Aim for O(1) extra space"), if any."""
    for text in (*(f.answer for f in question.clarifying_facts), *question.constraints):
        if "O(" in text:
            return text if text.endswith(".") else f"{text}."
    return None


# ---------------------------------------------------------------- for the report


def about_problem(u: Utterance, question: Question) -> bool:
    """A clarifying question about the problem itself: it matched one of the question's facts or
    constraints, or names an input (a parameter) or the output. Logistics, language questions and
    requests for the tests or the answer never are."""
    if u.kind not in (Kind.CLARIFY, Kind.EXPECTATION) or not u.is_question:
        return False
    if u.fact is not None:
        return True
    said = set(lemmas(u.text))
    names = {lemma for p in question.params for lemma in fixed_lemmas(p.replace("_", " "))}
    return bool(said & (names | cues.IO_WORDS))


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def traced_values(text: str, question: Question) -> set[str]:
    """The values of the question's examples (sample inputs and outputs) that `text` names: a trace
    walks an example with its real values, not just the words "walk through"."""
    values = {v for t in question.sample_tests for v in _scalars([*t.args, t.expected])}
    low = text.lower()
    numbers = set(_NUMBER.findall(low))
    return {v for v in values if (v in numbers if _NUMBER.fullmatch(v) else len(v) >= 2 and v in low)}


def _scalars(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [s for item in value for s in _scalars(item)]
    if isinstance(value, bool) or value is None:
        return []
    return [str(value).lower()]
