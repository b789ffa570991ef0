"""The probe's timing rounds (the harness's `probe`, with a fake runner on a fake machine whose speed
changes) and how the parent reads their reports (`probe_points`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from interview_sim.judge import Case, JudgeRequest, Probe
from interview_sim.judge.complexity import estimate
from interview_sim.judge.config import JudgeConfig
from interview_sim.judge.pool import probe_points
from interview_sim.judge.run import Progress

sys.path.insert(0, str(Path(__file__).parents[2] / "src/interview_sim/judge/harness"))
from common import PROBE_ROUNDS, Sampler, probe  # the sandbox imports it so

SIZES = (250, 500, 1_000)


class Channel:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def emit(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


def quadratic_ms(n: int) -> float:
    return n * n / 1e6


class QuadraticOnAMachine:
    """Times `quadratic_ms(n)` per call (or `call_ms` at every size), `slow_for` timings at twice
    that first (a busy stretch), failing the way `fails` says: {n: "at the first call" | "later"}."""

    broken = False

    def __init__(
        self, slow_for: int = 0, fails: dict[int, str] | None = None, call_ms: float | None = None
    ) -> None:
        self.timings, self.slow_for, self.fails, self.call_ms = 0, slow_for, fails or {}, call_ms

    def time(self, n: int) -> float:
        self.timings += 1
        ms = quadratic_ms(n) if self.call_ms is None else self.call_ms
        return ms * (2 if self.timings <= self.slow_for else 1)

    def sampler(self, message: dict[str, Any]) -> Sampler | dict[str, Any]:
        n = message["n"]
        if self.fails.get(n) == "at the first call":
            return {"failed": "timed_out", "error_kind": None}

        def time_unit() -> float:
            if self.fails.get(n) == "later":
                raise TimeoutError
            return self.time(n)

        return Sampler(n, self.time(n), 1, time_unit)


def sizes(*ns: int, budget_ms: float = 400.0) -> list[dict[str, Any]]:
    return [{"t": "probe", "n": n, "args": "[]", "limit_ms": 1000, "budget_ms": budget_ms} for n in ns]


def progress(reports: list[dict[str, Any]], ns: tuple[int, ...] = SIZES) -> Progress:
    request = JudgeRequest("", "python", "f", [Case((1,), 1)], probe=Probe(tuple((n, ([],)) for n in ns)))
    p = Progress(request, JudgeConfig(), 0.0, [])
    p.probe = [(r["n"], r) for r in reports]
    return p


def test_every_size_is_timed_once_per_round_in_turn() -> None:
    channel = Channel()
    assert probe(channel, QuadraticOnAMachine(), sizes(*SIZES))
    assert [m["n"] for m in channel.sent] == list(SIZES) * PROBE_ROUNDS


def test_a_busy_stretch_while_the_small_size_is_timed_does_not_flatten_the_growth() -> None:
    # A stretch as long as one size's timings: timed back to back, they would all fall on the smallest.
    channel = Channel()
    probe(channel, QuadraticOnAMachine(slow_for=PROBE_ROUNDS), sizes(*SIZES))
    points, failed = probe_points(progress(channel.sent))
    assert points == [(n, quadratic_ms(n)) for n in SIZES] and failed is None
    assert estimate(points).label == "O(n^2)"


def test_the_first_size_that_fails_ends_the_probe_and_the_sizes_before_it_keep_their_rounds() -> None:
    channel = Channel()
    assert probe(channel, QuadraticOnAMachine(fails={1_000: "at the first call"}), sizes(*SIZES))
    assert [m["n"] for m in channel.sent] == [250, 500, 1_000]  # no rounds after a failure
    points, failed = probe_points(progress(channel.sent))
    assert points == [(250, quadratic_ms(250)), (500, quadratic_ms(500))] and failed == (1_000, "timed_out")


def test_a_size_that_fails_in_a_later_round_keeps_its_first_time_and_drops_out() -> None:
    channel = Channel()
    assert probe(channel, QuadraticOnAMachine(fails={500: "later"}), sizes(*SIZES))
    assert [m["n"] for m in channel.sent].count(500) == 1
    assert [m["n"] for m in channel.sent].count(1_000) == PROBE_ROUNDS
    assert probe_points(progress(channel.sent)) == ([(n, quadratic_ms(n)) for n in SIZES], None)


@pytest.mark.parametrize(("call_ms", "timings"), [(1.0, PROBE_ROUNDS), (60.0, 6), (250.0, 1), (900.0, 1)])
def test_each_size_is_timed_again_while_its_timings_stay_within_its_budget(
    call_ms: float, timings: int
) -> None:
    channel = Channel()
    probe(channel, QuadraticOnAMachine(call_ms=call_ms), sizes(*SIZES, budget_ms=400.0))
    assert [m["n"] for m in channel.sent].count(250) == timings


def test_the_parent_keeps_each_sizes_fastest_timing() -> None:
    reports = [
        {"n": 250, "ms": 2.0},
        {"n": 500, "ms": 8.0},
        {"n": 250, "ms": 1.0},
        {"n": 500, "failed": "timed_out"},  # a slow moment after a good timing: not a failure
        {"n": 500, "ms": 4.0},
        {"n": 1_000, "ms": float("nan")},  # forged or broken: no time
    ]
    assert probe_points(progress(reports)) == ([(250, 1.0), (500, 4.0)], (1_000, "no time"))
    assert probe_points(progress(reports[:2])) == ([(250, 2.0), (500, 8.0)], None)  # 1,000 not reached
