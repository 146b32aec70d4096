"""Encrypt every saved mail password again with the current key, after SECRET_KEY or MAIL_KEY_SALTS changed.

The passwords are decrypted with any of the keys (SECRET_KEY and SECRET_KEY_FALLBACKS, each with every salt)
and encrypted with the first. Once it has run, the old key or salt can be removed from the environment.
"""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from mail.models import MailAccount

FIELDS = ("imap_password", "smtp_password")


class Command(BaseCommand):
    help = "Encrypt the saved mail passwords again with the current key (after a key or salt rotation)."

    def handle(self, *args, **options):
        table = MailAccount._meta.db_table
        columns = ", ".join(connection.ops.quote_name(MailAccount._meta.get_field(f).column) for f in FIELDS)
        done = failed = 0
        for account_id in MailAccount.objects.order_by("pk").values_list("pk", flat=True):
            with transaction.atomic(), connection.cursor() as cursor:
                # The raw columns: the field itself would hand back a token it cannot decrypt as if it were clear.
                query = f"SELECT {columns} FROM {connection.ops.quote_name(table)} WHERE id = %s"  # noqa: S608
                cursor.execute(query, [account_id])
                row = cursor.fetchone()
                if row is None:
                    continue
                clear = {}
                for name, token in zip(FIELDS, row, strict=True):
                    if not token:
                        continue
                    try:
                        clear[name] = MailAccount._meta.get_field(name).f.decrypt(token.encode()).decode()
                    except (InvalidToken, UnicodeError):
                        failed += 1
                        self.stderr.write(f"mail account {account_id}: {name} cannot be decrypted with these keys")
                if clear:
                    MailAccount.objects.filter(pk=account_id).update(**clear)
                    done += 1
        self.stdout.write(f"{done} mail account(s) encrypted again, {failed} password(s) left as they were.")
