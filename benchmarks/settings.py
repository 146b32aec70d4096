"""The production profile, as served by gunicorn for the throughput and load benchmarks.

Everything comes from `config.settings.production` (DEBUG off, Redis cache, whitenoise's manifest, secure
cookies named `__Host-…`, HSTS); only what plain http on loopback needs differs: no redirect to https (set
SECURE_SSL_REDIRECT=false in the environment) and a URLconf that adds the *floor* view.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
