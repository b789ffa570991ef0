"""The end-of-interview report: a 1-4 rubric with cited evidence, a hiring signal and the facts.

Every evidence item cites the seq of the log event it rests on; seq 0 marks a session-wide
observation about something that never happened (e.g. "no hints used"). A dimension with no
evidence at all gets `score: None` and a `missing` reason, and never a guessed score. The result
is a JSON-able dict that `protocol.Report.model_validate` accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from interview_sim.domain.analytics import (
    complexity_rank,
    mentions_edge_cases,
    speech_metrics,
    stated_complexities,
)
from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.domain.rubric_levels import LEVELS, next_level
from interview_sim.domain.utterances import PLAN_KINDS, QUESTION_KINDS, classify
from interview_sim.domain.view import (
    candidate_lines,
    ended_at_ms,
    first_code_change,
    hint_levels,
    latest_code,
    nudges,
    runs,
    state_spans,
    transcript,
)
from interview_sim.protocol import State, SubmitResult

LABELS = {
    "problem_solving": "Problem solving",
    "coding": "Coding",
    "verification": "Verification",
    "communication": "Communication",
}
_WALKTHROUGH = ("walk through", "walkthrough", "trace", "dry run", "step through", "for example", "let's try")


@dataclass
class Dimension:
    """A rubric dimension being scored: points earned out of `out_of`, with evidence."""

    name: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    points: float = 0
    out_of: float = 4
    missing: str | None = None
    gaps: list[str] = field(default_factory=list)

    def add(self, seq: int, text: str, points: float = 0) -> None:
        self.evidence.append({"seq": seq, "text": text})
        self.points += points

    def gap(self, needed: str) -> None:
        """Something that would have earned points here (the report's `next_level`)."""
        self.gaps.append(needed)

    def item(self) -> dict[str, Any]:
        score = None if self.missing else max(1, min(4, round(1 + 3 * self.points / self.out_of)))
        return {
            "dimension": self.name,
            "label": LABELS[self.name],
            "score": score,
            "evidence": self.evidence,
            "missing": self.missing,
            "levels": LEVELS[self.name],
            "next_level": next_level(score, self.gaps),
        }


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _short(text: str, limit: int = 90, hard_limit: int = 240) -> str:
    """A quote for the report that ends at a sentence boundary: whole sentences up to `limit`
    characters (at least the first one); only a first sentence over `hard_limit` is cut, at a
    word, with an ellipsis."""
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


def _rate(run: LogEvent) -> float:
    total = int(run.payload.get("total", 0))
    return int(run.payload.get("passed", 0)) / total if total else 0.0


def problem_solving(view: SessionView) -> Dimension:
    """Clarifying questions, an approach before coding, an optimal complexity, few hints."""
    d = Dimension("problem_solving")
    lines, first_code = candidate_lines(view), first_code_change(view)
    if not lines and first_code is None:
        d.missing = "the candidate neither spoke nor wrote code"
        d.gap("talk the problem through and write code")
        return d
    before = [x for x in lines if first_code is None or x.ts_ms <= first_code.ts_ms]
    kinds = {x.seq: classify(x.text, view.question, State.PROBLEM).kind for x in before}
    asked = next((x for x in before if kinds[x.seq] in QUESTION_KINDS), None)
    if asked:
        d.add(asked.seq, f"asked a clarifying question: {_short(asked.text)}", 1)
    else:
        d.gap("ask a clarifying question before coding")
    plan = next((x for x in before if kinds[x.seq] in PLAN_KINDS), None)
    if plan:
        d.add(plan.seq, f"explained an approach before coding: {_short(plan.text)}", 1)
    else:
        d.gap("explain your approach before you start coding")
    _complexity(view, d)
    hints = hint_levels(view)
    if not hints:
        d.add(0, "solved without hints", 1)
    else:
        d.add(0, f"used {len(hints)} hint(s)", 0.5 if len(hints) == 1 else 0)
        d.gap("get there with fewer hints")
    return d


def _complexity(view: SessionView, d: Dimension) -> None:
    expected = complexity_rank(view.question.complexity.time)
    for line in candidate_lines(view):
        time, _space = stated_complexities(line.text)
        rank = complexity_rank(time) if time else None
        if time is None or rank is None:
            continue
        if expected is None or rank <= expected:
            d.add(line.seq, f"stated {time} time", 1)
        else:
            d.add(line.seq, f"stated {time} time; a better bound exists", 0)
            d.gap(f"find the better bound ({view.question.complexity.time} time)")
        return
    d.gap("state the time complexity of your approach")


def coding(view: SessionView) -> Dimension:
    """The hidden-test pass rate of the last submit; sample runs (capped at 3) if never submitted."""
    d = Dimension("coding", out_of=3)
    submits, samples = runs(view, "submit"), runs(view, "sample")
    if submits:
        last = submits[-1]
        p, t = last.payload.get("passed", 0), last.payload.get("total", 0)
        r = _rate(last)
        d.add(last.seq, f"hidden tests {p}/{t}", 3 if r == 1 else 2 if r >= 0.75 else 1 if r >= 0.4 else 0)
        if r < 1:
            d.gap(f"pass more of the hidden tests ({p}/{t}): see the failed ones below")
        if last.payload.get("timed_out"):
            d.add(last.seq, "the submit timed out", -1)
            d.gap("make the solution fast enough for the large inputs")
    elif samples:
        last = samples[-1]
        p, t = last.payload.get("passed", 0), last.payload.get("total", 0)
        d.add(
            last.seq,
            f"sample tests {p}/{t}, never submitted",
            2 if _rate(last) == 1 else 1 if _rate(last) else 0,
        )
        d.gap("submit your solution so the hidden tests can judge it")
    else:
        d.missing = "no code was run"
        d.gap("run and submit your code")
    return d


def verification(view: SessionView) -> Dimension:
    """Ran samples before submitting, considered edge cases (or own tests), traced an example."""
    d = Dimension("verification", out_of=3)
    submits, samples = runs(view, "submit"), runs(view, "sample")
    lines = candidate_lines(view)
    edge = next((x for x in lines if mentions_edge_cases(x.text)), None)
    walk = next((x for x in lines if any(w in x.text.lower() for w in _WALKTHROUGH)), None)
    if not submits and not samples and edge is None and walk is None:
        d.missing = "no code was run and testing was never discussed"
        d.gap("run the sample tests, name edge cases and trace an example")
        return d
    if samples and (not submits or samples[0].seq < submits[0].seq):
        d.add(samples[0].seq, f"ran the sample tests before submitting ({len(samples)} sample run(s))", 1)
    elif submits:
        d.add(submits[0].seq, "submitted without running the sample tests", 0)
        d.gap("run the sample tests before submitting")
    else:
        d.gap("run the sample tests")
    own = next((e for e in samples if int(e.payload.get("total", 0)) > len(view.question.sample_tests)), None)
    if edge:
        d.add(edge.seq, f"considered edge cases: {_short(edge.text)}", 1)
    elif own:
        d.add(own.seq, "added test cases of their own", 1)
    else:
        d.gap("name the edge cases (empty input, duplicates, limits) or add tests of your own")
    if walk:
        d.add(walk.seq, f"traced the code on an example: {_short(walk.text)}", 1)
    else:
        d.gap("trace your code on an example out loud")
    return d


def communication(view: SessionView, speech: dict[str, Any]) -> Dimension:
    """Explained enough, discussed complexity, few fillers, kept talking while coding."""
    d = Dimension("communication")
    lines = candidate_lines(view)
    if not lines:
        d.missing = "the candidate never spoke or typed a message"
        d.gap("talk the interviewer through your thinking")
        return d
    last = lines[-1].seq
    n = speech["words"]
    d.add(last, f"said {n} words", 1 if n >= 80 else 0.5 if n >= 30 else 0)
    if n < 80:
        d.gap(f"explain more as you go ({n} words so far; 80 or more scores fully)")
    said_complexity = next((x for x in lines if any(stated_complexities(x.text))), None)
    if said_complexity:
        d.add(said_complexity.seq, f"discussed complexity: {_short(said_complexity.text)}", 1)
    else:
        d.gap("discuss the time and space complexity")
    per100 = speech["fillers_per_100"]
    if per100 is not None:
        d.add(last, f"{per100} filler words per 100 words", 1 if per100 <= 3 else 0.5 if per100 <= 6 else 0)
        if per100 > 3:
            d.gap("use fewer filler words (3 or fewer per 100 words)")
    silence = speech["longest_coding_silence_s"]
    if silence is not None:
        d.add(0, f"longest silence while coding: {silence:.0f} s", 1 if silence <= 90 else 0)
        if silence > 90:
            d.gap("keep talking while you code (no silence over 90 s)")
    else:
        d.out_of = 3
    return d


def signal(scores: list[int | None]) -> str:
    """insufficient_evidence with 2+ unscored dimensions; else by the mean score."""
    known = [s for s in scores if s is not None]
    if len(scores) - len(known) >= 2 or not known:
        return "insufficient_evidence"
    avg = mean(known)
    if avg >= 3.5:
        return "strong_hire"
    if avg >= 2.75:
        return "hire"
    return "no_hire" if avg >= 1.75 else "strong_no_hire"


def timeline(view: SessionView) -> dict[str, Any]:
    start = view.started_at_ms
    end = ended_at_ms(view) or view.now_ms
    first = first_code_change(view)
    durations: dict[str, float] = {}
    for span in state_spans(view):
        durations[span.state.value] = round(durations.get(span.state.value, 0) + span.seconds, 1)
    return {
        "duration_s": round((end - start) / 1000, 1) if start is not None else None,
        "time_to_first_code_s": round((first.ts_ms - start) / 1000, 1)
        if first and start is not None
        else None,
        "runs": len(runs(view)),
        "sample_runs": len(runs(view, "sample")),
        "submits": len(runs(view, "submit")),
        "state_durations_s": durations,
    }


def _submit(view: SessionView) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    submits = runs(view, "submit")
    if not submits:
        return None, None
    result = SubmitResult.model_validate(submits[-1].payload).model_dump(mode="json")
    total = result["total"]
    hidden = {
        "passed": result["passed"],
        "total": total,
        "rate": round(result["passed"] / total, 3) if total else 0.0,
    }
    return hidden, result


def build_report(view: SessionView, *, summary: str | None = None) -> dict[str, Any]:
    """The report for the session so far (usually after ENDED); `summary` is a model-written one."""
    speech = speech_metrics(view)
    dims = [problem_solving(view), coding(view), verification(view), communication(view, speech)]
    rubric = [d.item() for d in dims]
    hidden, submit = _submit(view)
    report: dict[str, Any] = {
        "session_id": view.session_id,
        "question_id": view.question.id,
        "question_title": view.question.title,
        "difficulty": view.difficulty,
        "company_mode": view.company_mode,
        "language": view.language,
        "signal": signal([r["score"] for r in rubric]),
        "rubric": rubric,
        "hidden_tests": hidden,
        "submit_results": submit,
        "submits": [
            SubmitResult.model_validate(e.payload).model_dump(mode="json") for e in runs(view, "submit")
        ],
        "stated_complexity": stated_complexity(view),
        "hints_used": len(hint_levels(view)),
        "nudges": [_nudge(e) for e in nudges(view)],
        "speech": speech,
        "timeline": timeline(view),
        "transcript": [_line(x) for x in transcript(view)],
        "final_code": latest_code(view),
        "generated_at_ms": view.now_ms,
    }
    report["summary"] = summary if summary else deterministic_summary(report)
    report["summary_source"] = "model" if summary else "deterministic"
    return report


def stated_complexity(view: SessionView) -> dict[str, Any] | None:
    """The first complexity the candidate stated (time, and space if said with it)."""
    for line in candidate_lines(view):
        time, space = stated_complexities(line.text)
        if time or space:
            return {"time": time, "space": space, "seq": line.seq}
    return None


def _nudge(e: LogEvent) -> dict[str, Any]:
    return {k: str(e.payload.get(k, "")) for k in ("id", "category", "severity", "text")}


def _line(x: Any) -> dict[str, Any]:
    return {"seq": x.seq, "ts_ms": x.ts_ms, "speaker": x.speaker, "text": x.text, "source": x.source}


def deterministic_summary(report: dict[str, Any]) -> str:
    """A few plain sentences built only from the report's own figures."""
    scored = [r for r in report["rubric"] if r["score"] is not None]
    parts = [f"Overall signal: {report['signal'].replace('_', ' ')}."]
    hidden = report["hidden_tests"]
    if hidden:
        parts.append(f"{hidden['passed']} of {hidden['total']} hidden tests passed.")
    else:
        parts.append("The solution was not submitted against the hidden tests.")
    parts.append(f"Hints used: {report['hints_used']}.")
    if scored:
        best = max(scored, key=lambda r: r["score"])
        worst = min(scored, key=lambda r: r["score"])
        parts.append(f"Strongest area: {best['label'].lower()} ({best['score']}/4).")
        if worst["score"] < best["score"]:
            parts.append(f"Work on: {worst['label'].lower()} ({worst['score']}/4).")
    missing = [r["label"].lower() for r in report["rubric"] if r["score"] is None]
    if missing:
        parts.append(f"Not enough evidence to score: {', '.join(missing)}.")
    speech = report["speech"]
    if speech["words"]:
        fill = speech["fillers_per_100"]
        parts.append(f"You said {speech['words']} words with {fill} filler words per 100.")
    return " ".join(parts)
