"""An estimate of how running time grows, from the minimum times at a few growing sizes. Pure.

The growth exponent is the least-squares slope of log(time) over log(n). Each class has the slope
its own shape would show over the same sizes (O(log n) about 0.1, O(n log n) about 1.1 for sizes
around 10^4), and the estimate is the class whose slope is nearest. A size that timed out gives a
lower bound: the time grew from the last measured size to past the limit, so the slope is at least
log(limit / t_last) / log(n_timeout / n_last), and the label is never below the class nearest that bound.
It is an estimate, labelled as such: noise on a busy machine moves it by a class now and then.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .model import ObservedComplexity

UNKNOWN = "unknown"
SHAPES: tuple[tuple[str, Callable[[float], float]], ...] = (
    ("O(1)", lambda n: 1.0),
    ("O(log n)", lambda n: math.log(n)),
    ("O(n)", lambda n: n),
    ("O(n log n)", lambda n: n * math.log(n)),
    ("O(n^2)", lambda n: n * n),
    ("worse than O(n^2)", lambda n: n**3),
)
MEASURABLE_MS = 1e-4  # below 0.1 microsecond per call the timer says nothing


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread


def class_slopes(sizes: Sequence[int]) -> list[float]:
    logs = [math.log(n) for n in sizes]
    return [slope(logs, [math.log(shape(n)) for n in sizes]) for _, shape in SHAPES]


def nearest_class(exponent: float, sizes: Sequence[int]) -> int:
    slopes = class_slopes(sizes)
    return min(range(len(SHAPES)), key=lambda k: abs(slopes[k] - exponent))


def estimate(
    points: Sequence[tuple[int, float]],
    timed_out_at: int | None = None,
    limit_ms: float | None = None,
) -> ObservedComplexity:
    """`points`: (n, minimum ms per call) at ascending sizes; `timed_out_at`: the first size whose
    call overran `limit_ms`, if any (larger sizes were not tried)."""
    sizes, ms = tuple(n for n, _ in points), tuple(t for _, t in points)
    if len(set(sizes)) < 2 and timed_out_at is None:
        return ObservedComplexity(UNKNOWN, None, sizes, ms, note="fewer than two sizes were measured")
    if ms and max(ms) < MEASURABLE_MS:
        return ObservedComplexity(UNKNOWN, None, sizes, ms, note="too fast to measure")
    if any(t <= 0 for t in ms):
        return ObservedComplexity(UNKNOWN, None, sizes, ms, note="a time could not be measured")
    exponent = slope([math.log(n) for n in sizes], [math.log(t) for t in ms]) if len(sizes) >= 2 else None
    all_sizes = (*sizes, timed_out_at) if timed_out_at else sizes
    index = nearest_class(exponent, all_sizes) if exponent is not None else 0
    note = None
    if timed_out_at is not None and limit_ms is not None and sizes:
        bound = math.log(limit_ms / ms[-1]) / math.log(timed_out_at / sizes[-1])
        index = max(index, nearest_class(bound, all_sizes))
        exponent = max(exponent, bound) if exponent is not None else bound
        note = f"n={timed_out_at} timed out ({limit_ms:.0f} ms): at least {SHAPES[index][0]}"
    elif timed_out_at is not None:
        return ObservedComplexity(UNKNOWN, None, sizes, ms, note=f"n={timed_out_at} timed out first")
    return ObservedComplexity(
        SHAPES[index][0], round(exponent, 3) if exponent is not None else None, sizes, ms, note
    )
