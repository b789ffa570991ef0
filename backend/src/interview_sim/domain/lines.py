"""The offline interviewer's voice: several phrasings per move, the persona per company mode, and
`pick`, which never says the same line twice in a row in a session.

Lines are plain text read aloud: short, no markdown, no code, and never the reference solution, the
approach note, the expected complexity or a hidden test.
"""

from __future__ import annotations

import re

from interview_sim.domain.model import Question, SessionView
from interview_sim.domain.view import interviewer_lines
from interview_sim.protocol import State

PERSONAS: dict[str, str] = {
    "General": "I'm a senior software engineer, and I mostly care about how you reason, so please "
    "think out loud.",
    "Google": "I'm an engineer at Google, and we look for clarity of thinking: explain your reasoning and "
    "trade-offs as you go.",
    "Meta": "I'm an engineer at Meta, where we like to move fast: get to a working solution first, then "
    "make it better.",
    "Amazon": "I'm an engineer at Amazon. Our leadership principles matter here, especially customer "
    "obsession and dive deep, so keep in mind who uses this code.",
    "Microsoft": "I'm an engineer at Microsoft. We value a growth mindset and collaboration, so treat me "
    "like a teammate you are pairing with.",
    "Apple": "I'm an engineer at Apple, where craft and attention to detail matter: correctness and edge "
    "cases count as much as speed.",
}
ROLE_ANSWERS: dict[str, str] = {
    "General": "Good question. Teams here own their services end to end and review each other's code.",
    "Google": "Good question. Teams work on large shared codebases, with design docs and careful review.",
    "Meta": "Good question. Teams ship small changes often and measure their impact quickly.",
    "Amazon": "Good question. Teams are small and own their services, working backwards from the customer.",
    "Microsoft": "Good question. Teams are collaborative, and there is real room to learn and grow.",
    "Apple": "Good question. Teams are focused and polish the details of what they ship.",
}

LINES: dict[str, tuple[str, ...]] = {
    "go_code": (
        "Okay, go ahead and code it up, and keep talking me through it.",
        "That's a plan. Start coding, and think out loud as you go.",
        "Alright, let's see it in code. Talk me through it as you write.",
    ),
    "approach_first": (
        "Before you start coding, walk me through your approach in a few sentences.",
        "Hold on a second: what's the plan? Give me the approach in a few sentences first.",
        "I'd like to hear the idea before the code. How are you going to solve it?",
    ),
    "ask_complexity": (
        "What would the time and space complexity of that be?",
        "How does that scale? Give me the time and space complexity.",
        "And what does that cost, in time and in space?",
    ),
    "redirect": (
        "Take your time. Do you have any questions about the problem, or an idea of how you'd approach it?",
        "Where would you like to start: any questions about the input, or a first idea?",
        "No rush. What are you thinking so far?",
    ),
    "assume": (
        "I don't have that detail beyond what's in the statement. Assume what seems most reasonable, "
        "say it out loud, and write it down as a comment.",
        "That isn't specified, so it's your call: state your assumption and go with it.",
        "Good question, and there's no more detail on that. Tell me what you'd assume and carry on.",
    ),
    "no_more_hints": (
        "I've given you all the hints I have. Try a small example by hand and look for the pattern.",
        "That's all the hinting I'll do. Work through a tiny input on paper; you're closer than you think.",
    ),
    "do_better": (
        "Okay. Can you do better than {claim} in time?",
        "Fine as a starting point. Is there a way to beat {claim}?",
        "{claim} is on the slow side. Where is the repeated work?",
    ),
    "ack_complexity": (
        "Okay, {claim}.",
        "Got it, {claim}.",
        "Alright, {claim}.",
    ),
    "challenge": (
        "Walk me through why that's {claim} with {evidence}.",
        "Hmm, {claim}? Convince me, given {evidence}.",
        "Let's check that. With {evidence}, how do you get {claim}?",
    ),
    "review_open": (
        "Walk me through your code on one of the examples, then tell me its time and space complexity.",
        "Take me through the code on a small example, and then give me the time and space complexity.",
        "Let's review it: trace one example through your code, then tell me what it costs in time and space.",
    ),
    "submit_pass": ("All the hidden tests passed. ",),
    "submit_fail": (
        "{passed} of {total} hidden tests passed; the failures are in the {category} tests. Pick a small "
        "{category} input of your own and trace your code on it out loud.",
        "{passed} of {total} hidden tests passed. Some {category} tests fail. Make up a {category} input "
        "and walk me through what your code does with it, line by line.",
    ),
    "submit_unjudged": (
        "I couldn't run your code against the hidden tests on this server, so let's review it together. ",
        "The hidden tests couldn't run here this time, so we'll check it by hand. ",
    ),
    "submit_load_error": (
        "Your code didn't load: {error}. Take a look, fix it and submit again.",
        "It didn't load this time: {error}. Back to the editor: fix it and resubmit.",
    ),
    "submit_slow": (
        "{passed} of {total} hidden tests passed; the {category} tests ran out of time. How many steps "
        "does your code take on the largest input?",
        "{passed} of {total} passed, and the {category} tests timed out. Where does the time go as the "
        "input grows?",
    ),
    "debug_trace": (
        "Take one concrete {category} input and step through it: what does each variable hold as you go?",
        "Let's slow down. Say the input is a {category} case; what happens on the first few iterations?",
        "What would a {category} input look like, and which line behaves differently on it?",
    ),
    "debug_fix": (
        "Good catch. Go ahead and fix it, then submit again.",
        "That sounds like the bug. Fix it and resubmit when you're ready.",
        "Nice, that explains it. Back to the code: fix it and submit again.",
    ),
    "decline_tests": (
        "I can't share the hidden tests, but I can tell you the failures are {category} cases. What would "
        "one look like?",
        "The hidden inputs stay hidden, sorry. Which {category} inputs might your code mishandle?",
    ),
    "decline_answer": (
        "I won't give you the answer, but I'm happy to help you get there. What have you tried so far?",
        "That would spoil the exercise. Let's work it out together: what's the simplest idea you have?",
    ),
    "decline_hidden": (
        "I can't share the hidden tests. Make up your own cases: the edge cases are a good place to start.",
        "The hidden tests stay hidden. Which inputs would you test yourself?",
    ),
    "expectation": (
        "I'd rather hear what you think is achievable. What would you aim for, and why?",
        "I'll leave that to you: what's the best you think you can do, and what's the cost of it?",
    ),
    "approach_check": (
        "What makes you confident it's correct? Try it on a small, tricky example before you commit.",
        "Convince me it always gives the right answer. A quick hunt for a counterexample is worth a minute.",
        "Maybe. How would you check that it never gives a wrong answer, and what would it cost?",
    ),
    "time_left": (
        "We have about {minutes} left.",
        "About {minutes} to go.",
        "Roughly {minutes} left on the clock.",
    ),
    "language_same": ("Yes, {language} is what we're using today.",),
    "language_fixed": (
        "This session is set up in {language}, so please stay with it; you can pick {other} when you start "
        "another one.",
    ),
    "language_unsupported": (
        "Here we support Python and JavaScript, and this session is in {language}, so let's stay with it.",
    ),
    "off_topic": (
        "Ha, let's keep that for the end. Back to the problem: {back}",
        "Let's stay on the problem for now. {back}",
    ),
    "check_in": (
        "How's it going? Talk me through where you are.",
        "You've been quiet for a bit. What are you working on right now?",
    ),
    "follow_up_credit": ("That works. ", "Good, that's a sensible way to do it. ", "Right. "),
    "follow_up_probe": (
        "Could you be more concrete? What exactly would change in your code?",
        "Take a guess, even a rough one: how would you go about it?",
    ),
    "follow_up_move_on": ("Fair enough, let's move on. ", "Okay, no problem. "),
    "anything_else": (
        "Is there anything else you'd like to ask me?",
        "Any other questions for me?",
    ),
    "repeat": ("Like I said, {text}", "Same as before: {text}"),
    "repeat_problem": (
        "Sure. {summary} The full statement is on your screen.",
        "Of course. {summary} You can read the whole statement on your screen too.",
    ),
    "resources": (
        "You can check the language documentation for syntax, but please don't look up the solution.",
        "Docs for syntax are fine; searching for the problem itself isn't.",
    ),
    "pause": ("Sure, take your time.", "Of course, no rush.", "Take your time."),
}

VOICE: dict[str, dict[str, tuple[str, ...]]] = {
    "Meta": {
        "go_code": ("Let's move fast: get a working version in, then we can improve it.",),
        "check_in": ("Where are you at? Let's keep the momentum going.",),
    },
    "Amazon": {
        "go_code": ("Okay, build it, and think about who calls this code and what they could pass.",),
        "review_open": (
            "Let's dive deep: trace one example through your code, then give me its time and space.",
        ),
    },
    "Google": {
        "go_code": ("Go ahead and code it, and call out any trade-offs you make as you go.",),
        "check_in": ("How's it going? Talk me through your reasoning as you go.",),
    },
    "Apple": {
        "go_code": ("Alright, start coding, and be careful with the edge cases as you go.",),
        "review_open": (
            "Let's review it carefully: trace an edge case through it, then give me the complexity.",
        ),
    },
    "Microsoft": {
        "go_code": ("Sounds like a plan. Let's pair on it: code it up and tell me what you're doing.",),
        "check_in": ("How's it going? Happy to think it through with you: where are you?",),
    },
}


def options(mode: str, key: str, **fmt: object) -> list[str]:
    """Every phrasing of `key` for a company mode (its persona's own lines first), formatted."""
    raw = (*VOICE.get(mode, {}).get(key, ()), *LINES[key])
    return [line.format(**fmt) for line in raw]


def pick(view: SessionView, key: str, **fmt: object) -> str:
    """A phrasing of `key`: the first one not said yet in the session, else the least recent, and
    never the interviewer's last line."""
    said = [line.text for line in interviewer_lines(view)]
    last = said[-1] if said else None
    candidates = [o for o in options(view.company_mode, key, **fmt) if last is None or o not in last]
    if not candidates:
        return fresh(view, options(view.company_mode, key, **fmt)[0])
    unused = [o for o in candidates if not any(o in s for s in said)]
    if unused:
        return unused[0]
    return min(candidates, key=lambda o: max(i for i, s in enumerate(said) if o in s))


def fresh(view: SessionView, text: str) -> str:
    """`text`, reworded when it would repeat the interviewer's last line word for word."""
    said = interviewer_lines(view)
    if not said or said[-1].text.strip() != text.strip():
        return text
    for prefix in LINES["repeat"]:
        candidate = prefix.format(text=text[:1].lower() + text[1:])
        if candidate != said[-1].text:
            return candidate
    return text


def spoken_summary(question: Question) -> str:
    """The prompt's first sentence as plain text (no markdown, no code blocks), for reading aloud."""
    text = re.sub(r"```.*?```", " ", question.prompt, flags=re.S)
    text = re.sub(r"[`*_#>]", "", text.split("\n\n")[0])
    text = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s+", text)[0]
    return first if len(first) <= 240 else first[:237].rsplit(" ", 1)[0] + "..."


def greeting(view: SessionView) -> str:
    name = f", {view.candidate_name}" if view.candidate_name else ""
    minutes = round(view.time_budget_s / 60)
    persona = PERSONAS.get(view.company_mode, PERSONAS["General"])
    return (
        f"Hi{name}, thanks for joining. {persona} We have about {minutes} minutes: a few on the problem and "
        f"your approach, then coding, then we review your solution together. Today's problem is "
        f"{view.question.title}. {spoken_summary(view.question)} The full statement is on your screen. "
        "Before you write any code, ask me any clarifying questions and talk me through your approach."
    )


def say_complexity(expr: str) -> str:
    return expr.replace("^2", " squared").replace("^3", " cubed")


def say_minutes(minutes: int) -> str:
    return "one minute" if minutes == 1 else f"{minutes} minutes"


def time_check(minutes_left: int, state: State) -> str:
    head = f"Just a heads-up, we have about {say_minutes(minutes_left)} left."
    advice = {
        State.PROBLEM: "It would be a good moment to settle on an approach and start coding.",
        State.CODING: "Aim for a working version first, then test it."
        if minutes_left > 5
        else "Try to finish and submit what you have.",
        State.REVIEW: "Let's keep the discussion focused.",
    }.get(state, "")
    return f"{head} {advice}".strip()
