from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workspace.backup import BackupError, backup_loads, backup_restore


class Command(BaseCommand):
    help = "Restore a JSON backup into an empty account (created when it does not exist, without a password)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("file")

    def handle(self, *args, username, file, **options):
        try:
            with open(file, "rb") as handle:
                document = backup_loads(handle.read())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except BackupError as error:
            raise CommandError(" ".join(error.messages)) from error
        owner, created = get_user_model().objects.get_or_create(username=username)
        if created:
            owner.set_unusable_password()
            owner.save()
        try:
            counts = backup_restore(owner=owner, document=document)
        except BackupError as error:
            if created:
                owner.delete()
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows for {username}."))
