"""The restore job: a backup restored in the background, one at a time per user (issue #17)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RestoreJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'Waiting for the background worker'), ('checking', 'Checking the file'), ('writing', 'Writing your data'), ('undoing', 'Taking back what was written'), ('done', 'Restored'), ('failed', 'Not restored')], default='queued', max_length=8, verbose_name='status')),
                ('language', models.CharField(blank=True, max_length=8)),
                ('document', models.BinaryField(blank=True)),
                ('total_rows', models.PositiveIntegerField(default=0)),
                ('checked_rows', models.PositiveIntegerField(default=0)),
                ('written_rows', models.PositiveIntegerField(default=0)),
                ('written', models.JSONField(blank=True, default=list)),
                ('counts', models.JSONField(blank=True, default=dict)),
                ('errors', models.JSONField(blank=True, default=list)),
                ('longest_lock_ms', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'restore',
                'verbose_name_plural': 'restores',
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['queued', 'checking', 'writing', 'undoing'])), fields=('owner',), name='restore_one_at_a_time'), models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'checking', 'writing', 'undoing', 'done', 'failed'])), name='restore_status_valid')],
            },
        ),
    ]
