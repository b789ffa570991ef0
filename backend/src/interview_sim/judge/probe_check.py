"""Can a sandbox start here? Checked once per judge: bwrap, user namespaces, the interpreter."""

from __future__ import annotations

import asyncio
import contextlib

from .config import JudgeConfig
from .sandbox import command, missing_tools


async def sandbox_problem(config: JudgeConfig) -> str | None:
    """None when a confined interpreter starts and answers; otherwise why not, in words."""
    missing = missing_tools(config)
    if missing:
        return (
            f"the judge's sandbox needs {', '.join(missing)} (Debian: apt-get install bubblewrap util-linux)"
        )
    argv = command(config, "python", 0, 5)
    argv = [*argv[: argv.index("-S") + 1], "-c", "print('sandbox-ok')"]
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            env={"PATH": "/usr/bin:/bin"},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as e:
        return f"the judge's sandbox could not start: {e}"
    try:
        async with asyncio.timeout(15):
            out, err = await proc.communicate()
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
        return "the judge's sandbox did not answer within 15 s"
    if proc.returncode == 0 and out.strip() == b"sandbox-ok":
        return None
    reason = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
    return (
        f"the judge's sandbox cannot start ({reason[0]}): bubblewrap needs unprivileged user namespaces "
        "(in Docker: security_opt seccomp=unconfined and apparmor=unconfined, see docker/compose.yml)"
    )
