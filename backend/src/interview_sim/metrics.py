"""Prometheus metrics of one node (`GET /metrics`): one registry per app, so several apps in one
process (the tests) never share counters. Label values are bounded: event types outside the
protocol are counted as "other"."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from interview_sim.protocol import EventType

_TYPES = frozenset(t.value for t in EventType)
_FAST = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_SLOW = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 60.0)


def event_label(type_: Any) -> str:
    return type_ if isinstance(type_, str) and type_ in _TYPES else "other"


class EventCounts(Collector):
    """`interview_sim_events_in_total` / `_out_total` by type, counted in plain dicts and read at
    scrape time: these run for every envelope in and out, and a prometheus-client `Counter.inc()`
    takes a threading lock each time (2-3% of a loaded node). One event loop thread writes them."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.inbound: dict[str, int] = dict.fromkeys([*_TYPES, "other"], 0)
        self.outbound: dict[str, int] = dict.fromkeys([*_TYPES, "other"], 0)
        registry.register(self)

    def collect(self) -> Any:
        for name, help_, counts in (
            ("interview_sim_events_in", "Client envelopes received", self.inbound),
            ("interview_sim_events_out", "Envelopes emitted (a room emit counts once)", self.outbound),
        ):
            family = CounterMetricFamily(name, help_, labels=["type"])
            for type_, n in sorted(counts.items()):
                if n:
                    family.add_metric([type_], n)
            yield family


class Metrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.connections = Gauge("interview_sim_connections", "Open socket connections", ["role"], registry=r)
        self.events = EventCounts(r)
        self.log_append = Histogram(
            "interview_sim_log_append_seconds", "Session log append (wall)", buckets=_FAST, registry=r
        )
        self.emit = Histogram(
            "interview_sim_emit_seconds",
            "Handing one envelope to the socket manager (wall; delivery is asynchronous)",
            buckets=_FAST,
            registry=r,
        )
        self.first_delta = Histogram(
            "interview_sim_interviewer_first_delta_seconds",
            "From an interviewer turn's trigger to its first delta sent",
            buckets=_SLOW,
            registry=r,
        )
        self.model_failures = Counter(
            "interview_sim_model_failures", "Interviewer model turns not used", ["reason"], registry=r
        )
        self.judge_waiting = Gauge(
            "interview_sim_judge_waiting", "Submissions waiting for the judge", registry=r
        )
        self.judge_run = Histogram(
            "interview_sim_judge_run_seconds",
            "One judge run, queue included",
            buckets=_SLOW,
            registry=r,
        )
        self.gc_full = Histogram(
            "interview_sim_gc_full_seconds",
            "One full garbage collection of the serving process, on its timer (heap.py)",
            buckets=_FAST,
            registry=r,
        )
        self.up = Gauge(
            "interview_sim_dependency_up", "1 when the dependency answers", ["dependency"], registry=r
        )

    def count_in(self, type_: Any) -> None:
        self.events.inbound[event_label(type_)] += 1

    def count_out(self, type_: str) -> None:
        self.events.outbound[event_label(type_)] += 1

    def render(self) -> bytes:
        return generate_latest(self.registry)
