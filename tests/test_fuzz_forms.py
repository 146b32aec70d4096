"""Every form of the app, posted with random and extreme values: a clear answer, never a server error.

The forms are found by crawling the pages (any page whose context holds a Django form), so a new form
is fuzzed the day it lands.
"""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import ContextList
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.urlcrawl import OBJECT_MAKERS, TOKEN_KWARGS, url_patterns

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
