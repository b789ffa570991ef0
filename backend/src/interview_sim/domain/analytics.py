"""Speech metrics and text signals from the candidate's utterances.

Speaking time. TRANSCRIPT_FINAL carries no timing, so each speech utterance's duration is
estimated: it started no earlier than the previous transcript line (candidate or interviewer)
ended, so the gap since that line bounds it. The estimate is that gap clamped to
[words * 0.15 s, words * 1 s] (400 to 60 wpm), and words / 150 wpm (the nominal rate) when
there is no previous line. A payload `duration_ms` is used as is when a client sends one.
Typed utterances count as words and fillers but not as speaking time.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from interview_sim.domain.model import SessionView
from interview_sim.domain.view import Line, candidate_lines, interviewer_lines, state_spans, transcript
from interview_sim.protocol import EventType, State

NOMINAL_WPM = 150.0
MIN_WORDS_FOR_RATE = 20
_WORD = re.compile(r"[A-Za-z0-9']+")
_FILLERS: dict[str, re.Pattern[str]] = {
    "um": re.compile(r"\bu+m+\b"),
    "uh": re.compile(r"\bu+h+\b"),
    "erm": re.compile(r"\ber+m+\b"),
    "like": re.compile(r"\blike(?=,|\s+(?:um+|uh+)\b)"),
    "you know": re.compile(r"\byou know\b(?!\s+(?:how|what|that|why|where|if)\b)"),
    "basically": re.compile(r"\bbasically\b"),
    "actually": re.compile(r"\bactually\b"),
    "literally": re.compile(r"\bliterally\b"),
    "sort of": re.compile(r"\bsort of\b"),
    "kind of": re.compile(r"\bkind of\b"),
    "i mean": re.compile(r"\bi mean\b"),
    "so": re.compile(r"(?:^|[.!?]\s+)so\b"),
}
_EDGE = re.compile(
    r"\b(edge|corner|empty|null|none|nil|zero|negative|duplicates?|single|one element|overflow|"
    r"boundary|largest|smallest|no (?:solution|answer|match|window))\b"
)


@dataclass(frozen=True)
class Spoken:
    """A candidate line with its word count and estimated speaking seconds (None: typed)."""

    line: Line
    words: int
    seconds: float | None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def count_fillers(text: str) -> Counter[str]:
    """Filler words by kind; "like" only as a filler ("like," / "like um"), "so" only sentence-first."""
    low = text.lower()
    return Counter({k: n for k, p in _FILLERS.items() if (n := len(p.findall(low)))})


def mentions_edge_cases(text: str) -> bool:
    """Whether the text talks about edge cases (empty/null/duplicates/negative/boundaries...)."""
    return bool(_EDGE.search(text.lower()))


def spoken(view: SessionView) -> list[Spoken]:
    """Every candidate line with its estimated speaking time (see the module docstring)."""
    durations = {e.seq: e.payload.get("duration_ms") for e in view.of_type(EventType.TRANSCRIPT_FINAL)}
    out: list[Spoken] = []
    prev_ts: int | None = None
    for line in transcript(view):
        if line.speaker == "candidate":
            out.append(_spoken(line, prev_ts, durations.get(line.seq)))
        prev_ts = line.ts_ms
    return out


def _spoken(line: Line, prev_ts: int | None, duration_ms: Any) -> Spoken:
    n = len(words(line.text))
    if line.source == "typed":
        return Spoken(line, n, None)
    if isinstance(duration_ms, int | float) and duration_ms > 0:
        return Spoken(line, n, duration_ms / 1000)
    if prev_ts is None:
        return Spoken(line, n, n * 60 / NOMINAL_WPM)
    gap = max(0, line.ts_ms - prev_ts) / 1000
    return Spoken(line, n, min(max(gap, n * 0.15), n * 1.0))


def rate(items: list[Spoken]) -> float | None:
    """Words per minute over the speech items; None under MIN_WORDS_FOR_RATE words."""
    timed = [s for s in items if s.seconds is not None]
    n = sum(s.words for s in timed)
    secs = sum(s.seconds or 0 for s in timed)
    if n < MIN_WORDS_FOR_RATE or secs <= 0:
        return None
    return round(n * 60 / secs, 1)


def longest_coding_silence_s(view: SessionView) -> float | None:
    """Longest gap without a candidate utterance inside any CODING span; None if never CODING."""
    coding = [s for s in state_spans(view) if s.state == State.CODING]
    if not coding:
        return None
    said = [line.ts_ms for line in candidate_lines(view)]
    longest = 0.0
    for span in coding:
        marks = [span.start_ms, *(t for t in said if span.start_ms <= t <= span.end_ms), span.end_ms]
        longest = max(longest, *((b - a) / 1000 for a, b in itertools.pairwise(marks)))
    return round(longest, 1)


def wpm_series(view: SessionView, items: list[Spoken]) -> list[dict[str, float]]:
    """Speaking rate per minute of the interview (buckets with speech only)."""
    start = view.started_at_ms or (items[0].line.ts_ms if items else 0)
    buckets: dict[int, list[Spoken]] = {}
    for s in items:
        if s.seconds:
            buckets.setdefault(max(0, (s.line.ts_ms - start) // 60_000), []).append(s)
    out = []
    for minute, group in sorted(buckets.items()):
        secs = sum(s.seconds or 0 for s in group)
        out.append({"t_s": float(minute * 60), "wpm": round(sum(s.words for s in group) * 60 / secs, 1)})
    return out


def speech_metrics(view: SessionView) -> dict[str, Any]:
    """The report's SpeechMetrics: words, wpm, fillers, talk share, coding silence, wpm per minute."""
    items = spoken(view)
    n = sum(s.words for s in items)
    fillers: Counter[str] = Counter()
    for s in items:
        fillers.update(count_fillers(s.line.text))
    other = sum(len(words(line.text)) for line in interviewer_lines(view))
    total_fillers = sum(fillers.values())
    return {
        "words": n,
        "wpm": rate(items),
        "filler_words": total_fillers,
        "fillers_per_100": round(total_fillers * 100 / n, 1) if n else None,
        "filler_counts": dict(sorted(fillers.items())),
        "talk_share": round(n / (n + other), 3) if n + other else None,
        "longest_coding_silence_s": longest_coding_silence_s(view),
        "wpm_series": wpm_series(view, items),
    }


# ---------------------------------------------------------------- complexity statements

_SPOKEN_WORDS = (
    (r"\bsquared\b", "^2"),
    (r"\bcubed\b", "^3"),
    (r"\bone\b", "1"),
    (r"\btimes\b", "*"),
    (r"\bplus\b", "+"),
    (r"\blog of\b", "log"),
)
_NAMED = (
    (re.compile(r"\bn log n\b"), "n log n"),
    (re.compile(r"\b(?:linearithmic|log[- ]linear)\b"), "n log n"),
    (re.compile(r"\bquadratic\b"), "n^2"),
    (re.compile(r"\bcubic\b"), "n^3"),
    (re.compile(r"\bexponential\b"), "2^n"),
    (re.compile(r"\blogarithmic\b"), "log n"),
    (re.compile(r"\blinear\b"), "n"),
    (re.compile(r"\bconstant\b"), "1"),
)
_SPOKEN_O = re.compile(
    r"\b(?:big[- ]?)?o of ((?:[a-z0-9^*+]+ ?){1,5}?)(?=\s*(?:time|space|memory|runtime|and|with|because|"
    r"since|for|in|overall|which|[.,;!?]|$))"
)


@dataclass(frozen=True)
class ComplexityMention:
    """A complexity the candidate stated, canonical as "O(...)", with what it is about."""

    expr: str
    aspect: str  # "time" or "space"


def complexity_mentions(text: str) -> list[ComplexityMention]:
    """Complexities stated in `text`: "O(n log n)", "o of n squared", "linear time", "constant space"."""
    low = text.lower()
    found: list[tuple[int, int, str]] = list(_explicit(low))
    for m in _SPOKEN_O.finditer(low):
        found.append((m.start(), m.end(), _spoken_expr(m.group(1))))
    for pattern, expr in _NAMED:
        for m in pattern.finditer(low):
            if not any(a <= m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), expr))
    found.sort()
    starts = [a for a, _, _ in found[1:]] + [len(low)]
    pairs = zip(found, starts, strict=False)
    return [ComplexityMention(f"O({e})", _aspect(low, a, b, nxt)) for (a, b, e), nxt in pairs]


def _explicit(low: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"(?<![a-z])o\s*\(", low):
        depth, i = 1, m.end()
        while i < len(low) and depth:
            depth += {"(": 1, ")": -1}.get(low[i], 0)
            i += 1
        if depth == 0:
            out.append((m.start(), i, " ".join(low[m.end() : i - 1].split())))
    return out


def _spoken_expr(raw: str) -> str:
    expr = raw.strip()
    for pattern, repl in _SPOKEN_WORDS:
        expr = re.sub(pattern, repl, expr)
    return " ".join(expr.replace(" ^", "^").split())


_ADJACENT = re.compile(
    r"\s*(?:in\s+|of\s+)?(?:extra\s+|auxiliary\s+|additional\s+)?(space|memory|extra|time|runtime)"
)
_ASPECT_WORD = re.compile(r"(space|memory|extra)|(time|runtime|run)")


def _aspect(low: str, start: int, end: int, next_start: int) -> str:
    """What a mention is about: a word right after it ("O(n) time", "O(1) in extra space"), else the
    nearest word before it ("time complexity is O(n)"), else the nearest word after it."""
    after, before = low[end : min(end + 25, next_start)], low[max(0, start - 25) : start]
    if adjacent := _ADJACENT.match(after):
        return "time" if adjacent.group(1) in ("time", "runtime") else "space"
    behind = [(len(before) - m.end(), bool(m.group(1))) for m in _ASPECT_WORD.finditer(before)]
    ahead = [(m.start(), bool(m.group(1))) for m in _ASPECT_WORD.finditer(after)]
    nearest = min(behind) if behind else min(ahead) if ahead else None
    return "space" if nearest is not None and nearest[1] else "time"


def complexity_rank(expr: str) -> tuple[float, int] | None:
    """An ordering key for a complexity: (polynomial degree, log factors); None if unreadable.

    Every variable counts as n (O(m * n) ranks with O(n^2)); min/max and |x| are read as their
    arguments; 2^n ranks 100 and n! ranks 1000.
    """
    body = expr.lower().strip()
    body = body[2:-1] if body.startswith("o(") and body.endswith(")") else body
    body = body.replace("|", "").replace("²", "^2").replace("³", "^3")
    body = re.sub(r"\b(min|max)\b", "", body)
    if not body.strip():
        return None
    terms = [t for t in re.split(r"[+,]", body.replace("(", " ").replace(")", " ")) if t.strip()]
    ranks = [r for t in terms if (r := _term_rank(t)) is not None]
    return max(ranks) if ranks else None


def _term_rank(term: str) -> tuple[float, int] | None:
    if "!" in term:
        return (1000.0, 0)
    if re.search(r"\d\s*\^\s*[a-z]", term):
        return (100.0, 0)
    logs = len(re.findall(r"log", term))
    rest = re.sub(r"log\w*(?:\s+[a-z0-9]\b)?", " ", term)
    degree = 0.5 * len(re.findall(r"sqrt", rest))
    rest = re.sub(r"sqrt\s*[a-z]?\b", " ", rest)
    for _var, power in re.findall(r"([a-z])(?:\s*\^\s*(\d+))?", rest):
        degree += int(power) if power else 1
    if degree == 0 and not logs and not re.search(r"\d", rest):
        return None
    return (degree, logs)


def stated_complexities(text: str) -> tuple[str | None, str | None]:
    """The first stated (time, space) complexities in `text`."""
    mentions = complexity_mentions(text)
    time = next((m.expr for m in mentions if m.aspect == "time"), None)
    space = next((m.expr for m in mentions if m.aspect == "space"), None)
    return time, space
