"""The two rubric dimensions about how the candidate worked: verification (tests actually run, a
trace with real values the verdict bears out; words alone at most 2) and communication (silent is
1; no approach before coding, heavy fillers and rambling lower it). See `rubric.LEVELS`."""

from __future__ import annotations

from typing import Any

from interview_sim.domain import verified
from interview_sim.domain.analytics import count_fillers, mentions_edge_cases, words
from interview_sim.domain.dimensions import reached, said_before_code, short
from interview_sim.domain.model import SessionView
from interview_sim.domain.rubric import Dimension
from interview_sim.domain.submits import verdicts
from interview_sim.domain.utterances import PLAN_KINDS, Kind, classify, traced_values
from interview_sim.domain.view import Line, candidate_lines, first_code_change, runs
from interview_sim.protocol import State

RAMBLING_WORDS = 60  # a turn this long ...
RAMBLING_FILLERS_PER_100 = 8  # ... with this many fillers, or nothing the classifier recognises
HEAVY_FILLERS_PER_100 = 15  # hard to follow: communication at most 2


# ---------------------------------------------------------------- verification


def verification(view: SessionView) -> Dimension:
    """Tests actually run (samples, own cases, edge cases in them), and a trace with the example's
    real values that the verdict does not contradict; words alone are worth at most 2."""
    d = Dimension("verification", out_of=3)
    if not reached(view, State.CODING) and not runs(view):
        d.missing = "the interview ended before there was code to test"
        return d
    ran = _ran_tests(view, d)
    _edge_cases(view, d, ran)
    _trace(view, d)
    if not ran:
        d.limit(2, 0, "no test was run by the candidate: words alone, verification at most 2")
    return d


def _ran_tests(view: SessionView, d: Dimension) -> bool:
    samples, c = runs(view, "sample"), verified.correctness(view)
    first_submit = verdicts(view)[0].seq if c.seq is not None else None
    before = [e for e in samples if first_submit is None or e.seq < first_submit]
    if before:
        d.add(
            before[0].seq,
            f"ran the sample tests before submitting ({len(before)} run(s), reported by the page)",
            1,
        )
    elif first_submit is not None:
        d.add(first_submit, "submitted without running any test first", 0)
        d.miss("Run the sample tests before submitting")
    own = next((e for e in samples if int(e.payload.get("total", 0)) > len(view.question.sample_tests)), None)
    if own:
        d.add(own.seq, "ran test cases of their own (reported by the page)", 1)
    else:
        d.miss("Add and run test cases of your own, edge cases included")
    return bool(samples)


def _edge_cases(view: SessionView, d: Dimension, ran: bool) -> None:
    said = next((x for x in candidate_lines(view) if mentions_edge_cases(x.text)), None)
    if said is None:
        return
    c = verified.correctness(view)
    if c.seq is not None and c.judged and not c.all_passed and not c.only_slow and not ran:
        d.add(
            said.seq, f"talked about edge cases, ran none, and the hidden tests failed: {short(said.text)}", 0
        )
    else:
        d.add(said.seq, f"talked about edge cases: {short(said.text)}", 0.5 if not ran else 0)


def _trace(view: SessionView, d: Dimension) -> None:
    line = next((x for x in candidate_lines(view) if len(traced_values(x.text, view.question)) >= 2), None)
    if line is None:
        d.miss("Trace the code on an example, with its real values")
        return
    c = verified.correctness(view)
    if c.seq is not None and c.judged and not c.all_passed and not c.only_slow:
        d.add(line.seq, f"traced an example, but the hidden tests found wrong answers: {short(line.text)}", 0)
    else:
        d.add(line.seq, f"traced an example with its values: {short(line.text)}", 1 if c.all_passed else 0.5)


# ---------------------------------------------------------------- communication


def communication(view: SessionView, speech: dict[str, Any]) -> Dimension:
    """An approach said before coding, its complexity, thinking aloud while coding, few fillers and
    no rambling. A candidate who never explains anything scores 1."""
    d = Dimension("communication")
    lines = candidate_lines(view)
    if not lines:
        if not reached(view, State.CODING) and first_code_change(view) is None:
            d.missing = "the interview ended before the candidate had anything to explain"
        else:
            d.add(0, "never said a word: nothing was explained", 0)
            d.fixed = 1
            d.miss("Explain your approach out loud before and while you code")
        return d
    before = said_before_code(view)
    plan = next((x for x, u in before if u.kind in PLAN_KINDS), None)
    d.add(
        plan.seq if plan else 0,
        "explained the approach before coding" if plan else "coded without explaining an approach first",
        1 if plan else 0,
    )
    claim = verified.last_claims(view).get("time")
    d.add(
        claim.seq if claim else 0,
        "discussed complexity" if claim else "never discussed complexity",
        1 if claim else 0,
    )
    _aloud(speech, d)
    _fillers(lines, speech, d)
    _rambling(view, lines, d)
    return d


def _aloud(speech: dict[str, Any], d: Dimension) -> None:
    silence = speech["longest_coding_silence_s"]
    if silence is None:
        d.out_of = 3
    elif silence <= 90:
        d.add(0, f"thought aloud while coding (longest silence {silence:.0f} s)", 1)
    else:
        d.add(0, f"longest silence while coding: {silence:.0f} s", 0)
        d.miss("Think aloud while coding")


def _fillers(lines: list[Line], speech: dict[str, Any], d: Dimension) -> None:
    per100 = speech["fillers_per_100"]
    if per100 is None:
        return
    last = lines[-1].seq
    d.add(last, f"{per100} filler words per 100 words", 1 if per100 <= 3 else 0.5 if per100 <= 6 else 0)
    if per100 > 6:
        d.miss("Use fewer filler words")
    if per100 > HEAVY_FILLERS_PER_100:
        d.limit(2, last, f"{per100} filler words per 100: hard to follow, communication at most 2")


def _rambling(view: SessionView, lines: list[Line], d: Dimension) -> None:
    long_empty = [x for x in lines if _rambles(view, x)]
    for line in long_empty[:2]:
        d.add(line.seq, f"a long turn with little content ({len(words(line.text))} words)", -0.5)
    if long_empty:
        d.miss("Keep turns short and to the point")


def _rambles(view: SessionView, line: Line) -> bool:
    n = len(words(line.text))
    if n < RAMBLING_WORDS:
        return False
    fillers = sum(count_fillers(line.text).values()) * 100 / n
    kind = classify(line.text, view.question, State.PROBLEM).kind
    return fillers >= RAMBLING_FILLERS_PER_100 or kind in (Kind.OTHER, Kind.OFF_TOPIC, Kind.ACK)
