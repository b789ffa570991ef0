"""Large and adversarial hidden tests for group-anagrams (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PROBE_SIZES = (4_000, 16_000, 64_000)


def _word(rng: Random, length: int, letters: str = LETTERS) -> str:
    return "".join(rng.choice(letters) for _ in range(length))


def _shuffled(rng: Random, word: str) -> str:
    letters = list(word)
    rng.shuffle(letters)
    return "".join(letters)


def _short_words(rng: Random, n: int) -> list[str]:
    """n words of 3 to 9 letters, one in ten an anagram of an earlier word: most groups are singletons."""
    words: list[str] = []
    for _ in range(n):
        if words and rng.random() < 0.1:
            words.append(_shuffled(rng, rng.choice(words)))
        else:
            words.append(_word(rng, rng.randint(3, 9)))
    return words


def _long_anagrams(rng: Random, n: int) -> list[str]:
    """n words of 100 letters from a few bases over "ab" and "abc": the bases share their letter
    sets (only the counts tell them apart), so each base's shuffles form one large group."""
    bases = ["a" * (50 + d) + "b" * (50 - d) for d in range(-3, 4)]
    bases += ["a" * 34 + "b" * 33 + "c" * 33, "a" * 33 + "b" * 34 + "c" * 33]
    return [_shuffled(rng, rng.choice(bases)) for _ in range(n)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """10^5 short words with mostly distinct groups (a pairwise scan over the groups found so far
    times out) and 10^4 long words in a few large groups."""
    return [
        ("large input", [_short_words(rng, N)]),
        ("adversarial", [_long_anagrams(rng, 10_000)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n words of 3 to 9 letters, one in ten an anagram of an earlier word."""
    return [_short_words(rng, n)]
