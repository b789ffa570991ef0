"""The hidden suite the judge runs on a submit, from the question bank (`questions/suites.py`):
hand-written hidden tests plus generated large and adversarial cases, with the question's
calibrated time limits for the submit's language."""

from __future__ import annotations

from typing import cast

from interview_sim.domain.model import Question
from interview_sim.judge.model import Case, Compare, ObservedComplexity, Probe
from interview_sim.questions import suites
from interview_sim.services.ports import Judge


class BankSuites:
    def __init__(self, judge: Judge) -> None:
        self.judge = judge

    async def hidden_suite(self, question: Question, language: str) -> tuple[Case, ...]:
        return await suites.hidden_suite(question, self.judge, language)

    def probe(self, question: Question) -> Probe | None:
        return suites.probe(question)

    async def reference_growth(self, question: Question, language: str) -> ObservedComplexity | None:
        return await suites.reference_growth(question, self.judge, language)

    def compare(self, question: Question) -> Compare:
        return cast(Compare, question.compare)
