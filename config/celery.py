import os

from celery import Celery
from celery.signals import worker_ready

from . import broker  # noqa: F401 — registers atomicfs://, the queue used without Redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("tact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The mail app's sending tasks live beside its reading ones (mail/tasks.py), in their own module.
app.autodiscover_tasks(["mail"], related_name="tasks_send")

# The beat's first reminder sweep comes 15 minutes after it starts; a worker that starts asks for one at once,
# so a fresh `make run` shows the reminders the demo data calls for. Sweeps are idempotent: a worker
# restarting, or several starting together, records nothing twice.
SWEEP_ON_START = "workspace.tasks.sweep_reminders_task"


@worker_ready.connect
def sweep_reminders_when_a_worker_starts(sender, **kwargs):
    app.send_task(SWEEP_ON_START)
