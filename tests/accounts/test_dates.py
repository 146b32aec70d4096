"""Dates people can read (issue #19): one unambiguous style per language on every page that prints dates —
"5 Feb 2025" in English, "5 févr. 2025" in French, never 02/05/2025 — and times ago in one unit that reads well."""

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from accounts.formatting import ago, day, day_short, hours, moment, money, month_short
from accounts.models import Profile
from clients.models import RedFlagStatus
from tests.factories import ClientFactory, IncomingRequestFactory, InvoiceFactory, ProjectFactory, RedFlagFactory

ROOT = Path(settings.BASE_DIR)
YEAR = timezone.localdate().year - 1  # a past year: the short forms keep it, whatever the day the tests run
FEB_5 = date(YEAR, 2, 5)
EXPECTED = {"en": f"5 Feb {YEAR}", "fr": f"5 févr. {YEAR}"}
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{2}/\d{2}\b")
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
# The other ways Django or a strftime writes a month: "Feb.", "Feb 5", "February 5, 2025"; "fév", "Fév", "jan.".
OTHER_STYLES = {
    "en": re.compile(rf"\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.|\b{MONTH}\.? \d{{1,2}}\b(?!\d)"),
    "fr": re.compile(r"\b(?:jan|fév|jui|jul|aoû|sep|déc)\b(?!\.)|\b(?:jan|fév)\.", re.IGNORECASE),
}


class _Text(HTMLParser):
    """What a reader sees: the text outside <script> and <style>, and the titles of tooltips."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")
        self.parts.extend(value for name, value in attrs if name == "title" and value)

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.fixture(params=["en", "fr"])
def language(request, owner, owner_client):
    """The owner reads Tact in this language: their profile says so, and so does the language cookie."""
    Profile.objects.update_or_create(user=owner, defaults={"language": request.param})
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    return request.param


@pytest.fixture
def history(owner):
    """A client whose red flag, request and invoice all date from 5 February of last year."""
    client = ClientFactory(owner=owner, name="Atelier Brun")
    RedFlagFactory(client=client, owner=owner, occurred_on=FEB_5, status=RedFlagStatus.ACTIVE)
    received = timezone.make_aware(datetime.combine(FEB_5, time(14, 30)))
    incoming = IncomingRequestFactory(client=client, title="Bakery shop", desired_start=FEB_5, deadline=FEB_5)
    type(incoming).objects.filter(pk=incoming.pk).update(received_at=received)
    project = ProjectFactory(client=client, title="Bakery site", start=FEB_5, end=FEB_5 + timedelta(days=20))
    invoice = InvoiceFactory(project=project, number="F-0205", issued_on=FEB_5, due_on=FEB_5)
    return {"client": client, "incoming": incoming, "project": project, "invoice": invoice}


def pages(history) -> dict[str, str]:
    return {
        "dashboard": reverse("dashboard"),
        "request": reverse("projects:incoming_detail", args=[history["incoming"].pk]),
        "client": reverse("clients:client_detail", args=[history["client"].pk]),
        "invoice": reverse("projects:project_detail", args=[history["project"].pk]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["dashboard", "request", "client", "invoice"])
def test_each_page_writes_its_dates_in_one_unambiguous_style(owner_client, language, history, page):
    response = owner_client.get(pages(history)[page])
    assert response.status_code == 200
    text = visible_text(response)
    assert EXPECTED[language] in text, f"{page} ({language}) does not say {EXPECTED[language]!r}"
    assert not NUMERIC_DATE.findall(text), f"{page} ({language}) writes numeric dates: {NUMERIC_DATE.findall(text)}"
    other = OTHER_STYLES[language].findall(text)
    assert not other, f"{page} ({language}) mixes in another date style: {other}"


@pytest.mark.django_db
def test_the_requests_list_says_how_long_ago_in_one_unit_on_one_line(owner_client, language, history):
    response = owner_client.get(reverse("projects:incoming_list"))
    history["incoming"].refresh_from_db()
    with translation.override(language):
        expected = ago(history["incoming"].received_at)  # "1 year ago", never "1 year, 10 months ago"
    assert expected.replace("\xa0", " ") in visible_text(response) and "," not in expected
    assert '<time class="text-nowrap"' in response.content.decode()
    assert not NUMERIC_DATE.findall(visible_text(response))


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ("5 Feb 2026", "5 Feb", "5 Feb 2025", "Feb")),
        ("fr", ("5 févr. 2026", "5 févr.", "5 févr. 2025", "févr.")),
    ],
)
def test_the_named_formats_of_each_language(language, expected):
    with translation.override(language):
        written = (
            day(date(2026, 2, 5)),
            day_short(date(2026, 2, 5), year=2026),
            day_short(date(2025, 2, 5), year=2026),
            month_short(date(2026, 2, 1)),
        )
    assert written == expected


def test_a_moment_is_written_in_the_users_time_zone():
    instant = datetime(2026, 2, 5, 13, 30, tzinfo=UTC)
    with translation.override("en"):
        assert moment(instant) == "5 Feb 2026, 14:30"  # Paris is an hour ahead of UTC in February
    with translation.override("fr"):
        assert moment(instant) == "5 févr. 2026 à 14:30"


NOW = timezone.make_aware(datetime(2026, 6, 15, 12, 0))


@pytest.mark.parametrize(
    "elapsed, expected",
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=3, minutes=5), "3 hours ago"),
        (timedelta(days=1, hours=23), "1 day ago"),
        (timedelta(days=20), "2 weeks ago"),
        (timedelta(days=70), "2 months ago"),
        (timedelta(days=800), "2 years ago"),
        (-timedelta(days=3, hours=1), "in 3 days"),
    ],
)
def test_times_ago_in_one_unit(elapsed, expected):
    with translation.override("en"):
        written = ago(NOW - elapsed, now=NOW)
    assert written.replace("\xa0", " ") == expected
    assert re.search(r"\d ", written) is None  # the number keeps its unit on the same line


def test_times_ago_in_french():
    with translation.override("fr"):
        assert ago(NOW - timedelta(days=20), now=NOW) == "il y a 2\xa0semaines"
        assert ago(NOW, now=NOW) == translation.gettext("just now")  # "à l'instant", never "il y a 0 minute"


def test_the_ago_filter_keeps_the_exact_moment_in_a_tooltip_and_never_wraps():
    instant = timezone.now() - timedelta(days=20)
    with translation.override("en"):
        html = Template("{% load tact %}{{ instant|ago }}").render(Context({"instant": instant}))
        exact = moment(instant)
    assert html.startswith('<time class="text-nowrap" datetime="')
    assert f'title="{exact}"' in html and ">2\xa0weeks ago</time>" in html


@pytest.mark.parametrize(
    "language, expected", [("en", ("€1,234.50", "7.5\xa0h")), ("fr", ("1\xa0234,50\xa0€", "7,5\xa0h"))]
)
def test_money_and_hours_still_follow_the_language(language, expected):
    """The date formats of config/formats/ leave the numbers to Django's own module for the language."""
    with translation.override(language):
        assert (money(Decimal("1234.50")), hours(Decimal("7.5"))) == expected


@pytest.mark.parametrize("language", ["en", "fr"])
def test_date_fields_accept_the_iso_dates_of_the_browsers_date_picker(language):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("2026-02-05") == date(2026, 2, 5)
        assert field.clean("05/02/2026") == date(2026, 2, 5)  # typed by hand: the day first, in both languages


DISPLAY_FILTER = re.compile(r"""\|date:["'](?P<format>[^"']*)["']""")
MACHINE_OR_SPELLED_OUT = {"Y-m-d", "j", "l j F", "F Y", "YEAR_MONTH_FORMAT"}


def test_no_template_writes_a_date_its_own_way():
    """Dates for people go through |day, |day_short, |moment or |ago; Django's |date is left for machine formats
    (ISO in links) and spelled-out names, which its catalogue gets right in both languages."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.*")) + sorted(ROOT.glob("*/templates/**/*.*")):
        text = path.read_text(encoding="utf-8")
        offenders += [
            f"{path.relative_to(ROOT)}: |date:{m['format']!r}"
            for m in DISPLAY_FILTER.finditer(text)
            if m["format"] not in MACHINE_OR_SPELLED_OUT
        ]
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in ("|timesince", "|naturaltime") if word in text]
    assert offenders == []


# A strftime that people would read (numeric day and month, a month's name from the C locale); a protocol's
# format such as IMAP's "%d-%b-%Y" is not for people.
HUMAN_STRFTIME = re.compile(r"""strftime\(\s*["'][^"']*(?:/|%B|%x|%c)""")


def test_no_python_module_formats_a_date_for_people_by_hand():
    """Python writes dates for people with accounts.formatting (date_format, day, day_short, moment, ago)."""
    apps = ["accounts", "clients", "projects", "referrals", "triage", "workspace", "demo", "mail"]
    offenders = []
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if HUMAN_STRFTIME.search(text) or "from django.utils.formats import date_format" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
