"""Reminders and digests now belong to the workspace app: the tables are renamed, the rows stay.

The state of both models leaves `accounts` here and enters `workspace` in workspace.0001_initial, which
creates no table: it takes over the renamed ones.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_digestsent_reminder"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("reminder", "workspace_reminder"),
                migrations.AlterModelTable("digestsent", "workspace_digestsent"),
            ],
            state_operations=[
                migrations.DeleteModel("Reminder"),
                migrations.DeleteModel("DigestSent"),
            ],
        ),
    ]
