from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run one of the periodic (Celery beat) tasks once, now, in this process."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the schedule entry, e.g. sweep-reminders; omit to list them")

    def handle(self, *args, name=None, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        if not name:
            for entry, spec in schedule.items():
                self.stdout.write(f"{entry}: {spec['task']}")
            return
        if name not in schedule:
            raise CommandError(f"Unknown periodic task {name!r}; known: {', '.join(schedule)}")
        task = import_string(schedule[name]["task"])
        result = task.apply().get()
        self.stdout.write(self.style.SUCCESS(f"{name}: {result}"))
