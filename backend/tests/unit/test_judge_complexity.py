"""The observed-complexity estimate on synthetic timings: clean, noisy, too fast, timed out."""

from __future__ import annotations

import math
import random

import pytest

from interview_sim.judge.complexity import estimate

SHAPES = {
    "O(1)": lambda n: 1.0,
    "O(log n)": math.log,
    "O(n)": lambda n: n,
    "O(n log n)": lambda n: n * math.log(n),
    "O(n^2)": lambda n: n * n,
    "worse than O(n^2)": lambda n: n**3,
}
SIZE_SETS = [(4_000, 16_000, 64_000), (1_000, 10_000, 100_000), (500, 1_000, 2_000, 4_000)]


def timings(label: str, sizes: tuple[int, ...], noise: float = 0.0, seed: int = 0) -> list[tuple[int, float]]:
    rng = random.Random(seed)
    scale = 0.01 / SHAPES[label](sizes[0])  # 0.01 ms at the smallest size
    return [(n, SHAPES[label](n) * scale * (1 + rng.uniform(-noise, noise))) for n in sizes]


@pytest.mark.parametrize("sizes", SIZE_SETS)
@pytest.mark.parametrize("label", list(SHAPES))
def test_clean_timings_give_their_class(label: str, sizes: tuple[int, ...]) -> None:
    assert estimate(timings(label, sizes)).label == label


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize(
    ("label", "noise"), [("O(1)", 0.03), ("O(n)", 0.03), ("O(n log n)", 0.03), ("O(n^2)", 0.2)]
)
def test_noisy_timings_keep_their_class(label: str, noise: float, seed: int) -> None:
    assert estimate(timings(label, (4_000, 16_000, 64_000), noise, seed)).label == label


@pytest.mark.parametrize("seed", range(20))
def test_heavy_noise_still_separates_linear_from_quadratic_and_cubic(seed: int) -> None:
    sizes = (4_000, 16_000, 64_000)
    assert estimate(timings("O(n)", sizes, 0.3, seed)).label in ("O(n)", "O(n log n)")
    assert estimate(timings("O(n^2)", sizes, 0.3, seed)).label == "O(n^2)"
    assert estimate(timings("worse than O(n^2)", sizes, 0.3, seed)).label == "worse than O(n^2)"


def test_the_exponent_is_the_log_log_slope() -> None:
    result = estimate([(1_000, 1.0), (2_000, 4.0), (4_000, 16.0)])
    assert result.exponent == pytest.approx(2.0)
    assert result.sizes == (1_000, 2_000, 4_000) and result.ms == (1.0, 4.0, 16.0)


def test_too_fast_to_measure_is_unknown() -> None:
    result = estimate([(1_000, 2e-5), (4_000, 3e-5), (16_000, 2e-5)])
    assert (result.label, result.note) == ("unknown", "too fast to measure")


def test_one_size_is_unknown() -> None:
    assert estimate([(1_000, 5.0)]).label == "unknown"
    assert estimate([]).label == "unknown"


def test_a_timeout_raises_the_class_to_what_the_limit_proves() -> None:
    # 40 ms at n=16000, and n=64000 overran 2000 ms: at least a 2.8 exponent over that step.
    result = estimate([(4_000, 2.5), (16_000, 40.0)], timed_out_at=64_000, limit_ms=2_000)
    assert result.label == "worse than O(n^2)"
    assert result.note is not None and "64000 timed out" in result.note
    assert result.exponent is not None and result.exponent >= 2.8


def test_a_timeout_never_lowers_the_measured_class() -> None:
    # O(n) that just crosses the limit at the next size: the bound (0.2) is below the measured slope.
    result = estimate([(4_000, 375.0), (16_000, 1500.0)], timed_out_at=64_000, limit_ms=2_000)
    assert result.label == "O(n)"


def test_a_timeout_at_the_first_size_is_unknown() -> None:
    result = estimate([], timed_out_at=4_000, limit_ms=2_000)
    assert result.label == "unknown" and result.note is not None and "timed out" in result.note
