from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="JudgeDetailRow",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "models.SessionRow",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="judge_details",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("seq", fields.IntField()),
                ("details", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "judge_details",
                "app": "models",
                "unique_together": (("session", "seq"),),
                "pk_attr": "id",
                "table_description": "What the judge saw of a submit that the room must not see before the end.",
            },
            bases=["Model"],
        ),
    ]
