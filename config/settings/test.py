"""Test profile: fast hashing, emails kept in memory, a file-based SQLite test database.

The test database is a file (not :memory:) so a real Celery worker and a live server in other
threads see the same data as the test.
"""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
AXES_ENABLED = True
# Tests read the English wording unless they switch language themselves (the product's default is French).
LANGUAGE_CODE = "en"
# The tests' mail servers (Dovecot, aiosmtpd) listen on 127.0.0.1.
MAIL_ALLOW_PRIVATE_HOSTS = True
