"""Reply templates now belong to the triage app: the table is renamed, the rows stay (see triage.0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_incoming_owner_notified"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("replytemplate", "triage_replytemplate")],
            state_operations=[migrations.DeleteModel("ReplyTemplate")],
        ),
    ]
