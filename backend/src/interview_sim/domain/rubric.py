"""The rubric's shape: its four dimensions, what a 1, 2, 3 and 4 look like on each (written once,
shown on the report next to the score), and `Dimension`, the score being built from evidence.

A dimension earns points out of `out_of` (each piece of evidence adds or takes points and cites the
log seq it rests on; seq 0 is an observation about the whole log); a cap ("three hints: problem
solving at most 2") or a fixed score ("never explained anything: 1") comes with its own evidence.
`missing` is only for a dimension the interview ended before anyone could observe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS = {
    "problem_solving": "Problem solving",
    "coding": "Coding",
    "verification": "Verification",
    "communication": "Communication",
}

LEVELS: dict[str, tuple[str, str, str, str]] = {
    "problem_solving": (
        "No workable approach, or one reached only through the hints; claims the code contradicts.",
        "A workable approach, not the optimal one or not understood (its complexity misstated), or "
        "leaning on the hints.",
        "A sound approach explained before coding, with few hints; the complexity stated is right but "
        "not optimal, or not yet verified.",
        "Clarifies the problem, explains an optimal approach before coding, states a complexity that "
        "the judge's measurement and the optimum both confirm, without hints.",
    ),
    "coding": (
        "The code fails most of the hidden tests, or never ran.",
        "Works on part of the hidden tests (or only the samples, as the page reported them), or is "
        "right on small inputs and too slow at scale.",
        "Passes every hidden test, after several submits.",
        "Passes every hidden test the server ran, at scale, in one or two submits.",
    ),
    "verification": (
        "Submitted without testing anything and without reasoning about cases.",
        "Talked about testing or edge cases without running anything, or traced an example the judge "
        "then contradicted.",
        "Ran the samples before submitting, and added own cases or traced an example.",
        "Ran the samples and own cases (edge cases included) before submitting, and traced an example "
        "with its real values that the judge's verdict bears out.",
    ),
    "communication": (
        "Never explained anything, or was very hard to follow.",
        "Explained some of it, but rambled, used many filler words, or coded without saying the "
        "approach first.",
        "Explained the approach before coding and kept the interviewer informed, with minor gaps.",
        "Explained the approach and its complexity before coding, thought aloud while coding, "
        "concise and with few filler words.",
    ),
}


@dataclass
class Dimension:
    """A rubric dimension being scored: points earned out of `out_of`, caps, advice, evidence."""

    name: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    points: float = 0
    out_of: float = 4
    missing: str | None = None
    cap: int = 4
    fixed: int | None = None
    advice: list[str] = field(default_factory=list)  # what would have earned more, in order

    def add(self, seq: int, text: str, points: float = 0) -> None:
        self.evidence.append({"seq": seq, "text": text})
        self.points += points

    def limit(self, level: int, seq: int, text: str) -> None:
        """At most `level`, whatever else was earned (the reason is shown as evidence)."""
        self.evidence.append({"seq": seq, "text": text})
        self.cap = min(self.cap, level)

    def miss(self, advice: str) -> None:
        self.advice.append(advice)

    @property
    def score(self) -> int | None:
        if self.missing:
            return None
        if self.fixed is not None:
            return self.fixed
        earned = max(1, min(4, int(1 + 3 * max(0.0, self.points) / self.out_of + 0.5)))
        return min(self.cap, earned)

    def item(self) -> dict[str, Any]:
        score = self.score
        return {
            "dimension": self.name,
            "label": LABELS[self.name],
            "score": score,
            "evidence": self.evidence,
            "missing": self.missing,
            "levels": list(LEVELS[self.name]),
            "next_level": self._next(score),
        }

    def _next(self, score: int | None) -> str | None:
        if score is None or score >= 4 or not self.advice:
            return None
        return " ".join(a if a.endswith(".") else f"{a}." for a in self.advice[:3])
