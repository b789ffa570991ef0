"""A seccomp filter the harness installs on itself before it reads any candidate code. INSIDE the
sandbox only (with no_new_privs set, an unprivileged process may do this).

Denied with EPERM: starting programs (execve, execveat), new processes (fork, vfork, and clone
without CLONE_THREAD: threads stay allowed, V8 needs them), sockets other than AF_UNIX (the network
namespace has no route anyway), and the x32 ABI. clone3 answers ENOSYS so glibc falls back to clone,
whose flags a classic BPF filter can read. x86_64 only; elsewhere the namespaces and rlimits remain.
"""

from __future__ import annotations

import ctypes
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
ALLOW, ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
CLONE_THREAD = 0x00010000
NR = {"execve": 59, "execveat": 322, "fork": 57, "vfork": 58, "clone": 56, "clone3": 435, "socket": 41}
LD_ABS, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
PR_SET_SECCOMP, SECCOMP_MODE_FILTER, PR_SET_NO_NEW_PRIVS = 22, 2, 38


def program() -> list[tuple[int, int, int, int]]:
    """(code, jump if true, jump if false, k) instructions; jumps name labels (forward only)."""
    source: list[tuple[str, int, str | int, str | int, int]] = [
        ("", LD_ABS, 0, 0, 4),
        ("", JEQ, 0, "deny", AUDIT_ARCH_X86_64),  # another ABI: deny
        ("", LD_ABS, 0, 0, 0),
        ("", JGE, "deny", 0, 0x40000000),  # x32 system calls: deny
        ("", JEQ, "deny", 0, NR["execve"]),
        ("", JEQ, "deny", 0, NR["execveat"]),
        ("", JEQ, "deny", 0, NR["fork"]),
        ("", JEQ, "deny", 0, NR["vfork"]),
        ("", JEQ, "nosys", 0, NR["clone3"]),
        ("", JEQ, "clone", 0, NR["clone"]),
        ("", JEQ, "socket", 0, NR["socket"]),
        ("", RET, 0, 0, ALLOW),
        ("clone", LD_ABS, 0, 0, 16),
        ("", JSET, "allow", "deny", CLONE_THREAD),  # threads only
        ("socket", LD_ABS, 0, 0, 16),
        ("", JEQ, "allow", "deny", 1),  # AF_UNIX only
        ("allow", RET, 0, 0, ALLOW),
        ("deny", RET, 0, 0, ERRNO | EPERM),
        ("nosys", RET, 0, 0, ERRNO | ENOSYS),
    ]
    labels = {name: i for i, (name, *_rest) in enumerate(source) if name}

    def jump(at: int, target: str | int) -> int:
        return labels[target] - at - 1 if isinstance(target, str) else target

    return [(code, jump(i, jt), jump(i, jf), k) for i, (_, code, jt, jf, k) in enumerate(source)]


def install() -> str | None:
    """Installs the filter; None on success, else why not (the caller carries on without it)."""
    if platform.machine() != "x86_64":
        return f"no seccomp filter for {platform.machine()}"
    code = b"".join(struct.pack("HBBI", *ins) for ins in program())
    buffer = ctypes.create_string_buffer(code)
    fprog = struct.pack("HxxxxxxQ", len(code) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  # set already by setpriv as root; needed otherwise
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog), 0, 0) != 0:
        return f"prctl(PR_SET_SECCOMP) failed: errno {ctypes.get_errno()}"
    return None
