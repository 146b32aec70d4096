"""Settings shared by every profile, read from the environment (12-factor).

The defaults make a fresh clone run with nothing else installed: SQLite in var/, a generated
secret key kept in var/, console email and a Celery broker on the file system.
"""

import secrets
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from python_ipware import IpWare

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("TACT_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _embedded_secret_key() -> str:
    """A key generated once per checkout, so sessions survive restarts without any setup."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()
# Mail passwords are encrypted with keys derived from SECRET_KEY (and SECRET_KEY_FALLBACKS) and these salts:
# to rotate, put the new salt first and keep the old ones until `manage.py mail_reencrypt` has run.
SALT_KEY = env.list("MAIL_KEY_SALTS", default=["tact-mail-passwords"])
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "django_ratelimit",
    "csp",
    "accounts",
    "clients",
    "projects",
    "referrals",
    "mail",
    "triage",
    "workspace",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.AbsoluteSessionTimeoutMiddleware",
    "accounts.middleware.ProfileLanguageMiddleware",
    "accounts.middleware.OwnerCacheVersionMiddleware",  # after CSRF: a refused POST reaches no view
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.htmx.VaryOnHtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "workspace.context_processors.unread_reminders",
                "accounts.context_processors.navigation_section",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "tact.sqlite3"


def database_from_url(url: str) -> dict:
    """One database setting from a URL, tuned for its engine (every profile goes through here)."""
    database = env.db_url_config(url)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work during a write; IMMEDIATE takes the write lock at BEGIN so two writers
        # queue on the busy timeout instead of failing with "database is locked" half-way through.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    elif env.bool("DATABASE_POOL", default=False):
        # Django's psycopg pool, one per process (a pool cannot be combined with persistent connections).
        database["CONN_MAX_AGE"] = 0
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": env.int("DATABASE_POOL_SIZE", default=4),
            "timeout": 10,
        }
    else:
        database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # persistent connections
        database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": database_from_url(env.str("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background jobs -------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")


def redis_cache(url: str) -> dict:
    """A Redis cache that answers "miss" instead of failing when Redis is down: pages keep working."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Each owner's cache version (accounts/cache.py) must be one for the web server and the worker, two
        # processes: it is kept in files under var/; the cached fragments stay in each process's memory.
        "owner_versions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "owner-versions",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    # Without Redis (a development machine, one process) the password limits count in this process's memory;
    # production requires REDIS_URL, so every worker shares the counts there.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Reading the users' mailboxes (mail/) ---------------------------------------------------------
# Seconds between two reads of each connected mailbox: a request waits about half of it on average.
MAIL_POLL_SECONDS = env.int("MAIL_POLL_SECONDS", default=120)
# Seconds to wait for a mail server to connect or answer, before saying which step failed.
MAIL_TIMEOUT_SECONDS = env.int("MAIL_TIMEOUT_SECONDS", default=10)
# A hosted site never connects to loopback, private or link-local addresses for a user; a self-hosted one may.
MAIL_ALLOW_PRIVATE_HOSTS = env.bool("MAIL_ALLOW_PRIVATE_HOSTS", default=False)

CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    # kombu's filesystem transport: a real queue that needs no server, shared by web, worker and beat.
    for _folder in ("out", "processed", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "atomicfs://"  # kombu's filesystem transport, written atomically: config/broker.py
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish to a dead broker gives up quickly instead of hanging the web request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {"task": "workspace.tasks.sweep_reminders_task", "schedule": 15 * 60},
    "send-digests": {"task": "workspace.tasks.send_digests_task", "schedule": 60 * 60},
    "refresh-risk-levels": {"task": "clients.tasks.refresh_risk_levels_task", "schedule": 6 * 3600},
    "send-late-replies": {"task": "mail.tasks_send.outbound_sweep_task", "schedule": 5 * 60},
    # One job per mailbox a user connected (mail/tasks.py); with none, one cheap query.
    "read-mailboxes": {"task": "mail.tasks.mail_poll_task", "schedule": MAIL_POLL_SECONDS},
}

# --- Authentication ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ProfileBackend",  # Django's, loading the profile with the user
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Lock out a username from one address after repeated failures, never a username everywhere:
# an attacker must not be able to lock a real user out from elsewhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- The visitor's address, behind an HTTPS proxy ------------------------------------------------
# The login lockout (axes: username + address), the public form's limit (form + address) and django-ratelimit's
# "ip" key all count by the visitor's address, read by one function (accounts.network.client_address,
# with python-ipware).
# TRUSTED_PROXIES lists the proxies in front of Django, outermost first, the last being the one that connects
# to Django (e.g. "127.0.0.1" for a local nginx; "203.0.113.0/24,10.0.0.2" for a load balancer then nginx);
# each entry is an address, a network (CIDR) or a prefix. Only when the connection comes from that chain is
# X-Forwarded-For read; empty (the default) means no proxy: the connection's address (REMOTE_ADDR) is the
# visitor's, and forwarding headers are ignored, so nobody can choose the address they are counted under.
TRUSTED_PROXIES = [proxy.strip() for proxy in env.list("TRUSTED_PROXIES", default=[]) if proxy.strip()]
IpWare(proxy_list=TRUSTED_PROXIES)  # a malformed entry stops the start, rather than every login
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_address"
RATELIMIT_IP_META_KEY = "accounts.network.client_address"

# Idle sessions end after SESSION_COOKIE_AGE (the expiry moves with each request); any session ends
# SESSION_ABSOLUTE_AGE after its login.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=7 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# One unambiguous date style per language ("5 Feb 2026", "5 févr. 2026"), never 02/05/2026: see config/formats/.
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files --------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The embedded default serves the installed packages' assets straight from the finders (no collectstatic);
# production collects them and serves the hashed copies.
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ---------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tact <tact@localhost>")
# The address people open Tact at, for the links in mails (which have no request to build them from).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# --- Security headers ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "mailto:"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},  # every successful login is not news
}
