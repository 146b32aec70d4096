"""Reply templates, taken over from `projects` (see projects.0005): state only, the table exists."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """Admin history and permissions keep pointing at the same model under its new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="projects", model="replytemplate").update(app_label="triage")


def content_type_returns(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="triage", model="replytemplate").update(app_label="projects")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("projects", "0005_reply_templates_move_to_triage"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReplyTemplate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("decision", models.CharField(choices=[("new", "New"), ("accepted", "Accepted"), ("negotiating", "Negotiating"), ("referred", "Referred"), ("declined", "Declined"), ("ignored", "Ignored")], max_length=11, verbose_name="decision")),
                        ("reason", models.CharField(choices=[("fits", "Fits"), ("rate_below_minimum", "Rate below my minimum"), ("no_time", "No time"), ("outside_skills", "Outside my skills"), ("red_flag_client", "Red-flag client"), ("blacklisted", "Blacklisted"), ("visibility", "Work for visibility"), ("spam_or_repeat", "Spam or repeat")], max_length=20, verbose_name="reason")),
                        ("language", models.CharField(choices=[("fr", "French"), ("en", "English")], max_length=2, verbose_name="language")),
                        ("subject", models.CharField(max_length=200, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="body")),
                        ("owner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "reply template",
                        "verbose_name_plural": "reply templates",
                        "ordering": ["decision", "reason", "language"],
                        "constraints": [
                            models.UniqueConstraint(fields=("owner", "decision", "reason", "language"), name="reply_template_unique_per_case"),
                            models.CheckConstraint(condition=models.Q(("decision", "new"), _negated=True), name="reply_template_not_for_new"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
