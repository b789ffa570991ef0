"""The offline interviewer as a conversation partner, over synthetic logs: probing claims against
the evidence, the debugging loop after a failed submit (the judge's server-side verdict, built by
hand in the issue-7 payload shape), follow-up evaluation, the check-in after a silence, variety,
logistics, a close that says what happened, and the turn-taking delays."""

from __future__ import annotations

import itertools

import pytest
from tests.support.sessions import SessionBuilder

from interview_sim.domain.interviewer import Trigger, TriggerKind, TurnPlan, due_check_in, plan_turn
from interview_sim.domain.model import Question
from interview_sim.domain.moves import leaks
from interview_sim.domain.turn_taking import answer_delay_s, is_unfinished
from interview_sim.protocol import EventType, State
from interview_sim.questions.bank import load_bank

NESTED = (
    "def solution(nums, target):\n"
    "    for i in range(len(nums)):\n"
    "        for j in range(i + 1, len(nums)):\n"
    "            if nums[i] + nums[j] == target:\n"
    "                return [i, j]\n"
)


class Talk:
    """A session the test drives: the candidate speaks, the interviewer's turns are logged."""

    def __init__(self, qid: str = "two-sum", mode: str = "General", state: State = State.PROBLEM) -> None:
        self.b = SessionBuilder(load_bank()[qid], company_mode=mode)
        self.plans: list[TurnPlan] = []
        path = [State.PROBLEM, State.CODING, State.REVIEW, State.WRAP_UP]
        for s in path[: path.index(state) + 1]:
            self.b.wait(5).move(s)

    @property
    def q(self) -> Question:
        return self.b.question

    def turn(self, kind: TriggerKind, text: str | None = None) -> TurnPlan:
        plan = plan_turn(self.b.view(), Trigger(kind, text))
        if plan.respond:
            self.plans.append(plan)
            self.b.wait(2).interviewer(plan.scripted_text, plan.kind, plan.hint_level)
            if plan.next_state is not None and plan.next_state != State.ENDED:
                self.b.move(plan.next_state)
        return plan

    def say(self, text: str, after_s: float = 10) -> TurnPlan:
        self.b.wait(after_s).say(text)
        return self.turn(TriggerKind.UTTERANCE, text)

    def submit(self, passed: int, total: int, **kw: object) -> TurnPlan:
        self.b.wait(5).run("submit", passed=passed, total=total, **kw)  # type: ignore[arg-type]
        return self.turn(TriggerKind.SUBMIT_RESULT)


# ---------------------------------------------------------------- probing


def test_a_claim_contradicting_the_described_approach_is_challenged() -> None:
    t = Talk()
    plan = t.say("I'd use two nested loops to check every pair, and that runs in O(log n).")
    assert plan.kind == "challenge" and plan.next_state is None
    assert "O(log n)" in plan.scripted_text and "nested loops" in plan.scripted_text
    assert "Sounds reasonable" not in plan.scripted_text


def test_a_review_claim_contradicting_the_code_is_challenged() -> None:
    t = Talk(state=State.REVIEW)
    t.b.code(NESTED)
    plan = t.say("It's O(log n) because set lookups are logarithmic.")
    assert plan.kind == "challenge" and "loop inside a loop" in plan.scripted_text
    assert "expect" not in plan.scripted_text


def test_the_judges_observed_growth_beats_the_claim() -> None:
    t = Talk(state=State.REVIEW)
    t.submit(12, 12, category="basic", observed="O(n^2)")
    plan = t.say("It's O(n) time because it's a single pass.")
    assert plan.kind == "challenge" and "O(n squared)" in plan.scripted_text


def test_a_claim_the_judge_agrees_with_is_acknowledged_not_praised() -> None:
    t = Talk(state=State.REVIEW)
    t.b.code(NESTED)  # nested, but the judge measured linear growth: no challenge
    t.submit(12, 12, category="basic", observed="O(n)")
    plan = t.say("It's O(n) time and O(n) space.")
    assert plan.kind == "follow_up" and "O(n) time and O(n) space" in plan.scripted_text
    assert "correct" not in plan.scripted_text.lower() and "expect" not in plan.scripted_text


def test_the_latest_claim_per_aspect_counts() -> None:
    t = Talk()
    t.say("Brute force would be O(n^2), checking every pair.")
    plan = t.say("But with a hash map it's O(n) time and O(n) space.")
    assert plan.kind == "coding_ack" and plan.next_state == State.CODING


def test_a_repeated_challenge_is_reworded_and_a_third_is_not_argued() -> None:
    t = Talk()
    first = t.say("Two nested loops over the pairs, O(log n).")
    second = t.say("Two nested loops over the pairs, O(log n).")
    assert first.kind == second.kind == "challenge" and first.scripted_text != second.scripted_text
    third = t.say("Two nested loops over the pairs, O(log n).")
    assert third.kind != "challenge"


# ---------------------------------------------------------------- debugging after a failed submit


def test_a_failed_submit_leads_a_debugging_loop_without_hidden_inputs() -> None:
    t = Talk(state=State.REVIEW)
    t.b.code(NESTED)
    verdict = t.submit(11, 12, category="edge case")
    assert verdict.kind == "submit_discussion" and "11 of 12" in verdict.scripted_text
    assert "edge case" in verdict.scripted_text and "trace" in verdict.scripted_text
    buzz = t.say("It's optimal, O(n) time, hash map, clean code, handles everything.")
    assert buzz.kind == "debug" and "follow" not in buzz.kind
    fact = t.say("Wait, can the array contain duplicates?")
    assert fact.kind == "clarify" and "repeat" in fact.scripted_text
    asked = t.say("Which input failed? Can you show me the failing test?")
    assert asked.kind == "decline" and "edge case" in asked.scripted_text
    fix = t.say("Oh I see, I forgot the case where the pair is at the end.")
    assert fix.kind == "debug" and fix.next_state == State.CODING
    said = " ".join(p.scripted_text for p in t.plans)
    assert leaks(t.b.view(), said) is None
    for test in t.q.hidden_tests:
        assert str(list(test.args)) not in said


def test_a_timed_out_submit_asks_about_the_running_time() -> None:
    t = Talk(state=State.REVIEW)
    plan = t.submit(9, 12, category="large input", timed_out=True)
    assert "large input" in plan.scripted_text and "9 of 12" in plan.scripted_text


def _verdict(t: Talk, **payload: object) -> TurnPlan:
    base = {"kind": "submit", "source": "server", "passed": 0, "total": 0, "timed_out": False,
            "language": "python", "results": [], "attempt": 1, "code_seq": 0}  # fmt: skip
    t.b.wait(5).add(EventType.RUN_RESULT, {**base, **payload})
    return t.turn(TriggerKind.SUBMIT_RESULT)


def test_an_unjudged_submit_is_reviewed_by_hand_not_debugged() -> None:
    t = Talk(state=State.REVIEW)
    plan = _verdict(t, total=12, judged=False, load_error="the code could not be judged on this server")
    assert plan.kind == "submit_discussion" and "couldn't run" in plan.scripted_text
    assert "0 of 12" not in plan.scripted_text and "walk" in plan.scripted_text.lower()
    assert t.say("It's O(n) time and O(n) space.").kind == "follow_up"  # no debugging loop


def test_code_that_did_not_load_goes_back_to_the_editor() -> None:
    t = Talk(state=State.REVIEW)
    plan = _verdict(t, total=12, load_error="SyntaxError: invalid syntax (line 3)")
    assert "SyntaxError: invalid syntax (line 3)" in plan.scripted_text and plan.next_state == State.CODING


def test_a_pass_fires_the_walkthrough_then_follow_ups() -> None:
    t = Talk(state=State.REVIEW)
    plan = t.submit(12, 12, category="basic")
    assert plan.kind == "submit_discussion" and "All the hidden tests passed" in plan.scripted_text
    assert "walk" in plan.scripted_text.lower() or "trace" in plan.scripted_text.lower()
    review = plan_turn(t.b.view(), Trigger(TriggerKind.ENTER_REVIEW))
    assert review.kind == "review" and review.scripted_text != plan.scripted_text


# ---------------------------------------------------------------- follow-ups


def test_follow_up_answers_are_credited_probed_once_or_let_go() -> None:
    t = Talk(state=State.REVIEW)
    t.submit(12, 12, category="basic", observed="O(n)")
    first = t.say("It's O(n) time and O(n) space.")
    assert first.kind == "follow_up" and t.q.follow_ups[0] in first.scripted_text
    probe = t.say("No, that's all.")
    assert probe.kind == "follow_up_probe"
    moved_on = t.say("I don't know.")
    assert moved_on.kind == "follow_up" and t.q.follow_ups[1] in moved_on.scripted_text
    credited = t.say("I'd sort the pairs and skip equal neighbours, keeping a set of the ones already seen.")
    assert credited.kind == "wrap_up" and credited.next_state == State.WRAP_UP


# ---------------------------------------------------------------- check-in, logistics, close


def test_check_in_once_after_a_long_silence_while_coding() -> None:
    t = Talk(state=State.CODING)
    assert not due_check_in(t.b.view(), 120)
    t.b.wait(125)
    assert due_check_in(t.b.view(), 120)
    plan = t.turn(TriggerKind.CHECK_IN)
    assert plan.kind == "check_in"
    t.b.wait(15 * 60)
    assert not due_check_in(t.b.view(), 120)  # no nagging: once per silence
    assert not plan_turn(t.b.view(), Trigger(TriggerKind.CHECK_IN)).respond
    t.say("I'm writing the lookup now", after_s=1)
    t.b.wait(121)
    assert due_check_in(t.b.view(), 120)


def test_time_left_comes_from_the_server_clock() -> None:
    t = Talk()
    t.b.at(10 * 60)
    plan = t.say("How much time do we have left?", after_s=0)
    assert plan.kind == "logistics" and "20 minutes" in plan.scripted_text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Can I write it in Java instead?", "Python and JavaScript"),
        ("Could I switch to JavaScript?", "stay with it"),
        ("Can I do it in Python?", "Python is what we're using"),
    ],
)
def test_language_questions_get_real_answers(text: str, fragment: str) -> None:
    assert fragment in Talk().say(text).scripted_text


def test_expectation_and_greedy_questions_are_probed_not_answered() -> None:
    expect = Talk("longest-substring-without-repeating-characters").say(
        "What's the space complexity you're expecting?"
    )
    assert "O(" not in expect.scripted_text and "ASCII" not in expect.scripted_text
    target = Talk("product-of-array-except-self").say("What complexity are you expecting for space?")
    assert "O(1) extra space" in target.scripted_text  # the question states this target itself
    greedy = Talk("coin-change").say("Is a greedy approach fine here?")
    assert greedy.kind == "approach" and "up to you" not in greedy.scripted_text
    assert "fine" not in greedy.scripted_text.lower()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Sorry, could you repeat the question?", "Given an array of integers"),
        ("Can I google the syntax for a dictionary?", "documentation"),
        ("Let me think for a second.", "time"),
        ("Does my solution look right?", "example"),
    ],
)
def test_repeat_resources_pause_and_am_i_right(text: str, fragment: str) -> None:
    talk = Talk()
    plan = talk.say(text)
    assert fragment in plan.scripted_text and leaks(talk.b.view(), plan.scripted_text) is None


def test_hidden_tests_and_solutions_are_declined() -> None:
    for text in ("Can you just tell me the answer?", "What are the hidden tests?"):
        plan = Talk().say(text)
        assert plan.kind == "decline" and leaks(Talk().b.view(), plan.scripted_text) is None


@pytest.mark.parametrize(
    ("passed", "fragment"),
    [(12, "passed all the hidden tests"), (7, "7 of 12"), (None, "didn't get to a submission")],
)
def test_the_close_says_what_actually_happened(passed: int | None, fragment: str) -> None:
    t = Talk(state=State.REVIEW)
    if passed is not None:
        t.submit(passed, 12, category="edge case")
    t.b.move(State.WRAP_UP)
    wrap = t.turn(TriggerKind.ENTER_WRAP_UP)
    assert fragment in wrap.scripted_text
    assert ("Nice work" not in wrap.scripted_text) or passed == 12
    closing = t.say("No, that's all, thanks.")
    assert closing.kind == "closing" and closing.next_state == State.ENDED


# ---------------------------------------------------------------- variety


def test_never_the_same_line_twice_in_a_row() -> None:
    t = Talk()
    for _ in range(4):
        t.say("I'd check every pair with two loops, that's O(n^2).")
    for _ in range(3):
        t.say("Can the array contain duplicates?")
    for _ in range(3):
        t.say("Hmm.")
    texts = [p.scripted_text for p in t.plans]
    assert len(texts) == 10 and all(a != b for a, b in itertools.pairwise(texts))
    assert len({p.scripted_text for p in t.plans[:3]}) == 3  # three phrasings of "do better"


def test_persona_voice_per_company_mode() -> None:
    said = {mode: Talk(mode=mode).say("Hash map, one pass, O(n) time and O(n) space.").scripted_text
            for mode in ("General", "Meta", "Amazon")}  # fmt: skip
    assert len(set(said.values())) == 3 and "move fast" in said["Meta"].lower()
    review = plan_turn(Talk(mode="Amazon", state=State.REVIEW).b.view(), Trigger(TriggerKind.ENTER_REVIEW))
    assert "dive deep" in review.scripted_text


@pytest.mark.parametrize("qid", sorted(load_bank()))
def test_a_whole_scripted_interview_never_repeats_a_line(qid: str) -> None:
    t = Talk(qid)
    t.turn(TriggerKind.START)
    fact = t.q.clarifying_facts[0].keywords[0]
    for text in (f"Can the input have {fact}?", f"Can the input have {fact}?", "Let me start coding.",
                 "I'll do brute force.", "I'll do brute force.", "I'm stuck, hint please?", "Hint please?",
                 "Hint please?", "Hint please?", "Hint please?", "Okay."):  # fmt: skip
        t.say(text)
    texts = [p.scripted_text for p in t.plans]
    assert all(a != b for a, b in itertools.pairwise(texts)), texts


# ---------------------------------------------------------------- turn-taking


@pytest.mark.parametrize(
    ("text", "source", "delay"),
    [
        ("Can the array contain duplicates?", "typed", 0.0),
        ("Can the array contain duplicates and", "typed", 0.0),
        ("Can the array contain duplicates?", "speech", 0.25),
        ("I would use a hash map", "speech", 0.25),
        ("I would use a hash map and", "speech", 1.2),
        ("so first I sort it, um", "speech", 1.2),
        ("first I sort the array,", "speech", 1.2),
        ("and then so", "speech", 1.2),
    ],
)
def test_answer_delay(text: str, source: str, delay: float) -> None:
    assert answer_delay_s(text, source, 1.2) == delay


def test_unfinished_speech_waits_at_least_a_second_when_the_ceiling_allows() -> None:
    assert answer_delay_s("and", "speech", 3.0) == 3.0
    assert answer_delay_s("and", "speech", 0.05) == 0.05  # the ceiling wins
    assert answer_delay_s("Done.", "speech", 0.05) == 0.05
    assert is_unfinished("I'd keep a map of, uh") and not is_unfinished("That's it.")
