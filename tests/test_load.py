"""Under a mixed load on gunicorn with the production profile, nothing breaks and no acknowledged write is lost.

The short form of `python -m benchmarks.load` (issue #11): virtual users log in, read the main pages, record
referrals and triage the requests they create, for 20 seconds, against a real gunicorn on 127.0.0.1 serving the
test database; then every write the server acknowledged is looked up in that database.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.load import PASSWORD, load_render, load_with_server
from benchmarks.server import database_url_of
from clients.models import Client
from projects.models import Decision, IncomingRequest
from referrals.models import Direction, Referral

LOAD_SECONDS = 20
VIRTUAL_USERS = 3


@pytest.mark.django_db(transaction=True)
def test_a_mixed_write_load_on_gunicorn_gives_no_5xx_and_loses_no_write(settings):
    # gunicorn runs the production profile, which checks Argon2 hashes (tests hash with MD5).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    usernames = [f"load{n}" for n in range(VIRTUAL_USERS)]
    for n, username in enumerate(usernames):
        call_command("demo", user=username, password=PASSWORD, scale=1, seed=500 + n, verbosity=0)
    decisions_before = Decision.objects.count()

    result = load_with_server(
        usernames=usernames,
        var_dir=str(django_settings.VAR_DIR),
        database_url=database_url_of(connection.settings_dict),
        seconds=LOAD_SECONDS,
    )

    report = "\n".join(load_render(result))
    assert result.server_errors == 0, report
    assert result.failures == [], report
    assert result.lost == [], report
    kinds = {write.kind for write in result.writes}
    assert kinds == {"referral", "decision"}, report
    assert result.actions["login"] >= VIRTUAL_USERS
    assert result.actions["read"] > 0
    # What the users saw acknowledged is what the database holds, no more.
    referrals = [w for w in result.writes if w.kind == "referral"]
    decisions = [w for w in result.writes if w.kind == "decision"]
    received = Referral.objects.filter(direction=Direction.RECEIVED, description__startswith="load-")
    assert received.count() == len(referrals)
    assert IncomingRequest.objects.filter(description__startswith="load-").count() == len(referrals)
    assert Decision.objects.count() - decisions_before == len(decisions)
    # A request referred on is a referral given, once.
    given = Referral.objects.filter(direction=Direction.GIVEN, incoming__description__startswith="load-")
    assert given.count() == sum(1 for w in decisions if w.to == "referred")


def test_the_floor_is_behind_the_login_and_runs_one_query_of_its_own(settings, client, owner):
    settings.ROOT_URLCONF = "benchmarks.urls"
    assert client.get("/bench/floor/").status_code == 302

    client.force_login(owner)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content.count(b"<h1>") == 1
    own = [
        query["sql"]
        for query in captured.captured_queries
        if "django_session" not in query["sql"]
        and '"auth_user"' not in query["sql"]
        and not query["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
    ]
    # Its own count of clients, and the unread-reminder count every page's layout shows.
    assert len(own) == 2, own
    assert any("clients_client" in sql for sql in own)
    # The admin changelist it is compared with shows as many clients per page as the app's list.
    assert admin.site._registry[Client].list_per_page == 25
