"""The production profile, as served by gunicorn for the throughput and load benchmarks.

Everything comes from `config.settings.production` (DEBUG off, Redis cache, whitenoise's manifest, secure
cookies named `__Host-…`, HSTS); only what plain http on loopback needs differs: no redirect to https (set
SECURE_SSL_REDIRECT=false in the environment) and a URLconf that adds the *floor* view.
"""

from config.settings.base import DATABASES as BASE_DATABASES
from config.settings.production import *  # noqa: F403
from config.settings.production import DATABASES

ROOT_URLCONF = "benchmarks.urls"

# The production profile rebuilds DATABASES from DATABASE_URL and so drops base's SQLite options (WAL, immediate
# transactions, a busy timeout); on SQLite, two gunicorn workers need them, as every installation on SQLite does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(BASE_DATABASES["default"].get("OPTIONS", {}))
