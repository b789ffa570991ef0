"""The judge's limits, in one frozen value (built from Settings by `build_judge`)."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

HARNESS_DIR = Path(__file__).resolve().parent / "harness"
LANGUAGES = ("javascript", "python")
UID_SPAN = 2000


def mini_racer_dir() -> Path | None:
    """Where py_mini_racer is installed (found without importing it: V8 never loads in the server)."""
    spec = importlib.util.find_spec("py_mini_racer")
    locations = spec.submodule_search_locations if spec else None
    return Path(next(iter(locations))) if locations else None


@dataclass(frozen=True)
class JudgeConfig:
    workers: int = 2
    queue: int = 20
    time_limit_ms: dict[str, int] = field(default_factory=lambda: {"javascript": 1000, "python": 2000})
    memory_mb: int = 512  # Python: RLIMIT_DATA; JavaScript: V8's heap limit (RLIMIT_DATA gets 1 GB more)
    wall_budget_s: float = 30.0  # a whole run (all cases, restarts, probe)
    # The observed-complexity probe times a size again while that size's timings fit in this (ms).
    probe_budget_ms: float = 400.0
    python: str = "/usr/bin/python3"  # the interpreter INSIDE the sandbox: must live under /usr
    uid_base: int = 63000  # sandboxes run as uids in [uid_base, uid_base + UID_SPAN): see `sandbox_uid`
    nproc: int = 64
    file_mb: int = 16
    scratch_mb: int = 16
    max_line_bytes: int = 32 * 2**20  # one result line (the returned value) at most: output_limit beyond
    timeouts_per_category: int = 2  # after this many timeouts in a category, its remaining cases are not_run
    wall_factor: float = 3.0  # the parent's per-case wall deadline: limit * factor + grace
    wall_grace_ms: float = 1000.0

    def sandbox_uid(self, slot: int) -> int:
        """This server process's own uid for a pool slot: distinct per slot (RLIMIT_NPROC counts per
        uid) and, picked by pid, distinct from other server processes on the host in all likelihood."""
        blocks = UID_SPAN // self.workers
        return self.uid_base + (os.getpid() % blocks) * self.workers + slot

    def limit_ms(self, language: str, case_limit: int | None) -> int:
        return max(1, case_limit if case_limit is not None else self.time_limit_ms[language])
