"""The phrases the utterance classifier looks for, over `words.normalise`d text (lowercase, with
"edge_case", "memory_space", "in_place" fused). Kept apart so the rules in `utterances.py` read."""

from __future__ import annotations

import re

QUESTION_START = re.compile(
    r"^\W*(?:(?:so|and|ok(?:ay)?|um+|uh+|hmm+|sorry|well|also|right|wait|quick question|one question)"
    r"[,.]?\s+)*"
    r"(can|could|does|do|did|is|are|was|were|what|what's|how|why|when|where|which|who|should|will|"
    r"would|may|might|am i|is it|are there|any)\b"
)
WONDER = re.compile(
    r"\b(i wonder|i'm wondering|i was wondering|not sure (if|whether)|just to (check|confirm))\b"
)

TIME_LEFT = re.compile(
    r"\b(how much time|time (do )?(i|we) (still )?have|time (is )?(left|remaining)|how long do (i|we) have|"
    r"how many minutes|minutes (do (i|we) have )?(left|remaining)|how long (is|will) (this|the) "
    r"(interview|session) (take|last|be)|how long have (i|we) got|are we (running )?out of time|"
    r"how are we (doing )?on time|what time is it|is there a time limit)\b"
)
REPEAT = re.compile(
    r"\b(repeat (the|that|this) (question|problem)|(say|read) (that|it|the (question|problem)) again|"
    r"repeat that|explain (the|this) (question|problem) again|what was the (question|problem)|come again|"
    r"(didn'?t|did not) (catch|hear) (that|the (question|problem)))\b"
)
RESOURCES = re.compile(
    r"\b(google|look (it|something|this|that) up|search (online|the web|for)|use the internet|"
    r"stack ?overflow|check the (docs|documentation)|use (an? )?(ai|chatgpt|copilot)|"
    r"open (the )?(docs|documentation))\b"
)
PAUSE = re.compile(
    r"^\W*(ok(ay)?[, ]+|so[, ]+|um+[, ]+)*(let me think|give me (a|one) (moment|second|sec|minute)|"
    r"one (moment|sec|second)|just a (moment|sec|second)|hang on|hold on|bear with me)\b"
)
CHECK_ME = re.compile(
    r"\b((does|is) (my|this|the) (code|solution|answer|implementation|approach) (look )?"
    r"(right|correct|ok|okay|good|fine)|am i (right|correct|on the right track)|"
    r"is (this|that) (right|correct))\b"
)
_LANGS = r"python|javascript|js|java|c\+\+|cpp|c#|golang|typescript|ruby|rust|kotlin|swift"
LANGUAGE = re.compile(
    rf"\b(?:switch|change|move)\b.{{0,30}}?(?<![\w+#])({_LANGS})(?![\w+#])"
    rf"|\b(?:in|use|using)\s+({_LANGS})(?![\w+#])\s*(?:instead|rather|please|\?|,|\.|$)"
    rf"|(?<![\w+#])({_LANGS})\s+instead\b"
)
WHICH_LANGUAGE = re.compile(r"\b(which|what) (programming )?languages?\b|\bother languages?\b")
_CANONICAL = {"js": "javascript", "ts": "typescript", "cpp": "c++", "golang": "go"}

ANSWER_REQUEST = re.compile(
    r"\b((what|which) (are|were|is) the (hidden )?(tests?|test cases|inputs?)|"
    r"hidden (tests?|test cases|inputs?)|"
    r"(show|tell|give) me the (failing |hidden )?(tests?|test cases?|inputs?)|"
    r"which (test|tests|input|inputs) "
    r"(failed|fail|did i fail)|failing (test )?(input|case|test)s?\b.*\?|(give|tell|show) me the "
    r"(answer|solution|code|optimal solution)|what'?s the (answer|solution|optimal solution|trick)|"
    r"just (tell|show|give) me|can you (just )?(write|solve|code) it|write (it|the code) for me|"
    r"(what|how) would you (solve|do) it)\b"
)
HINT = re.compile(
    r"\b(hint|stuck|no idea|help me|need (some |a little )?help|can you help|could you help|any help|"
    r"point me|nudge|not sure (how|where) to (start|begin|proceed)|(don'?t|do not) know (how|where) to "
    r"(start|begin|go))\b"
)
EXPECTATION = re.compile(
    r"\b(complexity|big o|runtime|run time|bound|memory_space|how fast|how efficient)\b.*"
    r"\b(expect|expecting|looking for|want|target|aim|required|need|should)\b"
    r"|\b(expected|target|optimal|ideal|best possible|required) (time |memory_space )?"
    r"(complexity|runtime|bound)\b"
    r"|\bwhat (complexity|runtime|bound) should\b"
)
APPROACH = re.compile(
    r"\b(approach|idea|brute force|greedy|hash ?(map|set|table)|dictionary|dict|set|sort|sorting|"
    r"two pointers?|sliding window|stack|queue|heap|priority queue|binary search|recursion|recursive|"
    r"dynamic programming|"
    r"dp|memo\w*|backtrack\w*|bfs|dfs|breadth|depth|prefix sums?|union find|trie|topological|loop|loops|"
    r"nested|iterate|scan|traverse|one pass|single pass|two passes|pointer|pointers|i would|i'd|i will|"
    r"i'll|we can|we could|my plan|i'm going to|i am going to|i think we)\b"
)
ACCEPTABLE = re.compile(
    r"\b(fine|ok|okay|work|works|good|acceptable|allowed|correct|right|enough|valid|reasonable|"
    r"sufficient|make sense|should i|can i|could i|is it worth|better)\b"
)
READY = re.compile(
    r"\b((start|begin) (coding|writing|implementing|to code)|code (it|this|that) up|write the code|"
    r"implement (it|this|that)|let me code|let me (just )?(write|implement)|i'?ll (start )?cod\w+)\b"
)
DONE = re.compile(
    r"^\W*(no|nope|nothing|that's all|that is all|i'm good|i am good|all good|thanks?|thank you)\b"
)
NO_MORE = re.compile(r"\b(no (more |other |further )?questions|nothing else|that's (all|it)|that is all)\b")
OFF_TOPIC = re.compile(
    r"\b(weather|lunch|dinner|weekend|vacation|holiday|football|soccer|basketball|movie|movies|"
    r"netflix|music|game last night|your day|how are you|where are you from|favorite|favourite|"
    r"pizza|coffee|traffic|politics|election|stock market|crypto|bitcoin)\b"
)
BACKCHANNEL = frozenset(
    "ok okay yeah yes yep right sure mm hmm mhm uh-huh got it cool great alright thanks thank you "
    "makes sense understood perfect nice good".split()
)
# Single-word keywords too generic to decide a fact on their own: they count half.
WEAK_KEYWORDS = frozenset(
    "order return same other only first start begin include count length size type one case "
    "valu number output format limit range".split()
)
STOP = frozenset(
    "the a an is are be can could do doe does i we you it its it's of to in on for and or if what how "
    "there that this with my me should would will any all have has at by from as so ok okay will wil "
    "array list string input output valu number".split()
)


def canonical_language(name: str) -> str:
    return _CANONICAL.get(name, name)


# Lemmas (`words.lemma`) of words that make a question about the input or the output.
IO_WORDS = frozenset(
    {"input", "output", "return", "argument", "parameter", "array", "list", "str", "result", "valu"}
)
