from __future__ import annotations

from interview_sim.llm import split_words
from interview_sim.services.coalescing import DeltaCoalescer

TEXT = "Hi, I'm your interviewer today and we will work through one problem together. Ready when you are"


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _run(coalescer: DeltaCoalescer, clock: FakeClock, step_s: float) -> list[str]:
    chunks = []
    for word in split_words(TEXT):
        if (chunk := coalescer.add(word)) is not None:
            chunks.append(chunk)
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
    chunks = _run(DeltaCoalescer(10.0, now=clock), clock, 0.025)
    assert "".join(chunks) == TEXT
    assert chunks == ["Hi, ", "I'm your interviewer today and we will work through one problem together. ",
                      "Ready when you are"]  # fmt: skip


def test_a_zero_interval_sends_every_delta() -> None:
    clock = FakeClock()
    assert _run(DeltaCoalescer(0, now=clock), clock, 0.0) == split_words(TEXT)
