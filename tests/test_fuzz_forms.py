"""Every form of the app, posted with random and extreme values: a clear answer, never a server error.

The forms are found by crawling the pages (any page whose context holds a Django form), so a new form
is fuzzed the day it lands.
"""

from datetime import timedelta

import pytest
from django import forms
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import ContextList
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import DigestFrequency, Profile
from tests.factories import ClientFactory, IncomingRequestFactory, UserFactory
from tests.urlcrawl import OBJECT_MAKERS, TOKEN_KWARGS, url_patterns
from workspace.models import Reminder
from workspace.notifications import digests_send, reminders_email
from workspace.reminders import reminders_sweep

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 100_000,
            "<script>alert(1)</script>",
            "'; DROP TABLE clients_client; --",
            "😀" * 300,
            "\u202e\u0000",
            "Ωmega «naïve» façade",
        ]
    ),
)
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["-1", "0", "1e309", "NaN", "Infinity", "99999999999999999999.999", "1,5", "", "abc"]),
)
HOSTILE_DATE = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2026-02-30", "0000-00-00", "9999-12-31", "31/12/2026", "", "yesterday"]),
)
HOSTILE_FILE = st.sampled_from(
    [
        b"",
        b"name,email\nAda,ada@example.org\n",
        b"\xff\xfe\x00garbage",
        b'{"format": "tact-backup", "version": 99}',
        b"name;email\n" + b"x," * 5000,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    ]
)


def strategy_for(field: forms.Field):
    if isinstance(field, forms.FileField):
        return HOSTILE_FILE.map(lambda content: SimpleUploadedFile("upload.csv", content))
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "maybe"])
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return HOSTILE_NUMBER
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return HOSTILE_DATE
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(st.sampled_from(["1", "999999", "-1", "abc", ""]), max_size=3)
    if isinstance(field, forms.ChoiceField):
        choices = [str(value) for value, _label in field.choices if not isinstance(_label, list | tuple)]
        return st.sampled_from([*choices, "not-a-choice", ""]) if choices else HOSTILE_TEXT
    return HOSTILE_TEXT


def pages_with_forms(client, owner):
    objects = {kwarg: make(owner) for kwarg, make in OBJECT_MAKERS.items()}
    found = []
    for name, kwargs in url_patterns():
        if name in {"logout", "set_language", "account_delete"} or any(k in TOKEN_KWARGS for k in kwargs):
            continue
        if not all(k in objects for k in kwargs):
            continue
        url = reverse(name, kwargs={k: objects[k].pk for k in kwargs})
        response = client.get(url)
        if response.status_code != 200 or not response.context:
            continue
        contexts = response.context if isinstance(response.context, ContextList) else [response.context]
        values = [value for context in contexts for value in context.flatten().values()]
        page_forms = {id(value): value for value in values if isinstance(value, forms.BaseForm)}
        for form in page_forms.values():
            found.append((url, {field_name: field for field_name, field in form.fields.items()}))
    return found


@settings(max_examples=1, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_every_form_answers_hostile_input_without_a_server_error(client, owner, data):
    client.force_login(owner)
    targets = pages_with_forms(client, owner)
    assert len(targets) >= 5, "the crawl should find the app's forms"
    failures = []
    for url, fields in targets:
        for _attempt in range(EXAMPLES_PER_FORM):
            payload = {name: data.draw(strategy_for(field), label=f"{url} {name}") for name, field in fields.items()}
            response = client.post(url, payload)
            if response.status_code >= 500:
                failures.append((url, payload))
    assert failures == []
    print(f"fuzzed {len(targets)} forms with {len(targets) * EXAMPLES_PER_FORM} posts")


EXAMPLES_PER_FORM = 8


# --- The settings form: the numbers the background jobs compute dates from (issue #17) ---

EXTREME_INTEGER = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([-1, 0, 1, 24, 365, 366, 720, 721, 2_147_483_647, 2_147_483_648, 9_999_999_999, 10**30]),
).map(str)
EXTREME_DECIMAL = st.one_of(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["0.49", "24.01", "10000.01", "999999.99", "1e309", "-0", "NaN", "Infinity"]),
).map(str)
HOSTILE_ZONE = st.sampled_from(["Europe/Paris", "Mars/Olympus", "localtime", "../../etc/passwd", "", "UTC"])
HOSTILE_CURRENCY = st.sampled_from(["EUR", "CHF", "<b>", "eur", "JPY", "", "EURO"])


@settings(max_examples=1, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_settings_form_refuses_extreme_numbers_and_the_sweeps_still_serve_everyone(client, owner, data):
    client.force_login(owner)
    url = reverse("settings")
    form = client.get(url).context["form"]
    valid = {name: value for name, value in form.initial.items() if value is not None}
    for _attempt in range(EXAMPLES_PER_FORM * 4):
        # A valid form with a few fields made extreme: whatever gets past the form is what the sweeps read.
        payload = dict(valid)
        for name in data.draw(st.sets(st.sampled_from(sorted(form.fields)), min_size=1, max_size=4), label="fields"):
            field = form.fields[name]
            if name == "time_zone":
                payload[name] = data.draw(HOSTILE_ZONE, label=name)
            elif name == "currency":
                payload[name] = data.draw(HOSTILE_CURRENCY, label=name)
            elif isinstance(field, forms.IntegerField):
                payload[name] = data.draw(EXTREME_INTEGER, label=name)
            elif isinstance(field, forms.DecimalField):
                payload[name] = data.draw(EXTREME_DECIMAL, label=name)
            else:
                payload[name] = data.draw(strategy_for(field), label=name)
        response = client.post(url, payload)
        assert response.status_code < 500, payload
        Profile.objects.get(user=owner).full_clean(exclude=["user"])  # nothing out of bounds was ever saved

    # After the fuzz, the periodic tasks still run for another user: their reminder, its email, their digest.
    other = UserFactory(username="someone-else")
    Profile.objects.filter(user=other).update(digest_frequency=DigestFrequency.DAILY)
    IncomingRequestFactory(client=ClientFactory(owner=other), received_at=timezone.now() - timedelta(days=2))
    mail.outbox.clear()
    reminders_sweep()
    assert Reminder.objects.filter(owner=other).exists()
    reminders_email()
    digests_send()
    assert sum(message.to == [other.email] for message in mail.outbox) == 2
