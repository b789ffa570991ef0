"""Per-node abuse limits the transport enforces before a service runs: sockets per session and role,
a message rate per session (on top of the per-connection one), session creation per address.

They count on this node only: behind the balancer a client's address sticks to one node, so the
cluster-wide bound is at most the node count times these."""

from __future__ import annotations

import math
import time
from collections import Counter, deque

from interview_sim.protocol import Role
from interview_sim.transport.origins import is_trusted
from interview_sim.transport.sockets import TokenBucket


class SocketLimits:
    """At most `caps[role]` sockets per session and role; one shared message-rate bucket per session."""

    def __init__(self, caps: dict[Role, int], rate: float, burst: int) -> None:
        self.caps, self.rate, self.burst = caps, rate, burst
        self.open: Counter[tuple[str, Role]] = Counter()
        self.buckets: dict[str, TokenBucket] = {}

    def admit(self, session_id: str, role: Role) -> bool:
        if self.open[(session_id, role)] >= self.caps[role]:
            return False
        self.open[(session_id, role)] += 1
        self.buckets.setdefault(session_id, TokenBucket(self.rate, self.burst))
        return True

    def release(self, session_id: str, role: Role) -> None:
        key = (session_id, role)
        self.open[key] -= 1
        if self.open[key] <= 0:
            del self.open[key]
        if not any(s == session_id for s, _ in self.open):
            self.buckets.pop(session_id, None)

    def take(self, session_id: str) -> bool:
        bucket = self.buckets.get(session_id)
        return bucket is None or bucket.take()


class CreationLimiter:
    """At most `per_hour` new sessions per client address in any sliding hour."""

    def __init__(self, per_hour: int, window_s: float = 3600.0) -> None:
        self.per_hour, self.window_s = per_hour, window_s
        self.hits: dict[str, deque[float]] = {}

    def retry_after(self, address: str) -> int | None:
        """Record a creation, or return the seconds to wait when the address is over its limit."""
        now = time.monotonic()
        hits = self.hits.setdefault(address, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.per_hour:
            return max(1, math.ceil(hits[0] + self.window_s - now))
        hits.append(now)
        if len(self.hits) > 100_000:  # forget the quiet addresses first
            self.hits = {a: h for a, h in self.hits.items() if h and h[-1] > now - self.window_s}
        return None


def client_address(remote: str | None, forwarded_for: str | None, trusted: list[str]) -> str:
    """The peer's address; behind a trusted proxy, the last hop it appended to X-Forwarded-For."""
    remote = remote or "unknown"
    if forwarded_for and is_trusted(remote, trusted):
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return remote
