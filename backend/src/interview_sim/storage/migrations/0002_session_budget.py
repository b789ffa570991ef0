from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    operations = [
        ops.AddField(model_name="SessionRow", name="log_bytes", field=fields.BigIntField(default=0)),
        ops.AddField(model_name="SessionRow", name="last_client_ms", field=fields.BigIntField(default=0)),
    ]
