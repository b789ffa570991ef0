from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    operations = [
        ops.AddField(model_name="SessionRow", name="log_bytes", field=fields.BigIntField(default=0)),
        ops.AddField(model_name="SessionRow", name="last_client_ms", field=fields.BigIntField(default=0)),
        ops.CreateModel(
            name="ObserverKey",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "models.SessionRow",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="observer_keys",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "observer_keys",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An observer's own credential (its hash), minted when an invite is redeemed.",
            },
            bases=["Model"],
        ),
    ]
