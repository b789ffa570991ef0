"""Large and adversarial hidden tests for alien-dictionary (deterministic given the rng).

Not a complexity question: reading adjacent pairs and sorting the letters topologically is linear,
and nothing slower is a natural first answer. These cases hold the edge rules at full size: a
hidden order to recover, repeats and prefixes, and a contradiction buried at the end."""

from __future__ import annotations

from random import Random
from string import ascii_lowercase
from typing import Any

COUNT = 5_000
LONGEST = 20
PROBE_SIZES = (500, 2_000, 5_000)


def _sorted_words(rng: Random, count: int, order: str, longest: int = LONGEST) -> list[str]:
    """`count` random words over `order`'s letters (repeats and prefixes included), sorted by it."""
    rank = {c: i for i, c in enumerate(order)}
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(order[:8]) for _ in range(rng.randint(1, longest)))
        words.append(word)
        if rng.random() < 0.1:
            words.append(word[: rng.randint(1, len(word))])
    return sorted(words[:count], key=lambda w: [rank[c] for c in w])


def _order(rng: Random) -> str:
    letters = list(ascii_lowercase)
    rng.shuffle(letters)
    return "".join(letters)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Words over eight letters (their order is all but determined), words over all 26 letters
    (many orders fit: the tie rule decides), and long valid lists whose last word contradicts them:
    by a cycle, or by coming after a longer word it is a prefix of."""
    order = _order(rng)
    wide = _order(rng)
    rank = {c: i for i, c in enumerate(wide)}
    every = sorted(
        ("".join(rng.choice(wide) for _ in range(rng.randint(1, LONGEST))) for _ in range(COUNT)),
        key=lambda w: [rank[c] for c in w],
    )
    broken = _sorted_words(rng, COUNT - 1, order)
    valid = _sorted_words(rng, COUNT - 2, order)
    return [
        ("large input", [_sorted_words(rng, COUNT, order)]),
        ("large input", [every]),
        ("adversarial", [[*broken, order[1] + order[0]]]),
        ("adversarial", [[*valid, valid[-1] + order[0], valid[-1]]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n sorted words over eight letters of a random order."""
    return [_sorted_words(rng, n, _order(rng))]
