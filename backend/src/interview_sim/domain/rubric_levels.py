"""What each rubric score looks like, and how the report says what the next score needed.

The level texts describe the scoring rules in `scoring.py` in plain words; the gaps a dimension
records while it is scored (things that would have earned points) become its `next_level`."""

from __future__ import annotations

LEVELS: dict[str, list[str]] = {
    "problem_solving": [
        "Started without clarifying or planning, no complexity, or leaned on hints.",
        "Some of: a clarifying question, an approach before coding, a stated complexity.",
        "Clarified and planned before coding, with a stated complexity or few hints.",
        "Clarified, planned before coding, stated the optimal complexity, and needed no hints.",
    ],
    "coding": [
        "The code passed under 40% of the hidden tests (or only ran the samples, failing).",
        "Passed 40-74% of the hidden tests, or passed the samples without submitting.",
        "Passed 75-99% of the hidden tests, in time.",
        "Passed every hidden test, in time.",
    ],
    "verification": [
        "Submitted without running the samples, naming edge cases or tracing an example.",
        "One of: ran the samples first, named edge cases (or added tests), traced an example.",
        "Two of those three.",
        "All three: ran the samples first, named edge cases, traced the code on an example.",
    ],
    "communication": [
        "Said little, never discussed complexity, many fillers or long silences while coding.",
        "Some explanation; one or two of complexity, few fillers, talking while coding.",
        "Explained as they went, with most of: complexity, few fillers, no long silences.",
        "Explained throughout (80+ words), discussed complexity, few fillers, never long silent.",
    ],
}


def next_level(score: int | None, gaps: list[str]) -> str | None:
    """What the next score needed: the first gaps, as one sentence; none at 4/4 or without gaps."""
    if (score is not None and score >= 4) or not gaps:
        return None
    text = "; ".join(gaps[:3])
    return text[0].upper() + text[1:] + "."
