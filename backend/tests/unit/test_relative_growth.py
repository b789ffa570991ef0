"""A submit's measured growth against the reference's on the same probe: code that grows like the
reference gets the question's optimum as its label (a raw label can be a class off), clearly steeper
code keeps its measured label and is marked slower, a probe that timed out is slower."""

from __future__ import annotations

from interview_sim.judge.model import ObservedComplexity as Growth
from interview_sim.services.verdicts import relative_growth

SIZES = (1000, 4000, 16000)


def growth(label: str, exponent: float | None, note: str | None = None) -> Growth:
    return Growth(label, exponent, SIZES, (1.0, 4.0, 16.0), note)


def test_growth_like_the_reference_takes_the_optimum_label() -> None:
    # critical-connections: a linear reference measured like O(n^2) on a cache-bound probe
    out = relative_growth(growth("O(n^2)", 1.7), growth("O(n^2)", 1.69), "O(V + E)")
    assert out is not None and (out.label, out.compared_to_reference) == ("O(n)", "same")
    assert out.reference_exponent == 1.69 and out.exponent == 1.7


def test_clearly_steeper_growth_is_slower_and_keeps_its_label() -> None:
    out = relative_growth(growth("O(n^2)", 1.95), growth("O(n)", 1.02), "O(n)")
    assert out is not None and (out.label, out.compared_to_reference) == ("O(n^2)", "slower")


def test_a_probe_that_timed_out_is_slower() -> None:
    out = relative_growth(
        growth("O(1)", None, "n=4000 timed out: at least O(1)"), growth("O(n)", 1.0), "O(n)"
    )
    assert out is not None and out.compared_to_reference == "slower"


def test_flatter_growth_is_faster_and_an_unreadable_optimum_keeps_the_measured_label() -> None:
    faster = relative_growth(growth("O(log n)", 0.1), growth("O(n)", 1.0), "O(n)")
    assert faster is not None and faster.compared_to_reference == "faster" and faster.label == "O(log n)"
    same = relative_growth(growth("O(n log n)", 1.2), growth("O(n)", 1.0), "O(n!)")
    assert same is not None and same.compared_to_reference == "same" and same.label == "O(n log n)"


def test_without_a_reference_or_a_measure_nothing_is_compared() -> None:
    assert relative_growth(None, growth("O(n)", 1.0), "O(n)") is None
    alone = relative_growth(growth("O(n)", 1.0), None, "O(n)")
    assert alone is not None and alone.compared_to_reference is None and alone.label == "O(n)"
    unknown = relative_growth(growth("unknown", None, "too fast to measure"), growth("O(n)", 1.0), "O(n)")
    assert unknown is not None and unknown.compared_to_reference is None
