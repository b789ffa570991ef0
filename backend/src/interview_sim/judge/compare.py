"""Whether a returned value matches the expected one: the browser's rules (frontend/src/lib/compare.ts).

- "exact": strict JSON deep equality: lists in order, objects by their key set (order ignored),
  no coercion (1 != "1", 0 != false, null != missing), NaN equals NaN, -0 equals 0.
- "unordered": both are lists holding the same elements (each compared exactly) as multisets.
- "float": like exact, but two numbers match when |a - b| <= 1e-6 * max(1, |a|, |b|).
The shared cases in `compare_cases.json` run through this module and the browser's, so the two
never disagree. Iterative: a deep value (a long linked list) cannot overflow the stack.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from .model import Compare

FLOAT_TOLERANCE = 1e-6


def equal(actual: Any, expected: Any, mode: Compare = "exact") -> bool:
    if mode == "unordered":
        return unordered_equal(actual, expected)
    return deep_equal(actual, expected, tolerant=mode == "float")


def deep_equal(a: Any, b: Any, tolerant: bool = False) -> bool:
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif isinstance(x, dict) and isinstance(y, dict):
            if x.keys() != y.keys():
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif not same_scalar(x, y, tolerant):
            return False
    return True


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def same_scalar(x: Any, y: Any, tolerant: bool) -> bool:
    if is_number(x) and is_number(y):
        if x == y or (math.isnan(x) and math.isnan(y)):
            return True
        return tolerant and abs(x - y) <= FLOAT_TOLERANCE * max(1.0, abs(x), abs(y))
    if isinstance(x, (list, dict)) or isinstance(y, (list, dict)):
        return False
    return type(x) is type(y) and x == y


def unordered_equal(a: Any, b: Any) -> bool:
    if not (isinstance(a, list) and isinstance(b, list)) or len(a) != len(b):
        return False
    try:
        return Counter(map(canonical, a)) == Counter(map(canonical, b))
    except RecursionError:  # elements nested too deep to canonicalise: match them one by one
        rest = list(b)
        for x in a:
            match = next((k for k, y in enumerate(rest) if deep_equal(x, y)), None)
            if match is None:
                return False
            rest.pop(match)
        return True


def canonical(v: Any) -> str:
    """One text per exact-equality class: sorted keys, -0 and 2.0 as ints, NaN as a marker."""
    return json.dumps(_normal(v), sort_keys=True, separators=(",", ":"))


def _normal(v: Any) -> Any:
    if isinstance(v, float):
        if math.isnan(v):
            return {"\u0000": "NaN"}
        return int(v) if v.is_integer() else v
    if isinstance(v, list):
        return [_normal(x) for x in v]
    if isinstance(v, dict):
        return {k: _normal(x) for k, x in v.items()}
    return v
