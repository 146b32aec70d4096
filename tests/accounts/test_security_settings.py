"""Security headers on every page, cookie and session rules, and the production profile's hardening."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.middleware import LOGIN_TIME_KEY

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url_name", ["login", "dashboard"])
def test_every_page_carries_a_strict_content_security_policy(owner_client, url_name):
    directives = csp_directives(owner_client.get(reverse(url_name)))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"


def test_pages_refuse_sniffing_framing_and_leaking_referrers(owner_client):
    response = owner_client.get(reverse("dashboard"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_runs_inline_script(owner_client):
    body = owner_client.get(reverse("dashboard")).content.decode()
    assert "<script>" not in body
    assert " onclick=" not in body


@override_settings(SESSION_ABSOLUTE_AGE=3600)
def test_a_session_ends_a_fixed_time_after_login_however_active(owner_client):
    assert owner_client.get(reverse("dashboard")).status_code == 200
    session = owner_client.session
    session[LOGIN_TIME_KEY] = int(time.time()) - 3601
    session.save()
    response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_idle_session_expires_and_activity_extends_it(owner_client, settings):
    owner_client.get(reverse("dashboard"))
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < owner_client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE <= 24 * 3600


def test_the_production_profile_hardens_cookies_and_transport(tmp_path):
    probe = (
        "import json, django; from django.conf import settings; django.setup();"
        " print(json.dumps({k: getattr(settings, k)"
        " for k in ['SECURE_HSTS_SECONDS', 'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SECURE',"
        " 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'DEBUG']}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "tact.example.org",
        "DATABASE_URL": "postgres://tact@127.0.0.1:5432/tact",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TACT_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert loaded["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert loaded["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"] and loaded["SESSION_COOKIE_HTTPONLY"]
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["DEBUG"] is False
