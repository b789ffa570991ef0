"""Typed application keys: how handlers reach the services `create_app` wired."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from interview_sim.services.sessions import SessionService
from interview_sim.settings import Settings
from interview_sim.storage.questions import QuestionStore
from interview_sim.transport.limits import CreationLimiter

SETTINGS = web.AppKey("settings", Settings)
SESSIONS = web.AppKey("sessions", SessionService)
QUESTIONS = web.AppKey("questions", QuestionStore)
CREATIONS = web.AppKey("creations", CreationLimiter)
HealthCheck = Callable[[], Awaitable[tuple[str, str]]]
HEALTH: web.AppKey[HealthCheck] = web.AppKey("health")
