from uuid import uuid4

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="QuestionRow",
            fields=[
                ("id", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("title", fields.CharField(max_length=200)),
                ("difficulty", fields.CharField(db_index=True, max_length=16)),
                ("company_modes", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ("data", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "questions",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A question of the bank, seeded from the data files. `data` holds the whole file, secrets included.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SessionRow",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "question",
                    fields.ForeignKeyField(
                        "models.QuestionRow",
                        source_field="question_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("company_mode", fields.CharField(max_length=32)),
                ("difficulty", fields.CharField(max_length=16)),
                ("language", fields.CharField(max_length=16)),
                ("candidate_name", fields.CharField(null=True, max_length=80)),
                ("candidate_token_hash", fields.CharField(unique=True, max_length=64)),
                ("observer_token_hash", fields.CharField(unique=True, max_length=64)),
                ("state", fields.CharField(default="INTRO", max_length=16)),
                ("last_seq", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("started_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("ended_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("report", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={"table": "sessions", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventRow",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "models.SessionRow",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("seq", fields.IntField()),
                ("type", fields.CharField(max_length=40)),
                ("ts_ms", fields.BigIntField()),
                ("payload", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ("client_id", fields.CharField(null=True, max_length=128)),
                ("sender_role", fields.CharField(null=True, max_length=16)),
            ],
            options={
                "table": "events",
                "app": "models",
                "unique_together": (("session", "seq"), ("session", "client_id")),
                "pk_attr": "id",
                "table_description": "One entry of a session's log: `seq` is gap-free per session, `client_id` de-duplicates resends.",
            },
            bases=["Model"],
        ),
    ]
