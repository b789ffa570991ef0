"""The wire contract (v2): envelopes, payloads and REST bodies.

v2: the server is the only judge of a submit. Hidden tests never leave it while the interview runs
(v1's RUN_REQUEST, which sent them to the page, is gone); a client may only report sample runs.

One source for the contract: the frontend's TypeScript types are generated from the JSON Schema
that `python -m interview_sim.protocol` prints (`make gen-types`).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_CODE_CHARS = 200_000
MAX_TEXT_CHARS = 10_000
MAX_ENVELOPE_BYTES = 256_000


class State(StrEnum):
    INTRO = "INTRO"
    PROBLEM = "PROBLEM"
    CODING = "CODING"
    REVIEW = "REVIEW"
    WRAP_UP = "WRAP_UP"
    ENDED = "ENDED"


class Difficulty(StrEnum):
    EASY = "Easy"
    MEDIUM = "Medium"
    HARD = "Hard"


class CompanyMode(StrEnum):
    GENERAL = "General"
    GOOGLE = "Google"
    META = "Meta"
    AMAZON = "Amazon"
    MICROSOFT = "Microsoft"
    APPLE = "Apple"


class Language(StrEnum):
    JAVASCRIPT = "javascript"
    PYTHON = "python"


class Role(StrEnum):
    CANDIDATE = "candidate"
    OBSERVER = "observer"


class EventType(StrEnum):
    CLIENT_READY = "CLIENT_READY"
    TRANSCRIPT_PARTIAL = "TRANSCRIPT_PARTIAL"
    TRANSCRIPT_FINAL = "TRANSCRIPT_FINAL"
    STATE_CHANGE = "STATE_CHANGE"
    CODE_SNAPSHOT = "CODE_SNAPSHOT"
    RUN_RESULT = "RUN_RESULT"
    OBSERVER_NOTE = "OBSERVER_NOTE"
    SESSION_SNAPSHOT = "SESSION_SNAPSHOT"
    INTERVIEWER_STREAM_START = "INTERVIEWER_STREAM_START"
    INTERVIEWER_STREAM_DELTA = "INTERVIEWER_STREAM_DELTA"
    INTERVIEWER_STREAM_END = "INTERVIEWER_STREAM_END"
    COACH_NUDGE = "COACH_NUDGE"
    ERROR = "ERROR"


class ErrorCode(StrEnum):
    INVALID_ENVELOPE = "invalid_envelope"
    UNKNOWN_TYPE = "unknown_type"
    TOO_LARGE = "too_large"
    RATE_LIMITED = "rate_limited"
    FORBIDDEN = "forbidden"
    INVALID_STATE = "invalid_state"
    LLM_DEGRADED = "llm_degraded"
    BUDGET_EXCEEDED = "budget_exceeded"
    JUDGE_BUSY = "judge_busy"
    JUDGE_UNAVAILABLE = "judge_unavailable"
    INTERNAL = "internal"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- client -> server payloads


class ClientReady(_Strict):
    last_seq: int | None = Field(default=None, ge=0)


class TranscriptPartial(_Strict):
    text: str = Field(max_length=MAX_TEXT_CHARS)


class TranscriptFinal(_Strict):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    source: Literal["speech", "typed"]


class StateChangeRequest(_Strict):
    to: State


class CodeSnapshot(_Strict):
    code: str = Field(max_length=MAX_CODE_CHARS)
    language: Language


class TestCaseResult(BaseModel):
    """One sample test as the page ran it (its input is public: the samples are in the prompt)."""

    model_config = ConfigDict(extra="ignore")
    index: int = Field(ge=0)
    passed: bool
    expected: Any = None
    actual: Any = None
    error: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    ms: float = Field(default=0, ge=0)
    args: list[Any] | None = None
    stdout: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)


class RunResult(_Strict):
    """A sample run reported by the page. `kind: "submit"` parses, so that the service can refuse it
    with `forbidden` (only the server judges a submit) rather than as a malformed envelope."""

    kind: Literal["sample", "submit"]
    passed: int = Field(ge=0)
    total: int = Field(ge=0)
    results: list[TestCaseResult] = Field(max_length=200)
    timed_out: bool = False
    language: Language | None = None
    source: Literal["page"] = Field(default="page", description="sample runs are reported by the page")

    @model_validator(mode="after")
    def _counts_add_up(self) -> RunResult:
        if self.passed > self.total:
            raise ValueError(f"passed ({self.passed}) is more than total ({self.total})")
        if len(self.results) > self.total:
            raise ValueError(f"{len(self.results)} results for {self.total} tests")
        if sum(1 for r in self.results if r.passed) > self.passed:
            raise ValueError("more passing results than passed")
        return self


class ObserverNote(_Strict):
    """`private`: for observers only, never shown to the candidate. `feedback`: shown to the
    candidate on the report, once the interview has ended (never during it)."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    visibility: Literal["private", "feedback"] = "private"


CLIENT_PAYLOADS: dict[str, type[BaseModel]] = {
    EventType.CLIENT_READY: ClientReady,
    EventType.TRANSCRIPT_PARTIAL: TranscriptPartial,
    EventType.TRANSCRIPT_FINAL: TranscriptFinal,
    EventType.STATE_CHANGE: StateChangeRequest,
    EventType.CODE_SNAPSHOT: CodeSnapshot,
    EventType.RUN_RESULT: RunResult,
    EventType.OBSERVER_NOTE: ObserverNote,
}

# Types only the candidate may send; observers get ERROR forbidden.
CANDIDATE_ONLY = frozenset(
    {
        EventType.TRANSCRIPT_PARTIAL,
        EventType.TRANSCRIPT_FINAL,
        EventType.STATE_CHANGE,
        EventType.CODE_SNAPSHOT,
        EventType.RUN_RESULT,
    }
)
OBSERVER_ONLY = frozenset({EventType.OBSERVER_NOTE})
# Ephemeral server-to-client types: relayed, never logged, no seq.
EPHEMERAL = frozenset({EventType.TRANSCRIPT_PARTIAL, EventType.INTERVIEWER_STREAM_DELTA})


# ---------------------------------------------------------------- server -> client payloads


class TestCase(BaseModel):
    args: list[Any]
    expected: Any


class QuestionPublic(BaseModel):
    id: str
    slug: str
    title: str
    prompt: str
    difficulty: Difficulty
    company_modes: list[CompanyMode]
    function_name: str
    starter_code: dict[str, str]
    sample_tests: list[TestCase]
    constraints: list[str]
    topics: list[str] = []
    compare: Literal["exact", "unordered", "float"] = Field(
        default="exact", description="how answers are compared: the page's sample runs and the judge alike"
    )


class TranscriptLine(BaseModel):
    seq: int
    ts_ms: int
    speaker: Literal["candidate", "interviewer"]
    text: str
    source: str | None = None


class NudgePayload(BaseModel):
    id: str
    category: str
    severity: Literal["info", "warning", "critical"]
    text: str


class SessionSnapshot(BaseModel):
    state: State
    question: QuestionPublic
    transcript: list[TranscriptLine]
    code: str
    language: Language
    runs: list[RunResult | SubmitResult]
    nudges: list[NudgePayload]
    last_seq: int
    role: Role
    started_at_ms: int | None = None
    time_budget_s: int
    notes: list[ObserverNote] = []


class InterviewerStreamStart(BaseModel):
    message_id: str
    kind: str | None = None


class InterviewerStreamDelta(BaseModel):
    message_id: str
    delta: str


class InterviewerStreamEnd(BaseModel):
    message_id: str
    text: str
    interrupted: bool = False
    kind: str | None = None
    hint_level: int | None = None
    provider: str | None = None


class StateChanged(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: State = Field(alias="from")
    to: State
    reason: str


Verdict = Literal[
    "passed", "wrong_answer", "runtime_error", "timed_out", "memory_limit", "output_limit", "not_run"
]
TestCategory = Literal["sample", "basic", "edge case", "large input", "adversarial"]


class SubmitCaseResult(BaseModel):
    """One hidden test of a submit, as the room sees it while the interview runs: a category and a
    verdict, never the input, the expected or the actual output."""

    index: int
    passed: bool
    category: TestCategory
    verdict: Verdict
    error_kind: str | None = None
    ms: float = 0


class ObservedComplexity(BaseModel):
    """How the code's running time grew on inputs of growing size: an estimate, labelled as such.

    The judge times the question's reference solution on the same inputs: code that grows like it
    is labelled with the question's optimum (a raw label can be a class off on a busy machine or on
    cache-bound code), code that grows clearly faster keeps its measured label."""

    label: str
    exponent: float | None = None
    sizes: list[int] = []
    ms: list[float] = []
    estimate: Literal[True] = True
    compared_to_reference: Literal["same", "slower", "faster"] | None = None
    reference_exponent: float | None = None
    note: str | None = None


class SubmitResult(BaseModel):
    """`RUN_RESULT {kind: "submit"}`: logged by the server after it judged the latest code snapshot."""

    kind: Literal["submit"] = "submit"
    source: Literal["server"] = "server"
    passed: int
    total: int
    timed_out: bool
    language: Language
    results: list[SubmitCaseResult]
    observed_complexity: ObservedComplexity | None = None
    attempt: int = Field(ge=1, description="1 for the first submit of the session, 2 for the next...")
    code_seq: int = Field(ge=0, description="the seq of the CODE_SNAPSHOT that was judged (0: none)")
    load_error: str | None = Field(default=None, description="why the code did not load (no input in it)")
    judged: bool = Field(default=True, description="false when the judge could not run here")


class ErrorPayload(BaseModel):
    code: str
    message: str
    ref_type: str | None = None


class Envelope(BaseModel):
    """Every socket.io message; the event name equals `type`."""

    model_config = ConfigDict(extra="forbid")
    type: str = Field(min_length=1, max_length=64)
    ts_ms: int | None = None
    session_id: str | None = None
    payload: dict[str, Any]
    seq: int | None = None
    id: str | None = Field(default=None, min_length=1, max_length=128)


class Ack(BaseModel):
    ok: bool
    seq: int | None = None
    duplicate: bool = False
    error: ErrorPayload | None = None


# ---------------------------------------------------------------- REST bodies


class SessionCreate(_Strict):
    company_mode: CompanyMode = CompanyMode.GENERAL
    difficulty: Difficulty = Difficulty.MEDIUM
    question_id: str | None = Field(default=None, max_length=64)
    language: Language = Language.JAVASCRIPT
    candidate_name: str | None = Field(default=None, max_length=80)


class SessionCreated(BaseModel):
    """`observer_invite` goes in the observer link; an observer trades it for a token of their own
    (`POST /sessions/{id}/observers`), so the candidate's page never holds an observer credential."""

    session_id: str
    candidate_token: str
    observer_invite: str
    state: State
    question: QuestionPublic
    ws_path: str = "/ws"


class ObserverJoin(_Strict):
    invite: str = Field(min_length=1, max_length=128)


class ObserverJoined(BaseModel):
    session_id: str
    observer_token: str


class SessionPublic(BaseModel):
    session_id: str
    state: State
    role: Role
    company_mode: CompanyMode
    difficulty: Difficulty
    language: Language
    candidate_name: str | None
    question: QuestionPublic
    created_at: str
    started_at: str | None
    ended_at: str | None
    time_budget_s: int
    last_seq: int


class LoggedEvent(BaseModel):
    seq: int
    type: str
    ts_ms: int
    session_id: str
    payload: dict[str, Any]


class EventPage(BaseModel):
    session_id: str
    events: list[LoggedEvent]
    last_seq: int
    has_more: bool


class SessionEnded(BaseModel):
    session_id: str
    state: State
    report: dict[str, Any]


class Meta(BaseModel):
    company_modes: list[CompanyMode]
    difficulties: list[Difficulty]
    languages: list[Language]
    llm_mode: str
    time_budgets_s: dict[str, int]
    node: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    node: str
    db: str
    redis: str


class ErrorBody(BaseModel):
    error: ErrorPayload


SCHEMA_MODELS: list[type[BaseModel]] = [
    Envelope,
    Ack,
    ClientReady,
    TranscriptPartial,
    TranscriptFinal,
    StateChangeRequest,
    CodeSnapshot,
    RunResult,
    TestCaseResult,
    ObserverNote,
    SessionSnapshot,
    InterviewerStreamStart,
    InterviewerStreamDelta,
    InterviewerStreamEnd,
    NudgePayload,
    StateChanged,
    SubmitResult,
    SubmitCaseResult,
    ObservedComplexity,
    ErrorPayload,
    QuestionPublic,
    TestCase,
    TranscriptLine,
    SessionCreate,
    SessionCreated,
    ObserverJoin,
    ObserverJoined,
    SessionPublic,
    LoggedEvent,
    EventPage,
    SessionEnded,
    Meta,
    Health,
    ErrorBody,
]


def json_schema() -> dict[str, Any]:
    """One JSON Schema document with every contract model under `$defs`."""
    defs: dict[str, Any] = {}
    for model in SCHEMA_MODELS:
        schema = model.model_json_schema(ref_template="#/$defs/{model}", by_alias=True)
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    for enum in (State, Difficulty, CompanyMode, Language, Role, EventType, ErrorCode):
        defs[enum.__name__] = {"type": "string", "enum": [m.value for m in enum]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "InterviewSim", "$defs": defs}


# ---------------------------------------------------------------- the report (GET /sessions/{id}/report)

Signal = Literal[
    "strong_no_hire",
    "no_hire",
    "lean_no_hire",
    "lean_hire",
    "hire",
    "strong_hire",
    "insufficient_evidence",
]
Dimension = Literal["problem_solving", "coding", "verification", "communication"]


class Evidence(BaseModel):
    seq: int = Field(ge=0, description="the log event it rests on; 0 for an observation about the whole log")
    text: str


class RubricItem(BaseModel):
    dimension: Dimension
    label: str
    score: int | None = Field(default=None, ge=1, le=4)
    evidence: list[Evidence]
    missing: str | None = None
    levels: list[str] = Field(default=[], description="what a 1, 2, 3 and 4 look like, in that order")
    next_level: str | None = Field(default=None, description="what the next score would have needed")


class WpmPoint(BaseModel):
    t_s: float
    wpm: float


class SpeechMetrics(BaseModel):
    words: int
    wpm: float | None
    filler_words: int
    fillers_per_100: float | None
    filler_counts: dict[str, int]
    talk_share: float | None
    longest_coding_silence_s: float | None
    wpm_series: list[WpmPoint]


class Timeline(BaseModel):
    duration_s: float | None
    time_to_first_code_s: float | None
    runs: int
    sample_runs: int
    submits: int
    state_durations_s: dict[str, float]


class HiddenTestSummary(BaseModel):
    passed: int
    total: int
    rate: float


class ObserverFeedback(BaseModel):
    text: str
    ts_ms: int


class HiddenFailure(BaseModel):
    """A failing hidden test, shown only once the interview has ended (inputs truncated)."""

    index: int
    category: TestCategory
    verdict: Verdict
    args: list[Any] | None = None
    expected: Any = None
    actual: Any = None
    error: str | None = None
    truncated: bool = False


class StatedComplexity(BaseModel):
    """The complexity the candidate said out loud (or typed) last, per aspect: the one scored, to set
    next to the optimal one and the measured growth."""

    time: str | None = None
    space: str | None = None
    seq: int = Field(ge=0, description="the transcript line that said it")


class Optimal(BaseModel):
    """The question's intended approach and complexity: on the report after the end."""

    approach: str
    time: str
    space: str
    notes: str = ""


class Report(BaseModel):
    session_id: str
    question_id: str
    question_title: str
    difficulty: Difficulty
    company_mode: CompanyMode
    language: Language
    signal: Signal
    signal_caps: list[str] = Field(
        default=[], description="why the verified facts held the signal back (e.g. hidden tests failed)"
    )
    rubric: list[RubricItem]
    hidden_tests: HiddenTestSummary | None
    submit_results: SubmitResult | None = Field(description="the scored submit: the last one")
    submits: list[SubmitResult] = []
    hidden_failures: list[HiddenFailure] = []
    optimal: Optimal | None = None
    stated_complexity: StatedComplexity | None = None
    hints_used: int
    nudges: list[NudgePayload]
    speech: SpeechMetrics
    timeline: Timeline
    summary: str
    summary_source: Literal["model", "deterministic"]
    transcript: list[TranscriptLine]
    final_code: str
    generated_at_ms: int
    # Observer notes marked `feedback`, shown to the candidate after the end; private notes never.
    observer_feedback: list[ObserverFeedback] = Field(default_factory=list)


SCHEMA_MODELS += [
    Report,
    ObserverFeedback,
    RubricItem,
    Evidence,
    SpeechMetrics,
    WpmPoint,
    Timeline,
    HiddenTestSummary,
    HiddenFailure,
    Optimal,
    StatedComplexity,
]


if __name__ == "__main__":
    json.dump(json_schema(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
