"""The words Tact writes: counts that agree with their noun, French elision, links back, one name per screen."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts.models import DigestFrequency
from projects.models import Channel
from projects.notifications import intake_notify
from referrals.models import Direction
from tests.factories import (
    ClientFactory,
    ColleagueFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    ReferralFactory,
)
from workspace.backup.document import MAX_PROBLEMS, problems_listed
from workspace.models import Reminder, ReminderKind
from workspace.notifications import digests_send, reminder_text, reminders_email
from workspace.reminders import reminders_sweep

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
SITE = "https://tact.example.org"


def set_language(user, language, **fields):
    profile = user.profile
    profile.language = language
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


def waiting_requests(owner, *names):
    for name in names:
        IncomingRequestFactory(client=ClientFactory(owner=owner, name=name), received_at=NOW - timedelta(days=2))


# --- the reminder email ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, subject", [(["Ada"], "Tact: 1 new reminder"), (["Ada", "Bob"], "Tact: 2 new reminders")]
)
def test_the_reminder_subject_counts_in_words_that_agree(owner, names, subject):
    set_language(owner, "en")
    waiting_requests(owner, *names)
    reminders_sweep(now=NOW)
    reminders_email(now=NOW)
    assert mail.outbox[0].subject == subject


def test_the_french_reminder_elides_de_and_writes_no_plural_in_brackets(owner):
    set_language(owner, "fr")
    waiting_requests(owner, "Amandine", "Paul")
    reminders_sweep(now=NOW)
    reminders_email(now=NOW)
    sent = mail.outbox[0]
    assert "d'Amandine attend toujours votre décision" in sent.body
    assert "de Paul attend toujours votre décision" in sent.body
    assert "de Amandine" not in sent.body
    assert "(x)" not in sent.subject and "(s)" not in sent.subject


@override_settings(SITE_URL=SITE + "/")
def test_the_reminder_email_links_back_to_each_request_and_to_the_app(owner):
    set_language(owner, "en")
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner), received_at=NOW - timedelta(days=2))
    reminders_sweep(now=NOW)
    reminders_email(now=NOW)
    body = mail.outbox[0].body
    assert f"{SITE}{reverse('projects:incoming_detail', args=[incoming.pk])}" in body
    assert f"Open Tact to act on them: {SITE}{reverse('reminder_list')}" in body


@override_settings(SITE_URL=SITE)
def test_the_digest_and_the_public_form_mail_link_back_to_the_app_too(owner):
    set_language(owner, "en", digest_frequency=DigestFrequency.DAILY)
    digests_send(now=NOW)
    assert f"{SITE}/" in mail.outbox[0].body
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner), channel=Channel.WEBSITE)
    intake_notify(incoming_id=incoming.pk)
    assert f"{SITE}{reverse('projects:incoming_detail', args=[incoming.pk])}" in mail.outbox[1].body


def test_the_site_address_has_a_default_that_a_fresh_clone_answers_at():
    assert settings.SITE_URL.startswith("http")


@pytest.mark.parametrize("days, words", [(1, "is 1 day past due"), (7, "is 7 days past due")])
def test_an_overdue_invoice_reminder_counts_days_in_words_that_agree(owner, days, words):
    invoice = InvoiceFactory(project=ProjectFactory(client=ClientFactory(owner=owner)))
    reminder = Reminder(owner=owner, kind=ReminderKind.INVOICE_OVERDUE, invoice=invoice, days_overdue=days)
    with translation.override("en"):
        assert words in reminder_text(reminder)


# --- counts on the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("given, words", [(1, "You sent 1 referral and"), (2, "You sent 2 referrals and")])
def test_the_dashboard_counts_referrals_in_words_that_agree(owner_client, owner, given, words):
    ReferralFactory.create_batch(given, colleague=ColleagueFactory(owner=owner), direction=Direction.GIVEN)
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert words in page


@pytest.mark.parametrize("extra, words", [(1, "… and 1 more problem."), (2, "… and 2 more problems.")])
def test_a_long_list_of_backup_problems_counts_the_rest_in_words_that_agree(extra, words):
    with translation.override("en"):
        assert problems_listed([f"problem {n}" for n in range(MAX_PROBLEMS + extra)])[-1] == words


def test_every_dashboard_section_heading_is_a_plain_heading_with_its_link_beside_it(owner_client):
    page = owner_client.get(reverse("dashboard")).content.decode()
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page, flags=re.DOTALL)
    assert len(headings) == 6
    assert not [heading for heading in headings if "<a " in heading]
    assert len(re.findall(r'<h2 id="[a-z]+-heading" class="h5 mb-0">', page)) == 6
    for link in ("All requests", "Open the calendar", "All projects", "The blacklist", "Who owes whom"):
        assert f">{link}</a>" in page


# --- one name for each thing ------------------------------------------------------------------------------


def test_the_triage_page_counts_the_questions_it_lists(owner_client, owner):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    page = owner_client.get(reverse("projects:incoming_detail", args=[incoming.pk])).content.decode()
    steps = len(re.findall(r'<a [^>]*href="\?step=\d"', page))
    assert steps == 5
    assert "Five questions before answering" in page


def test_the_readme_names_the_screens_as_the_navigation_does():
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "five questions" in readme and "four questions" not in readme
    assert "**Requests**" in readme and "**Who owes whom**" in readme
    assert "**The inbox**" not in readme and "**The network**" not in readme
