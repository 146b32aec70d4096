import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workspace.backup import backup_dumps, backup_export


class Command(BaseCommand):
    help = "Write everything a user owns as one JSON backup (to a file, or to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, username, output=None, **options):
        try:
            owner = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}") from error
        text = backup_dumps(backup_export(owner=owner))
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            sys.stdout.write(text)
