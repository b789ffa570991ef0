"""Problem solving and coding, each scored from what the log shows happened (see `rubric.LEVELS`;
verification and communication are in `talk.py`).

Words are read through the utterance classifier (`utterances.py`); correctness and complexity come
from the server's verdicts (`verified.py`); sample runs are the page's report of a run the candidate
really made. Every piece of evidence cites the seq it rests on.
"""

from __future__ import annotations

import re

from interview_sim.domain import verified
from interview_sim.domain.model import SessionView
from interview_sim.domain.rubric import Dimension
from interview_sim.domain.utterances import (
    PLAN_KINDS,
    Kind,
    Utterance,
    about_problem,
    classify,
)
from interview_sim.domain.view import Line, candidate_lines, first_code_change, runs, state_spans
from interview_sim.protocol import State

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def short(text: str, limit: int = 90, hard_limit: int = 240) -> str:
    """A quote that ends at a sentence boundary: whole sentences up to `limit` characters (at least
    the first one); only a first sentence over `hard_limit` is cut, at a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    quote = ""
    for sentence in _SENTENCE_END.split(text):
        if quote and len(quote) + 1 + len(sentence) > limit:
            break
        quote = f"{quote} {sentence}".strip()
    if len(quote) <= hard_limit:
        return quote
    return quote[: hard_limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def reached(view: SessionView, state: State) -> bool:
    return any(span.state == state for span in state_spans(view)) or view.state == state


def said_before_code(view: SessionView) -> list[tuple[Line, Utterance]]:
    """The candidate's lines before the first code change, classified as said in PROBLEM."""
    first = first_code_change(view)
    lines = [x for x in candidate_lines(view) if first is None or x.seq < first.seq]
    return [(x, classify(x.text, view.question, State.PROBLEM)) for x in lines]


# ---------------------------------------------------------------- problem solving


def problem_solving(view: SessionView) -> Dimension:
    """Clarifying the problem, an approach before coding, the complexity as verified, few hints."""
    d = Dimension("problem_solving")
    before = said_before_code(view)
    if not candidate_lines(view) and first_code_change(view) is None and not reached(view, State.CODING):
        d.missing = "the interview ended before the candidate said or wrote anything"
        return d
    _clarifying(view, before, d)
    plan = next((x for x, u in before if u.kind in PLAN_KINDS), None)
    if plan:
        d.add(plan.seq, f"explained an approach before coding: {short(plan.text)}", 1)
    else:
        d.miss("Explain the approach before writing code")
    _complexity(view, d)
    _hints(view, d)
    c = verified.correctness(view)
    if c.seq is not None and c.judged and not c.all_passed:
        why = "too slow at scale" if c.only_slow else "wrong answers"
        d.limit(
            2, c.seq, f"the hidden tests failed ({why}): the approach did not solve the problem, at most 2"
        )
    return d


def _clarifying(view: SessionView, before: list[tuple[Line, Utterance]], d: Dimension) -> None:
    asked = next((x for x, u in before if about_problem(u, view.question)), None)
    if asked:
        d.add(asked.seq, f"asked a clarifying question about the problem: {short(asked.text)}", 1)
    else:
        d.miss("Ask a clarifying question about the input, the output or the constraints before coding")
    for line in candidate_lines(view):
        u = classify(line.text, view.question, State.PROBLEM)
        if u.kind == Kind.ANSWER_REQUEST:
            d.add(line.seq, f"asked for the hidden tests or the answer: {short(line.text)}", -1)


def _complexity(view: SessionView, d: Dimension) -> None:
    v = verified.time_verdict(view)
    seq = v.claim.seq if v.claim else 0
    claim = v.claim.expr if v.claim else ""
    observed = f"about {v.observed}" if v.observed else "not measured"
    texts = {
        "verified": (f"last stated {claim} time: optimal, and the judge measured {observed}", 1.0),
        "unsupported": (f"last stated {claim} time, but the code measured {observed}: not borne out", 0.0),
        "stated": (f"last stated {claim} time: optimal, not verified (growth {observed})", 0.5),
        "not_optimal": (f"last stated {claim} time; the optimum is {v.optimum}", 0.0),
        "impossible": (f"claimed {claim} time; nothing does better than {v.optimum} here", -0.5),
        "contradicted": (f"claimed {claim} time, observed {observed}: the code contradicts it", -1.0),
        "unreadable": (f"stated a complexity that could not be read: {claim}", 0.0),
        "unstated": ("never stated the time complexity", 0.0),
    }
    text, points = texts[v.check]
    d.add(seq, text, points)
    if v.check != "verified":
        d.miss(f"State the time complexity: the optimal one ({v.optimum}), with code whose growth matches")
    _space(view, d)


def _space(view: SessionView, d: Dimension) -> None:
    """The last stated space complexity next to the optimal approach's, as evidence only: the judge
    does not measure memory, and less space than the optimal approach can be right for another one."""
    claim = verified.last_claims(view).get("space")
    if claim is not None:
        best = view.question.complexity.space
        d.add(claim.seq, f"last stated {claim.expr} space (the optimal approach uses {best})")


def _hints(view: SessionView, d: Dimension) -> None:
    given = verified.hints(view)
    if not given:
        d.add(0, "solved without hints", 1)
        return
    for seq, level in given:
        d.add(seq, f"took hint {level}", 0)
    d.points += 0.5 if len(given) == 1 else 0
    d.miss("Reach the approach with fewer hints")
    third = next((seq for seq, level in given if level >= 3), None)
    if third is not None:
        d.limit(2, third, "the third hint gave the algorithm away: problem solving at most 2")


# ---------------------------------------------------------------- coding


def coding(view: SessionView) -> Dimension:
    """The server's verdict on the scored (last) submit; the page's sample runs only without one."""
    d = Dimension("coding")
    c = verified.correctness(view)
    if c.seq is None:
        return _unsubmitted(view, d)
    tests = f"hidden tests {c.passed}/{c.total} (judged by the server)"
    if not c.judged:
        d.add(c.seq, "the server could not judge the submit: correctness not verified", 1)
        d.limit(2, c.seq, "not verified by the hidden tests: coding at most 2")
    elif c.load_error:
        d.add(c.seq, f"{tests}: the code did not load", 0)
    elif not c.all_passed and not c.reads_input:
        d.add(c.seq, f"{tests}: the code never reads its input, a fixed answer", 0)
    elif c.all_passed:
        d.add(c.seq, tests, 4 if c.attempts <= 2 else 3)
    elif c.only_slow:
        d.add(c.seq, f"{tests}: right on small inputs, timed out on large ones (too slow)", 1.5)
    else:
        d.add(c.seq, tests, 1.5 if c.rate >= 0.5 else 0)
    if not c.all_passed:
        d.miss(f"Make every hidden test pass ({c.passed}/{c.total} did), large inputs included")
    return d


def _unsubmitted(view: SessionView, d: Dimension) -> Dimension:
    if not reached(view, State.CODING) and first_code_change(view) is None:
        d.missing = "the interview ended before any coding"
        return d
    samples = runs(view, "sample")
    if samples:
        last = samples[-1].payload
        ok = int(last.get("passed", 0)) == int(last.get("total", 0)) > 0
        text = (
            f"sample tests {last.get('passed')}/{last.get('total')} (reported by the page), never submitted"
        )
        d.add(samples[-1].seq, text, 2 if ok else 0)
    else:
        d.add(0, "never ran or submitted the code", 0)
    d.limit(2, 0, "never submitted: the hidden tests never verified it")
    d.miss("Submit the code so the server can judge it on the hidden tests")
    return d
