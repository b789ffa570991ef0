"""Drives sandboxes through one request: load, cases (with restarts), probe. See `run.py`."""

from __future__ import annotations

import signal
import time
from typing import Any

from .config import JudgeConfig
from .model import CaseOutcome, JudgeRequest, JudgeUnavailable
from .run import STARTUP_S, Progress, cpu_budget_s, judged, outcome, parse, record, request_lines
from .sandbox import Exit, LineTooLong, Sandbox

START_S = 15.0  # reading and parsing one case's arguments (a few MB of JSON) on a busy machine


class Session:
    """One sandbox's life: returns True from `drive` when a fresh sandbox should take over."""

    def __init__(self, p: Progress, sandbox: Sandbox, probe_limit: int) -> None:
        self.p, self.sandbox, self.probe_limit = p, sandbox, probe_limit
        self.current: tuple[int, float] | None = None  # (case index, monotonic start)
        self.progressed = False

    async def next(self) -> dict[str, Any] | bytes | None:
        """The next message; b"" at EOF; None when its deadline passed."""
        line = await self.sandbox.read_line(self.deadline())
        if not line:
            return line
        return await parse(line)

    def deadline(self) -> float:
        if self.current is not None:
            index, started = self.current
            return min(self.p.deadline, started + self.p.wall_s(self.p.limit(index)))
        if not self.p.pending and self.p.request.probe:
            return min(
                self.p.deadline,
                time.monotonic() + self.p.wall_s(self.probe_limit + self.p.config.probe_budget_ms) + 2,
            )
        return min(self.p.deadline, time.monotonic() + START_S)

    async def load(self) -> bool:
        wall = STARTUP_S + self.p.wall_s(self.p.load_limit_ms)
        line = await self.sandbox.read_line(min(self.p.deadline, time.monotonic() + wall))
        if line is None:
            self.p.load_error = ("TimeoutError", f"loading the code took longer than {wall:.0f} s")
            return False
        if not line:
            exit_ = await self.sandbox.finish()
            kind = (
                "MemoryError"
                if exit_.out_of_memory
                else "SandboxError"
                if "bwrap:" in exit_.stderr
                else "Crash"
            )
            self.p.load_error = (kind, f"the sandbox stopped while loading the code ({describe_exit(exit_)})")
            return False
        message = await parse(line)
        if message.get("t") == "load_error":
            self.p.load_error = (
                message.get("error_kind") or "Error",
                message.get("error") or "the code did not load",
            )
            return False
        return message.get("t") == "loaded"

    async def drive(self) -> bool:
        if not await self.load():
            return False
        while True:
            try:
                message = await self.next()
            except LineTooLong:
                return self.output_limit()
            if message is None:
                return self.overrun()
            if message == b"":
                return await self.ended()
            assert isinstance(message, dict)
            restart = self.handle(message)
            if restart is not None:
                return restart

    def handle(self, message: dict[str, Any]) -> bool | None:
        kind = message.get("t")
        if kind == "start" and message.get("i") in self.p.pending:
            self.current = (message["i"], time.monotonic())
        elif kind == "result" and self.current is not None and message.get("i") == self.current[0]:
            before = len(self.p.pending)
            record(self.p, judged(self.p, self.current[0], message))
            self.current, self.progressed = None, True
            if len(self.p.pending) < before - 1:  # a category was retired: its cases are still queued here
                return True
            if not self.p.pending and not self.p.probe_wanted:
                return False  # nothing left to wait for (not even `done`: the sandbox is closed now)
        elif kind == "probe" and isinstance(message.get("n"), int):
            self.p.probe.append((message["n"], message))
        elif kind == "garbled" and self.current is not None:
            index, started = self.current
            error = "the answer could not be read (too large a number, too deep, or not JSON)"
            record(
                self.p,
                outcome(self.p, index, "runtime_error", (time.monotonic() - started) * 1000, error=error),
            )
            self.current, self.progressed = None, True
            return True
        elif kind == "done":
            self.p.probe_finished = True
            return False
        return None

    def overrun(self) -> bool:
        if self.current is None:
            if self.p.request.probe and not self.p.pending:
                if (n := self.next_probe_size()) is not None:  # else a later round stalled: keep the times
                    self.p.probe.append((n, {"failed": "timed_out"}))
                self.p.probe_finished = True
            return False
        index, _ = self.current
        limit = self.p.limit(index)
        record(self.p, outcome(self.p, index, "timed_out", float(limit), error="time limit exceeded"))
        self.current, self.progressed = None, True
        return True

    def next_probe_size(self) -> int | None:
        sizes = [n for n, _ in self.p.request.probe.inputs] if self.p.request.probe else []
        done = {n for n, _ in self.p.probe}
        return next((n for n in sizes if n not in done), None)

    def output_limit(self) -> bool:
        if self.current is None:
            return False
        index, started = self.current
        record(
            self.p,
            outcome(
                self.p,
                index,
                "output_limit",
                (time.monotonic() - started) * 1000,
                error=f"the returned value is larger than {self.p.config.max_line_bytes // 2**20} MB",
            ),
        )
        self.current, self.progressed = None, True
        return True

    async def ended(self) -> bool:
        exit_ = await self.sandbox.finish()
        if self.current is not None:
            index, started = self.current
            record(self.p, crashed(self.p, index, exit_, (time.monotonic() - started) * 1000))
            self.current, self.progressed = None, True
        return self.progressed


def crashed(p: Progress, index: int, exit_: Exit, ms: float) -> CaseOutcome:
    if exit_.out_of_memory:
        return outcome(p, index, "memory_limit", ms, error_kind="MemoryError", error="memory limit exceeded")
    if exit_.cpu_exceeded:
        return outcome(p, index, "timed_out", ms, error="time limit exceeded (CPU limit)")
    return outcome(
        p,
        index,
        "runtime_error",
        ms,
        error_kind="Crash",
        error=f"the process stopped: {describe_exit(exit_)}",
    )


def describe_exit(exit_: Exit) -> str:
    """ "killed by SIGSEGV (a segmentation fault: usually recursion too deep for the C stack)"."""
    code = exit_.returncode
    signum = (
        -code if code is not None and code < 0 else code - 128 if code is not None and code > 128 else None
    )
    if signum is None:
        text = f"exit code {code}"
    else:
        text = f"killed by {signal_name(signum)}"
        if signum == signal.SIGSEGV:
            text += " (a segmentation fault: usually recursion too deep for the C stack)"
    tail = exit_.stderr.strip().splitlines()[-1:] if exit_.stderr.strip() else []
    return f"{text}: {tail[0][:300]}" if tail else text


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


async def run_request(request: JudgeRequest, config: JudgeConfig, slot: int) -> Progress:
    """Every case gets an outcome; sandboxes restart after a case that killed one."""
    started = time.monotonic()
    p = Progress(request, config, started + config.wall_budget_s, list(range(len(request.cases))))
    probe_limit = config.time_limit_ms[request.language]
    while True:
        try:
            sandbox = await Sandbox.start(config, request.language, slot, cpu_budget_s(p, probe_limit))
        except OSError as e:  # a tool vanished since the availability check
            raise JudgeUnavailable(f"the judge's sandbox could not start: {e}") from e
        sandbox.send(await request_lines(p, probe_limit))
        session = Session(p, sandbox, probe_limit)
        try:
            again = await session.drive()
        finally:
            await sandbox.close()
        if not again or p.load_error or time.monotonic() >= p.deadline:
            break
        if not p.pending and not p.probe_wanted:
            break
    why = "the run's time budget ran out" if time.monotonic() >= p.deadline else "the sandbox stopped"
    for i in list(p.pending):
        record(p, outcome(p, i, "not_run", 0.0, error=why))
    return p
