"""When the interviewer takes the floor: how long to wait after the candidate's last words, and
whether candidate speech cuts the interviewer off (barge-in).

A typed message is answered at once. A spoken one waits a short beat after a finished sentence or
question, and the full silence tolerance (the ceiling, at least `UNFINISHED_MIN_S` when the
ceiling allows) after an unfinished one: a trailing "and", "so", "um", "because", a comma or a dash.
"""

from __future__ import annotations

import re

FINISHED_S = 0.25
UNFINISHED_MIN_S = 1.0
_UNFINISHED = re.compile(
    r"(?:[,;:\-\u2014\u2013]|\.\.\.|\u2026|\b(?:and|so|but|or|because|cause|um+|uh+|erm|hmm+|like|then|"
    r"the|a|an|to|of|if|which|with|that|where|when|while|for|in|on|is|are|i|we|my|basically|actually|"
    r"maybe|well))\s*$"
)
_BACKCHANNEL = frozenset(
    "ok okay yeah yes yep right sure mm hmm mhm uh-huh got it cool great alright thanks thank you".split()
)
_STOP = re.compile(r"\b(wait|stop|hold on|sorry|excuse me|one sec|one second|hang on)\b")


def is_unfinished(text: str) -> bool:
    """Whether a spoken utterance trails off mid-thought ("so I would, um", "and then I...")."""
    return bool(_UNFINISHED.search(text.lower().strip()))


def answer_delay_s(text: str, source: str, ceiling_s: float) -> float:
    """Seconds to wait after this final utterance before answering (more speech restarts the wait)."""
    if source == "typed":
        return 0.0
    if is_unfinished(text):
        return ceiling_s if ceiling_s < UNFINISHED_MIN_S else max(UNFINISHED_MIN_S, ceiling_s)
    return min(FINISHED_S, ceiling_s)


def should_interrupt(text: str) -> bool:
    """Whether candidate speech should cut the interviewer's current turn short.

    Yes for "wait"/"stop"/"sorry"/"hold on", a question, or three or more words that are not just
    backchannel ("ok", "yeah", "got it"); no for short acknowledgements.
    """
    low = text.lower().strip()
    if not low:
        return False
    if _STOP.search(low) or "?" in low:
        return True
    tokens = re.findall(r"[a-z'-]+", low)
    if all(t in _BACKCHANNEL for t in tokens):
        return False
    return len(tokens) >= 3
