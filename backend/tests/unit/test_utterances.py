"""The utterance classifier over real-sounding utterances across the bank: each with its expected
kind and, for a clarifying question, the fact (a fragment of it) or None for "not covered"."""

from __future__ import annotations

import pytest

from interview_sim.domain.utterances import Kind, classify, complexity_claims, match_fact
from interview_sim.domain.words import contains, fixed_lemmas, lemma, lemmas, normalise
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank

K = Kind
P, C, R, W = State.PROBLEM, State.CODING, State.REVIEW, State.WRAP_UP
LSWRC = "longest-substring-without-repeating-characters"

TABLE: list[tuple[str, State, str, Kind, str | None]] = [
    # the examples from issue 9
    (LSWRC, P, "Are there edge cases like empty input?", K.CLARIFY, "can be empty"),
    (LSWRC, P, "How long do I have for this question?", K.TIME_LEFT, None),
    (LSWRC, P, "What's the space complexity you're expecting?", K.EXPECTATION, None),
    ("n-queens-count", P, "Do I need to print the boards?", K.CLARIFY, "number of boards"),
    ("coin-change", P, "Is a greedy approach fine here?", K.APPROACH_CHECK, None),
    ("two-sum", P, "How much time do we have left?", K.TIME_LEFT, None),
    (
        "two-sum",
        P,
        "I'd use two nested loops to check every pair, and that runs in O(log n).",
        Kind.COMPLEXITY,
        None,
    ),
    ("two-sum", R, "It's O(log n) because set lookups are logarithmic.", K.COMPLEXITY, None),
    ("two-sum", P, "Let me just start coding.", K.READY, None),
    ("two-sum", R, "No, that's all.", K.DONE, None),
    # clarifying questions answered from a fact
    ("two-sum", P, "Can the array contain duplicates?", K.CLARIFY, "Values can repeat"),
    ("two-sum", P, "Could there be duplicated values in nums?", K.CLARIFY, "Values can repeat"),
    ("two-sum", P, "Can the same value appear twice?", K.CLARIFY, "Values can repeat"),
    ("two-sum", P, "Is the input sorted?", K.CLARIFY, "not sorted"),
    ("two-sum", P, "so um can the array have duplicates", K.CLARIFY, "Values can repeat"),
    ("two-sum", P, "what if there are negatives", K.CLARIFY, "negatives are allowed"),
    ("two-sum", P, "Is there always a solution?", K.CLARIFY, "exactly one valid pair"),
    ("two-sum", C, "Should I handle the case with no solution?", K.CLARIFY, "exactly one valid pair"),
    ("two-sum", P, "How big can the array get?", K.CLARIFY, "plus one billion"),
    (LSWRC, P, "Is it case sensitive?", K.CLARIFY, "case-sensitive"),
    (LSWRC, P, "Can the string have spaces and digits in it?", K.CLARIFY, "printable ASCII"),
    (LSWRC, P, "Does it have to be contiguous or can it be a subsequence?", K.CLARIFY, "contiguous"),
    (
        "valid-palindrome",
        P,
        "Should uppercase letters count the same as lowercase?",
        Kind.CLARIFY,
        "Ignore case",
    ),
    ("valid-palindrome", P, "What about punctuation?", K.CLARIFY, "skipped"),
    ("valid-palindrome", P, "Is an empty string a palindrome?", K.CLARIFY, "is a palindrome"),
    ("product-of-array-except-self", P, "Can I use division?", K.CLARIFY, "do not use division"),
    ("product-of-array-except-self", P, "Can I use extra space?", K.CLARIFY, "O(1) extra space"),
    ("product-of-array-except-self", P, "Could there be zeros in the array?", K.CLARIFY, "contain zeros"),
    ("coin-change", P, "Can I reuse a coin as many times as I want?", K.CLARIFY, "unlimited"),
    ("coin-change", P, "What if the amount can't be made?", K.CLARIFY, "return -1"),
    ("coin-change", P, "What if the amount is zero?", K.CLARIFY, "0 coins"),
    ("n-queens-count", P, "Do rotations of a board count as different?", K.CLARIFY, "count as different"),
    ("n-queens-count", P, "How large can n be?", K.CLARIFY, "n is between 1 and"),
    ("merge-intervals", P, "Do intervals that only touch at an endpoint overlap?", K.CLARIFY, "closed"),
    ("merge-intervals", P, "Is the input sorted by start?", K.CLARIFY, "any order"),
    ("merge-intervals", P, "Can I modify the input in place?", K.CLARIFY, "sort or modify"),
    (
        "number-of-islands",
        P,
        "Do diagonal cells count as connected?",
        Kind.CLARIFY,
        "up, down, left and right",
    ),
    ("number-of-islands", P, "What's outside the grid, water?", K.CLARIFY, "water"),
    ("binary-search", P, "Can I just use bisect?", K.CLARIFY, "write the search yourself"),
    ("binary-search", P, "What should I return if the target isn't found?", K.CLARIFY, "return -1"),
    ("course-schedule", P, "Does the pair a, b mean b comes first?", K.CLARIFY, "b must be completed"),
    ("course-schedule", P, "Can a course be its own prerequisite?", K.CLARIFY, "itself"),
    ("word-ladder", P, "Does the length count words or steps?", K.CLARIFY, "Count words"),
    ("three-sum", P, "Should the triples be unique?", K.CLARIFY, "appears once"),
    ("edit-distance", P, "Do all the edits have the same cost?", K.CLARIFY, "costs exactly one"),
    ("daily-temperatures", P, "Does an equal temperature count as warmer?", K.CLARIFY, "strictly warmer"),
    ("missing-number", P, "Are all the values distinct?", K.CLARIFY, "distinct"),
    ("first-missing-positive", P, "Am I allowed to overwrite the input array?", K.CLARIFY, "overwrite"),
    ("alien-dictionary", P, "What if the words contradict each other?", K.CLARIFY, "empty string"),
    (
        "burst-balloons",
        P,
        "What happens at the ends, where there's no neighbour?",
        Kind.CLARIFY,
        "counts as 1",
    ),
    ("climbing-stairs", P, "Does the order of the steps matter?", K.CLARIFY, "Order matters"),
    ("group-anagrams", P, "In what order should I return the groups?", K.CLARIFY, "Sort words"),
    ("critical-connections", P, "Could the network be disconnected?", K.CLARIFY, "disconnected"),
    (
        "top-k-frequent-elements",
        P,
        "How should I break ties between equal frequencies?",
        Kind.CLARIFY,
        "smaller first",
    ),
    # constraints, and questions nothing covers (assume and say so)
    ("two-sum", P, "What should the function be called?", K.CLARIFY, None),
    ("two-sum", C, "Is it ok to name the helper variable seen?", K.CLARIFY, None),
    ("spiral-matrix", P, "Will the numbers be floats?", K.CLARIFY, None),
    # logistics
    ("two-sum", C, "How many minutes are left?", K.TIME_LEFT, None),
    ("two-sum", P, "Are we running out of time?", K.TIME_LEFT, None),
    ("two-sum", P, "Can I write it in Java instead?", K.LANGUAGE, None),
    ("two-sum", P, "Could I switch to JavaScript?", K.LANGUAGE, None),
    ("two-sum", P, "Which language should I use?", K.LANGUAGE, None),
    ("two-sum", P, "sorry could you repeat the question", K.REPEAT, None),
    ("valid-parentheses", P, "Can you explain the problem again?", K.REPEAT, None),
    ("valid-parentheses", P, "Is there a time limit on this?", K.TIME_LEFT, None),
    ("two-sum", C, "Can I google the syntax for a dictionary?", K.RESOURCES, None),
    ("two-sum", P, "Let me think for a second.", K.PAUSE, None),
    ("number-of-islands", P, "wait do i return the count or the list", K.CLARIFY, None),
    ("two-sum", R, "Does my solution look right?", K.APPROACH_CHECK, None),
    ("merge-intervals", P, "Is it fine if I use Python's built-in sort?", K.APPROACH_CHECK, None),
    # hints, answers and hidden tests
    ("two-sum", P, "I'm stuck, can I get a hint?", K.HINT, None),
    ("two-sum", C, "I don't know where to start here", K.HINT, None),
    ("two-sum", C, "Could you point me in the right direction?", K.HINT, None),
    ("two-sum", P, "Can you just tell me the answer?", K.ANSWER_REQUEST, None),
    ("two-sum", R, "What are the hidden tests?", K.ANSWER_REQUEST, None),
    ("two-sum", R, "Which inputs failed?", K.ANSWER_REQUEST, None),
    ("two-sum", P, "Is O(n) the complexity you're looking for?", K.EXPECTATION, None),
    # approach, complexity, readiness
    ("two-sum", P, "I would use a hash map from value to index.", K.APPROACH, None),
    ("two-sum", P, "No, I think we could use a hash map instead.", K.APPROACH, None),
    ("two-sum", P, "Use a hash map, one pass, O(n) time and O(n) space.", K.COMPLEXITY, None),
    (
        "three-sum",
        P,
        "Sort first, then two pointers for each element, that's quadratic.",
        Kind.COMPLEXITY,
        None,
    ),
    ("two-sum", P, "Can I use a hash map, is that okay?", K.APPROACH_CHECK, None),
    ("coin-change", P, "Would dynamic programming work better here?", K.APPROACH_CHECK, None),
    ("two-sum", P, "Okay, can I start coding now", K.READY, None),
    ("two-sum", P, "Alright, I'll code it up.", K.READY, None),
    # review answers, wrap-up, small talk
    ("two-sum", R, "Walking through it, it's linear time and constant space.", K.COMPLEXITY, None),
    ("two-sum", W, "Nope, nothing else, thanks!", K.DONE, None),
    ("two-sum", P, "Okay.", K.ACK, None),
    ("two-sum", P, "Got it, makes sense.", K.ACK, None),
    ("two-sum", P, "Did you watch the game last night?", K.OFF_TOPIC, None),
    ("two-sum", C, "Ugh, the weather is terrible today.", K.OFF_TOPIC, None),
    ("two-sum", C, "So now I loop over the numbers and look up the complement", K.APPROACH, None),
]


@pytest.mark.parametrize(("qid", "state", "text", "kind", "fact"), TABLE, ids=[t[2][:40] for t in TABLE])
def test_classifier_table(qid: str, state: State, text: str, kind: Kind, fact: str | None) -> None:
    u = classify(text, load_bank()[qid], state)
    assert u.kind == kind, (text, u)
    if kind == Kind.CLARIFY:
        assert (u.fact is None) if fact is None else (u.fact is not None and fact in u.fact), (text, u.fact)


def test_the_table_covers_the_bank_and_its_size() -> None:
    assert len(TABLE) >= 60
    assert len({t[0] for t in TABLE}) >= 20


def test_follow_up_answers_are_told_apart_in_review() -> None:
    q = load_bank()["two-sum"]
    answer = "I'd move two pointers in from both ends"
    assert classify(answer, q, R, follow_up_pending=True).kind == Kind.FOLLOW_UP_ANSWER
    assert classify(answer, q, R).kind == Kind.APPROACH
    assert classify("Is the array sorted?", q, R, follow_up_pending=True).kind == Kind.CLARIFY


def test_language_names_and_claims_are_read() -> None:
    q = load_bank()["two-sum"]
    assert classify("Can I write it in Java instead?", q, P).language == "java"
    assert classify("Could I do this in JS?", q, P).language == "javascript"
    u = classify("two loops, that's O(n^2) time, but O(1) space", q, P)
    assert u.claims == {"time": "O(n^2)", "space": "O(1)"}


def test_complexity_claims_keep_the_latest_per_aspect() -> None:
    assert complexity_claims("O(n^2) at first, no wait, O(n) time and O(1) space") == {
        "time": "O(n)",
        "space": "O(1)",
    }
    assert complexity_claims("no complexity here") == {}


def test_whole_words_and_lemmas() -> None:
    assert lemma("duplicates") == lemma("duplicated") == lemma("duplicate")
    assert lemma("repeats") == lemma("repeating") == lemma("repeated") == lemma("repeat")
    assert "n" not in lemmas("Do I need to print the boards?")  # "n" never matches "need"
    assert "case" not in lemmas("any edge cases?") and "cas" not in lemmas("any edge cases?")
    q = load_bank()["n-queens-count"]
    assert match_fact(q, "Do I need to print the boards?") == q.clarifying_facts[3].answer


def test_phrase_senses_and_contractions() -> None:
    """Each sense fused where its phrase is, in the order given (a "space complexity" is not also
    "extra space"), contractions opened, and a text with none of them left as it was."""
    assert normalise("Any edge cases? Worst case?") == "any edge_case? worst_case?"
    assert normalise("What is the space complexity?") == "what is the memory_space complexity?"
    assert normalise("O(1) extra space, in-place, no built-in sort") == (
        "o(1) extra memory_space, in_place, no built_in sort"
    )
    assert normalise("Space usage of self loops") == "memory_space usage of self_loop"
    assert normalise("I can't, won't, and shouldn\u2019t") == "i cannot, will not, and should not"
    assert normalise("Can the input be EMPTY?") == "can the input be empty?"
    assert normalise("a case of spaces at this place") == "a case of spaces at this place"


def test_word_runs() -> None:
    said = lemmas("can the values be negative numbers")
    assert contains(said, fixed_lemmas("negative number")) and contains(said, ["valu"])
    assert not contains(said, fixed_lemmas("number negative")) and not contains(said, [])
    assert not contains(said, ["negativ", "number", "too"]) and not contains([], ["valu"])
    assert fixed_lemmas("Negative numbers") == tuple(lemmas("Negative numbers"))
