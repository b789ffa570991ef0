"""Tortoise table models. Wire models live in protocol.py; these are storage only."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class QuestionRow(Model):
    # No semicolons in model docstrings: they become table comments, and Tortoise 1.1 splits
    # SQLite DDL on ";".
    """A question of the bank, seeded from the data files. `data` holds the whole file, secrets included."""

    id = fields.CharField(primary_key=True, max_length=64)
    title = fields.CharField(max_length=200)
    difficulty = fields.CharField(max_length=16, db_index=True)
    company_modes: Any = fields.JSONField()
    data: Any = fields.JSONField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "questions"


class SessionRow(Model):
    id = fields.UUIDField(primary_key=True)
    question: Any = fields.ForeignKeyField(
        "models.QuestionRow", related_name="sessions", on_delete=fields.RESTRICT
    )
    company_mode = fields.CharField(max_length=32)
    difficulty = fields.CharField(max_length=16)
    language = fields.CharField(max_length=16)
    candidate_name = fields.CharField(max_length=80, null=True)
    candidate_token_hash = fields.CharField(max_length=64, unique=True)
    # The hash of the observer *invite*: it opens no socket and reads nothing by itself; observers
    # trade it for a token of their own (`ObserverKey`), which the candidate's page never holds.
    observer_token_hash = fields.CharField(max_length=64, unique=True)
    state = fields.CharField(max_length=16, default="INTRO")
    last_seq = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)
    report: Any = fields.JSONField(null=True)
    # Bytes of payload logged so far (the storage budget) and the last client message's time (idle
    # expiry), both kept by the log's append statement.
    log_bytes = fields.BigIntField(default=0)
    last_client_ms = fields.BigIntField(default=0)

    class Meta:
        table = "sessions"


class ObserverKey(Model):
    """An observer's own credential (its hash), minted when an invite is redeemed."""

    id = fields.BigIntField(primary_key=True)
    session: Any = fields.ForeignKeyField(
        "models.SessionRow", related_name="observer_keys", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "observer_keys"


class EventRow(Model):
    """One entry of a session's log: `seq` is gap-free per session, `client_id` de-duplicates resends."""

    id = fields.BigIntField(primary_key=True)
    session: Any = fields.ForeignKeyField(
        "models.SessionRow", related_name="events", on_delete=fields.CASCADE
    )
    seq = fields.IntField()
    type = fields.CharField(max_length=40)
    ts_ms = fields.BigIntField()
    payload: Any = fields.JSONField()
    client_id = fields.CharField(max_length=128, null=True)
    sender_role = fields.CharField(max_length=16, null=True)

    class Meta:
        table = "events"
        unique_together = (("session", "seq"), ("session", "client_id"))


class JudgeDetailRow(Model):
    """What the judge saw of a submit that the room must not see before the end: failing hidden
    inputs, expected and actual outputs, full error messages. Keyed by the RUN_RESULT's seq."""

    id = fields.BigIntField(primary_key=True)
    session: Any = fields.ForeignKeyField(
        "models.SessionRow", related_name="judge_details", on_delete=fields.CASCADE
    )
    seq = fields.IntField()
    details: Any = fields.JSONField()

    class Meta:
        table = "judge_details"
        unique_together = (("session", "seq"),)
