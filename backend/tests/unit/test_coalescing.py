from __future__ import annotations

from itertools import pairwise

from interview_sim.llm import split_words
from interview_sim.services.coalescing import DeltaCoalescer

TEXT = "Hi, I'm your interviewer today and we will work through one problem together. Ready when you are"


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _run(
    coalescer: DeltaCoalescer,
    clock: FakeClock,
    step_s: float,
    text: str = TEXT,
    sent_at: list[float] | None = None,
) -> list[str]:
    """The phrases of `text` fed a word per `step_s`; `sent_at` gets when each phrase but the drained
    rest went out."""
    chunks = []
    for word in split_words(text):
        if (chunk := coalescer.add(word)) is not None:
            chunks.append(chunk)
            if sent_at is not None:
                sent_at.append(clock.t)
        clock.t += step_s
    if (rest := coalescer.drain()) is not None:
        chunks.append(rest)
    return chunks


def test_the_first_delta_goes_out_at_once() -> None:
    coalescer = DeltaCoalescer(0.1, now=FakeClock())
    assert coalescer.add("Hi ") == "Hi "
    assert coalescer.add("there ") is None and coalescer.pending


def test_phrases_join_to_the_exact_text_and_are_fewer_than_words() -> None:
    clock = FakeClock()
    chunks = _run(DeltaCoalescer(0.1, on_clause=False, now=clock), clock, 0.025)
    assert "".join(chunks) == TEXT
    assert chunks[0] == "Hi, "
    # 16 words at 25 ms: the first, then one per 100 ms (4 words), then the rest
    assert len(chunks) == 5 and len(chunks) < len(split_words(TEXT))


def test_a_clause_boundary_flushes_early() -> None:
    clock = FakeClock()
    # "together." comes 300 ms after the first phrase: past half the 400 ms interval, short of all of it
    chunks = _run(DeltaCoalescer(0.4, now=clock), clock, 0.025)
    assert "".join(chunks) == TEXT
    assert chunks == ["Hi, ", "I'm your interviewer today and we will work through one problem together. ",
                      "Ready when you are"]  # fmt: skip


def test_clause_boundaries_closer_than_half_the_interval_wait() -> None:
    # A comma every word or two: flushing at each sent a phrase every 25-50 ms.
    text = "Hi Sam, I'm Alex, and today, if that's fine, we will, step by step, solve one problem. Ready?"
    clock, sent_at = FakeClock(), []
    chunks = _run(DeltaCoalescer(0.1, now=clock), clock, 0.025, text, sent_at)
    assert "".join(chunks) == text
    gaps = [b - a for a, b in pairwise(sent_at)]
    assert gaps and min(gaps) >= 0.05 - 1e-9
    clause_ends = sum(w.rstrip()[-1] in ",.?" for w in split_words(text))
    assert len(chunks) < clause_ends  # fewer phrases than clauses
    # and a clause still ends a phrase before the full interval: "Sam, I'm Alex, " at 75 ms
    assert chunks[:2] == ["Hi ", "Sam, I'm Alex, "] and sent_at[1] < 0.1


def test_a_zero_interval_sends_every_delta() -> None:
    clock = FakeClock()
    assert _run(DeltaCoalescer(0, now=clock), clock, 0.0) == split_words(TEXT)
