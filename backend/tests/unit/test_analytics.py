"""Speech metrics and text signals: fillers, speaking rate, talk share, silences, complexity statements."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interview_sim.domain.analytics import (
    complexity_mentions,
    complexity_rank,
    count_fillers,
    mentions_edge_cases,
    speech_metrics,
    stated_complexities,
)
from interview_sim.protocol import SpeechMetrics, State

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # backend/: `tests.support` imports
from tests.support.sessions import SessionBuilder

TEN = "one two three four five six seven eight nine ten"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I like hash maps", {}),
        ("it's like, um, a map", {"like": 1, "um": 1}),
        ("like um I guess", {"like": 1, "um": 1}),
        ("So I think we sort. So then we scan", {"so": 2}),
        ("I think so", {}),
        ("you know, it's basically O(n)", {"you know": 1, "basically": 1}),
        ("you know what the answer is", {}),
        ("it's sort of kind of literally fine, I mean, actually", {
            "sort of": 1, "kind of": 1, "literally": 1, "i mean": 1, "actually": 1,
        }),
        ("uhh erm ummm", {"uh": 1, "erm": 1, "um": 1}),
    ],
)  # fmt: skip
def test_count_fillers(text: str, expected: dict[str, int]) -> None:
    assert dict(count_fillers(text)) == expected


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("It is O(n) time and O(1) space", [("O(n)", "time"), ("O(1)", "space")]),
        ("big o of n squared", [("O(n^2)", "time")]),
        ("o of n log n time", [("O(n log n)", "time")]),
        ("linear time and constant extra space", [("O(n)", "time"), ("O(1)", "space")]),
        ("space is O(min(m, n)) and time O(m * n)", [("O(min(m, n))", "space"), ("O(m * n)", "time")]),
        ("I would use a hash map", []),
    ],
)
def test_complexity_mentions(text: str, mentions: list[tuple[str, str]]) -> None:
    assert [(m.expr, m.aspect) for m in complexity_mentions(text)] == mentions


def test_stated_complexities_picks_first_time_and_space() -> None:
    assert stated_complexities("O(n) extra memory but O(n log n) time") == ("O(n log n)", "O(n)")
    assert stated_complexities("no idea") == (None, None)


def test_complexity_rank_orders_common_classes() -> None:
    order = ["O(1)", "O(log n)", "O(sqrt(n))", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)", "O(2^n)", "O(n!)"]
    ranks = [complexity_rank(e) for e in order]
    assert all(r is not None for r in ranks)
    assert ranks == sorted(ranks)  # type: ignore[type-var]
    assert complexity_rank("O(m * n)") == complexity_rank("O(n^2)")
    assert complexity_rank("O(|s| + |t|)") == complexity_rank("O(n)")
    assert complexity_rank("O(N * L * 26)") == complexity_rank("O(n^2)")
    assert complexity_rank("O()") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what about an empty array", True),
        ("duplicates?", True),
        ("negative numbers", True),
        ("I loop", False),
    ],
)
def test_mentions_edge_cases(text: str, expected: bool) -> None:
    assert mentions_edge_cases(text) is expected


# ---------------------------------------------------------------- speech_metrics


def test_nobody_spoke() -> None:
    metrics = speech_metrics(SessionBuilder().view(now_s=60))
    assert metrics["words"] == 0 and metrics["wpm"] is None and metrics["talk_share"] is None
    assert metrics["fillers_per_100"] is None and metrics["wpm_series"] == []
    SpeechMetrics.model_validate(metrics)


def test_words_fillers_and_talk_share() -> None:
    b = (
        SessionBuilder()
        .at(5)
        .interviewer(TEN)
        .at(20)
        .say(f"um {TEN}, like, uh")
        .at(30)
        .say(TEN, source="typed")
    )
    metrics = speech_metrics(b.view())
    assert metrics["words"] == 23
    assert metrics["filler_words"] == 3 and metrics["filler_counts"] == {"like": 1, "uh": 1, "um": 1}
    assert metrics["fillers_per_100"] == 13.0
    assert metrics["talk_share"] == round(23 / 33, 3)


def test_wpm_needs_twenty_spoken_words() -> None:
    b = SessionBuilder().at(5).interviewer("Go on.").at(15).say(TEN)
    assert speech_metrics(b.view())["wpm"] is None
    b.at(100).say(TEN * 3, source="typed")  # typed words are not speech
    assert speech_metrics(b.view())["wpm"] is None


def test_wpm_from_the_gap_since_the_previous_line() -> None:
    b = SessionBuilder().at(5).interviewer("Tell me more.").at(17).say(f"{TEN} {TEN}")  # 20 words in 12 s
    assert speech_metrics(b.view())["wpm"] == 100.0


def test_wpm_clamps_long_pauses_and_uses_nominal_rate_without_a_previous_line() -> None:
    paused = SessionBuilder().at(5).interviewer("Go.").at(300).say(f"{TEN} {TEN}")  # capped at 1 s/word
    assert speech_metrics(paused.view())["wpm"] == 60.0
    first = SessionBuilder().at(30).say(f"{TEN} {TEN}")
    assert speech_metrics(first.view())["wpm"] == 150.0


def test_wpm_series_per_minute() -> None:
    b = SessionBuilder().at(5).interviewer("Go.").at(15).say(f"{TEN} {TEN}")  # 20 words in 10 s
    b.at(70).interviewer("And?").at(100).say(TEN)  # 10 words in 30 s -> capped at 10 s
    series = speech_metrics(b.view())["wpm_series"]
    assert series == [{"t_s": 0.0, "wpm": 120.0}, {"t_s": 60.0, "wpm": 60.0}]


def test_longest_coding_silence() -> None:
    b = SessionBuilder().at(10).move(State.PROBLEM).at(20).move(State.CODING)
    b.at(50).say("loop").at(200).say("done").at(230).move(State.REVIEW).at(400).say("long talk in review")
    assert speech_metrics(b.view())["longest_coding_silence_s"] == 150.0
    assert speech_metrics(SessionBuilder().view(now_s=100))["longest_coding_silence_s"] is None


def test_silence_runs_to_now_while_still_coding() -> None:
    b = SessionBuilder().at(10).move(State.PROBLEM).at(20).move(State.CODING).at(30).say("start")
    assert speech_metrics(b.view(now_s=330))["longest_coding_silence_s"] == 300.0
