"""Large and adversarial hidden tests for word-break (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

LENGTH = 1_000
WORDS = 1_000
MAX_WORD = 20
PROBE_SIZES = (250, 500, 1_000)


def _word(rng: Random, letters: str, length: int) -> str:
    return "".join(rng.choice(letters) for _ in range(length))


def _dictionary(rng: Random, letters: str, lengths: range) -> list[str]:
    words: set[str] = set()
    while len(words) < WORDS:
        words.add(_word(rng, letters, rng.choice(lengths)))
    return sorted(words)


def _sentence(rng: Random, words: list[str], length: int) -> str:
    """Random dictionary words glued together, cut back to whole words within `length`."""
    out = ""
    while True:
        word = rng.choice(words)
        if len(out) + len(word) > length:
            return out
        out += word


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A breakable 1000-letter string of random words and the same with one letter changed; strings
    of "a"s that no dictionary of "a"-runs can finish, and words of even length against an odd
    length (plain recursion without memoisation tries exponentially many cuts on both); a greedy
    longest-word trap."""
    words = _dictionary(rng, "abc", range(1, MAX_WORD + 1))
    breakable = _sentence(rng, words, LENGTH)
    broken = breakable[:-1] + "d"
    even = _dictionary(rng, "ab", range(2, MAX_WORD + 1, 2))
    odd = _sentence(rng, even, LENGTH - 1) + "a"
    runs = ["a" * k for k in range(1, MAX_WORD + 1)]
    trap = "goalspecial" * (LENGTH // 11)
    return [
        ("large input", [breakable, words]),
        ("large input", [broken, words]),
        ("adversarial", ["a" * (LENGTH - 1) + "b", runs]),
        ("adversarial", [odd, even]),
        ("adversarial", [trap, ["go", "goal", "goals", "special"]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A breakable string of about n letters over "abc" and a dictionary of 1000 words."""
    words = _dictionary(rng, "abc", range(1, MAX_WORD + 1))
    return [_sentence(rng, words, n), words]
