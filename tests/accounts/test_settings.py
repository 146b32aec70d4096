"""The settings a fresh clone and a production deployment start with, and the profile's settings page."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.choices import CURRENCIES, TIME_ZONES, UNKNOWN_CURRENCY, UNKNOWN_TIME_ZONE
from accounts.formatting import CURRENCY_SYMBOLS
from accounts.models import Profile
from config.settings import base

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "options": db.get("OPTIONS", {}),
    "broker": settings.CELERY_BROKER_URL, "email": settings.EMAIL_BACKEND, "secret": settings.SECRET_KEY,
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""


def load_settings(tmp_path, **env):
    """Start a fresh interpreter with only the given environment, as a new deployment would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "TACT_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    return result


def test_a_fresh_clone_runs_on_sqlite_in_var_with_wal_and_immediate_transactions(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(tmp_path / "tact.sqlite3")
    assert loaded["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in loaded["options"]["init_command"]
    assert loaded["options"]["timeout"] >= 5
    assert loaded["broker"] == "atomicfs://"
    assert loaded["email"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["cache"].endswith("LocMemCache")


def test_the_embedded_secret_key_is_generated_once_and_kept(tmp_path):
    first = json.loads(load_settings(tmp_path).stdout.strip().splitlines()[-1])["secret"]
    second = json.loads(load_settings(tmp_path).stdout.strip().splitlines()[-1])["secret"]
    assert len(first) >= 50
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_and_redis_come_from_the_environment(tmp_path):
    result = load_settings(
        tmp_path, DATABASE_URL="postgres://tact@db.internal:5432/tact", REDIS_URL="redis://cache.internal:6379/2"
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "tact"
    assert loaded["broker"] == "redis://cache.internal:6379/2"
    assert loaded["cache"] == "django_redis.cache.RedisCache"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_required_settings(tmp_path, missing):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "tact.example.org",
        "DATABASE_URL": "postgres://tact@127.0.0.1:5432/tact",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    del env[missing]
    clean = {k: v for k, v in os.environ.items() if k not in env and k not in {"DATABASE_URL", "REDIS_URL"}}
    clean.update(env, TACT_VAR_DIR=str(tmp_path))
    clean.pop(missing, None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_passwords_are_hashed_with_argon2():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_french_comes_first_and_english_is_offered():
    assert base.LANGUAGE_CODE == "fr"
    assert [code for code, _name in base.LANGUAGES] == ["fr", "en"]


@pytest.mark.django_db
@pytest.mark.parametrize("asset", ["bootstrap/css/bootstrap.min.css", "django_htmx/htmx-2.min.js", "css/tact.css"])
def test_the_default_run_serves_its_assets_from_installed_packages(client, asset):
    response = client.get(f"/static/{asset}")
    assert response.status_code == 200


def test_production_on_sqlite_keeps_the_options_that_let_writers_queue(tmp_path):
    probe = (
        "import json, django; from django.conf import settings; django.setup();"
        " print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "tact.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TACT_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


# --- The profile settings page: what the replies are signed with and how their amounts stand with VAT ---


@pytest.mark.django_db
def test_my_signatures_and_vat_mode_are_saved_from_the_settings_page(owner_client, owner):
    form = owner_client.get(reverse("settings")).context["form"]
    assert {"signature", "signature_en", "vat_mode"} <= set(form.fields)
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(signature="Dominique Petit\nGraphiste", signature_en="Dominique Petit\nDesigner", vat_mode="exempt")
    assert owner_client.post(reverse("settings"), data).status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.vat_mode == "exempt"
    assert owner.profile.signature_for("en") == "Dominique Petit\nDesigner"
    assert owner.profile.signature_for("fr") == "Dominique Petit\nGraphiste"


@pytest.mark.django_db
def test_the_english_signature_falls_back_to_the_french_one_and_vat_is_excluded_by_default(owner):
    profile = owner.profile
    profile.signature, profile.signature_en = "Dominique", "  "
    assert profile.signature_for("en") == profile.signature_for("fr") == "Dominique"
    assert profile.vat_mode == "excluded"


# --- Every setting has bounds and every list its values: on the page, and wherever full_clean runs (restore) ---

SETTINGS_FIELDS = [f.name for f in Profile._meta.concrete_fields if f.name not in {"id", "user"} and f.editable]


def settings_data(owner_client, **changes):
    form = owner_client.get(reverse("settings")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(changes)
    return data


def saved_settings(owner):
    return Profile.objects.filter(user=owner).values(*SETTINGS_FIELDS).get()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("ghosting_reminder_days", "9999999999"),
        ("ghosting_reminder_days", "366"),
        ("ghosting_reminder_days", "0"),
        ("untriaged_reminder_hours", "2147483647"),
        ("untriaged_reminder_hours", "721"),
        ("untriaged_reminder_hours", "0"),
        ("untriaged_reminder_hours", "-1"),
        ("minimum_hourly_rate", "10000.01"),
        ("target_hourly_rate", "999999.99"),
        ("minimum_hourly_rate", "-1"),
        ("hours_per_day", "24.01"),
        ("hours_per_day", "0.25"),
        ("monday_hours", "25"),
        ("sunday_hours", "-0.5"),
        ("time_zone", "Mars/Olympus"),
        ("time_zone", "localtime"),
        ("time_zone", "x" * 10_000),
        ("currency", "<b>"),
        ("currency", "JPY"),
        ("currency", "eur"),
    ],
)
def test_a_setting_out_of_bounds_or_off_the_list_is_refused_with_a_message_and_nothing_is_saved(
    owner_client, owner, field, value
):
    before = saved_settings(owner)
    response = owner_client.post(reverse("settings"), settings_data(owner_client, **{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors[field][0]
    assert saved_settings(owner) == before


@pytest.mark.django_db
def test_the_bounds_themselves_are_accepted(owner_client, owner):
    data = settings_data(
        owner_client,
        untriaged_reminder_hours="720",
        ghosting_reminder_days="365",
        minimum_hourly_rate="10000",
        target_hourly_rate="10000",
        hours_per_day="0.5",
        monday_hours="24",
        time_zone="America/Argentina/Buenos_Aires",
        currency="CHF",
    )
    assert owner_client.post(reverse("settings"), data).status_code == 302
    profile = Profile.objects.get(user=owner)
    assert (profile.untriaged_reminder_hours, profile.ghosting_reminder_days) == (720, 365)
    assert (profile.time_zone, profile.currency) == ("America/Argentina/Buenos_Aires", "CHF")


@pytest.mark.django_db
def test_full_clean_refuses_what_the_page_refuses_so_a_restore_cannot_bring_it_in(owner):
    profile = owner.profile
    profile.ghosting_reminder_days = 9_999_999_999
    profile.untriaged_reminder_hours = 2_147_483_647
    profile.time_zone = "Mars/Olympus"
    profile.currency = "<b>"
    profile.minimum_hourly_rate = profile.target_hourly_rate = 10_001
    profile.monday_hours = 25
    with pytest.raises(ValidationError) as refused:
        profile.full_clean(exclude=["user", "intake_token", "calendar_token"])
    errors = refused.value.message_dict
    assert set(errors) == {
        "ghosting_reminder_days",
        "untriaged_reminder_hours",
        "time_zone",
        "currency",
        "minimum_hourly_rate",
        "target_hourly_rate",
        "monday_hours",
    }
    assert errors["time_zone"] == [str(UNKNOWN_TIME_ZONE)]
    assert errors["currency"] == [str(UNKNOWN_CURRENCY)]
    with translation.override("en"):
        assert str(UNKNOWN_CURRENCY) == "Unknown currency: use one of EUR, USD, GBP, CHF, CAD."


@pytest.mark.django_db
def test_the_settings_page_offers_the_time_zones_by_region_and_the_currencies_the_app_writes(owner_client, owner):
    html = owner_client.get(reverse("settings")).content.decode()
    assert '<optgroup label="Europe"><option value="Europe/Amsterdam">Amsterdam</option>' in html
    assert '<option value="Europe/Paris" selected>Paris</option>' in html
    assert '<option value="UTC">UTC</option>' in html
    assert 'value="Mars/Olympus"' not in html and 'value="localtime"' not in html
    assert 'name="ghosting_reminder_days" value="7" min="1" max="365"' in html
    assert set(CURRENCIES) == set(CURRENCY_SYMBOLS)
    for code in CURRENCIES:
        assert f'<option value="{code}"' in html
    assert len(TIME_ZONES) > 400


def test_the_new_messages_are_in_french():
    with translation.override("fr"):
        assert str(UNKNOWN_CURRENCY) == "Devise inconnue : choisissez parmi EUR, USD, GBP, CHF, CAD."
        assert str(UNKNOWN_TIME_ZONE).startswith("Fuseau horaire inconnu")
        help_texts = [
            str(Profile._meta.get_field(name).help_text)
            for name in ("untriaged_reminder_hours", "ghosting_reminder_days")
        ]
        assert help_texts == ["De 1 à 720 heures (30 jours).", "De 1 à 365 jours."]
