"""Words as the classifier compares them: lowercase tokens, a light lemma, and phrase senses.

`lemmas("Are there duplicated values?") == ["are", "there", "duplicat", "valu"]`: plural, -ed, -ing and
-ion endings and a final "e" are dropped the same way on both sides, so "repeats", "repeated" and
"repeating" all meet "repeat". Before that, a few phrases are fused into one token with the sense
they carry in an interview ("edge case", "space complexity", "extra space"), so that a question
about edge cases never matches a fact keyed on "case" (letter case), nor "extra space" one keyed on
"spaces" (the character).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

# (a word the pattern cannot match without, the pattern, its replacement): the word skips the regex
# for the many sentences that have none of them.
_SENSES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "case",
        re.compile(r"\b(edge|corner|test|worst|best|average|base|special|this|that|in|any) cases?\b"),
        r"\1_case",
    ),
    ("space", re.compile(r"\bspace complexity\b"), "memory_space complexity"),
    (
        "space",
        re.compile(r"\b(extra|additional|auxiliary|constant|linear|more|less|much|o\([^)]*\)) space\b"),
        r"\1 memory_space",
    ),
    ("space", re.compile(r"\bspace (usage|efficient|wise)\b"), r"memory_space \1"),
    ("place", re.compile(r"\bin[- ]place\b"), "in_place"),
    ("built", re.compile(r"\bbuilt[- ]in\b"), "built_in"),
    ("self", re.compile(r"\bself[- ]loops?\b"), "self_loop"),
)
_WONT, _CANT, _NOT = re.compile(r"\bwon't\b"), re.compile(r"\bcan't\b"), re.compile(r"\b(\w+)n't\b")
_TOKEN = re.compile(r"[a-z0-9_^+]+(?:'[a-z]+)?")
# "sorted" (a property of the input) stays apart from "sort" (what the candidate would do).
_KEEP = frozenset(
    {"is", "has", "was", "does", "this", "its", "yes", "us", "as", "his", "less", "always", "sorted"}
)


def normalise(text: str) -> str:
    """Lowercase, apostrophes unified, and the phrase senses fused (see the module docstring)."""
    low = text.lower().replace("\u2019", "'")
    if "n't" in low:
        low = _NOT.sub(r"\1 not", _CANT.sub("cannot", _WONT.sub("will not", low)))
    for word, pattern, repl in _SENSES:
        if word in low:
            low = pattern.sub(repl, low)
    return low


def lemma(word: str) -> str:
    """A light, consistent stem: "duplicates" / "duplicated" / "duplicate" -> "duplicat"."""
    w = word.lower().removesuffix("'s")
    if len(w) <= 3 or w in _KEEP or not w.isalpha():
        return w
    if w.endswith("ies") or w.endswith("ied"):
        w = w[:-3] + "y"
    elif w.endswith(("sses", "ches", "shes", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("tion") and len(w) > 6:
        w = w[:-3]
    elif w.endswith("ing") and len(w) > 5:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) > 4:
        w = _undouble(w[:-2])
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def _undouble(stem: str) -> str:
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


def tokens(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return _TOKEN.findall(normalise(text))


def lemmas(text: str) -> list[str]:
    """`tokens`, each reduced by `lemma`."""
    return [lemma(t) for t in tokens(text)]


@functools.lru_cache(maxsize=8192)
def fixed_lemmas(text: str) -> tuple[str, ...]:
    """`lemmas` of a text from the question bank (a fact's keywords, a constraint, a parameter's
    name): the same strings come up on every utterance, so each is worked out once per process. A
    candidate's own words go through `lemmas`."""
    return tuple(lemmas(text))


def contains(haystack: list[str], needle: Sequence[str]) -> bool:
    """Whether `needle` occurs as a contiguous run of whole words in `haystack`."""
    n = len(needle)
    if n <= 1:
        return n == 1 and needle[0] in haystack
    first, run = needle[0], list(needle)
    return any(haystack[i : i + n] == run for i, word in enumerate(haystack) if word == first)
