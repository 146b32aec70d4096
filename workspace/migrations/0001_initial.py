"""Reminders and digests, taken over from `accounts` (see accounts.0003): state only, the tables exist."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_types_follow(apps, schema_editor):
    """Admin history and permissions keep pointing at the same models under their new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="accounts", model__in=["reminder", "digestsent"]).update(
        app_label="workspace"
    )


def content_types_return(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="workspace", model__in=["reminder", "digestsent"]).update(
        app_label="accounts"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_reminders_move_to_workspace"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0002_initial"),
        ("referrals", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DigestSent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('period', models.CharField(max_length=10)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'digest sent',
                        'verbose_name_plural': 'digests sent',
                        'constraints': [models.UniqueConstraint(fields=('owner', 'period'), name='digest_once_per_period')],
                    },
                ),
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('untriaged', 'Request waiting for a decision'), ('ghosting', 'Negotiation without an answer'), ('invoice_overdue', 'Invoice past due'), ('thank_you', 'Referral to thank'), ('warm_request', 'A request kept warm now fits')], max_length=16, verbose_name='kind')),
                        ('subject_key', models.CharField(max_length=64)),
                        ('days_overdue', models.PositiveIntegerField(blank=True, null=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='emailed')),
                        ('incoming', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='projects.incomingrequest')),
                        ('invoice', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='projects.invoice')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='referrals.referral')),
                    ],
                    options={
                        'verbose_name': 'reminder',
                        'verbose_name_plural': 'reminders',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['owner', 'read_at', '-created_at'], name='reminder_owner_unread_idx')],
                        'constraints': [models.UniqueConstraint(fields=('owner', 'kind', 'subject_key'), name='reminder_once_per_subject'), models.CheckConstraint(condition=models.Q(('kind__in', ['untriaged', 'ghosting', 'invoice_overdue', 'thank_you', 'warm_request'])), name='reminder_kind_valid')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
