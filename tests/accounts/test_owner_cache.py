"""Cached fragments (accounts/cache.py): never one user's data on another's page, never a stale figure after
a write, whoever made it (a form, a service, a background job)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client as DjangoClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.cache import fragment_key, owner_version, version_cache
from accounts.selectors import profile_get
from clients.models import Client, RedFlagKind, RiskLevel, Severity
from clients.services import client_delete_if_unused, risk_levels_refresh
from mail.services import mail_account_delete
from projects.services.calendar import incoming_hold_release, incoming_hold_set, time_off_delete
from projects.services.incoming import incoming_request_client_answered
from projects.services.projects import project_book_weekly, project_create
from referrals.services import colleague_delete, referral_delete
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ColleagueFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    MailAccountFactory,
    ProjectFactory,
    RedFlagFactory,
    ReferralFactory,
    ReplyTemplateFactory,
    SkillFactory,
    TimeOffFactory,
    UserFactory,
)
from triage.services import reply_template_reset
from workspace.backup import backup_export, backup_restore
from workspace.reminders import sweep_overdue_invoices

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
CALENDAR = reverse("projects:calendar")
DASHBOARD = reverse("dashboard")


def monday_this_week():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def book(owner, title, *, hours=Decimal(14)):
    monday = monday_this_week()
    project = ProjectFactory(
        owner=owner,
        client=ClientFactory(owner=owner),
        title=title,
        start=monday,
        end=monday + timedelta(4),
        hours=hours,
    )
    return BookingFactory(project=project)


def page(client, url=CALENDAR) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def logged_in(user) -> DjangoClient:
    client = DjangoClient()
    client.force_login(user)
    return client


# --- One user's fragment is never another's -------------------------------------------------------


def test_two_users_never_see_each_others_cached_calendar_or_dashboard(owner, other_user):
    book(owner, "Mine: bakery website")
    book(other_user, "Theirs: florist shop")
    IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner), title="Mine: a waiting request")
    mine, theirs = logged_in(owner), logged_in(other_user)
    for url in (CALENDAR, DASHBOARD):
        page(mine, url), page(mine, url)  # cached now
        seen_by_them = page(theirs, url)
        assert "Mine:" not in seen_by_them
        if url == CALENDAR:
            assert "Theirs: florist shop" in seen_by_them
        assert "Theirs:" not in page(mine, url)


def test_a_fragment_key_starts_with_its_owner_and_holds_language_and_day(owner, other_user):
    factory = RequestFactory()
    mine, theirs = factory.get(CALENDAR), factory.get(CALENDAR)
    mine.user, theirs.user = owner, other_user
    with translation.override("en"):
        english = fragment_key(mine, "calendar-grid", "month")
        assert english.startswith(f"owner:{owner.pk}:")
        assert fragment_key(theirs, "calendar-grid", "month").startswith(f"owner:{other_user.pk}:")
        assert fragment_key(mine, "calendar-grid", "week") != english
        # UTC+14 and UTC-11 are never on the same day: the day is part of the key.
        with timezone.override("Pacific/Kiritimati"):
            east = fragment_key(mine, "calendar-grid", "month")
        with timezone.override("Pacific/Pago_Pago"):
            west = fragment_key(mine, "calendar-grid", "month")
        assert east.split(":")[4] != west.split(":")[4]
    with translation.override("fr"):
        assert fragment_key(mine, "calendar-grid", "month") != english


def test_nothing_is_cached_for_a_request_that_writes_or_without_a_user(owner):
    factory = RequestFactory()
    post = factory.post(CALENDAR)
    post.user = owner
    anonymous = factory.get(CALENDAR)
    anonymous.user = AnonymousUser()
    assert fragment_key(post, "calendar-grid") is None
    assert fragment_key(anonymous, "calendar-grid") is None


# --- No stale figure after a write ----------------------------------------------------------------


def test_a_page_served_from_the_cache_reads_no_booking(owner_client, owner):
    book(owner, "Bakery website")
    page(owner_client)
    with CaptureQueriesContext(connection) as cached:
        html = page(owner_client)
    assert "Bakery website" in html
    assert not any("projects_booking" in query["sql"] for query in cached.captured_queries)


def test_a_form_that_deletes_without_saving_moves_the_version_on(owner_client, owner):
    """Deleting time off runs a DELETE (no post_save): the middleware's bump is what refreshes the page."""
    period = TimeOffFactory(owner=owner, label="Ski week", start=monday_this_week(), end=monday_this_week())
    assert "Ski week" in page(owner_client)
    assert "Ski week" in page(owner_client)  # from the cache
    owner_client.post(reverse("projects:time_off_delete", args=[period.pk]))
    assert "Ski week" not in page(owner_client)


def test_a_refused_form_still_moves_the_version_on_and_a_read_does_not(owner_client, owner):
    before = owner_version(owner.pk)
    page(owner_client)
    assert owner_version(owner.pk) == before
    response = owner_client.post(reverse("projects:time_off_create"), {"label": "", "start": "", "end": ""})
    assert response.status_code == 200  # the form with its errors
    assert owner_version(owner.pk) != before


def test_a_post_that_csrf_refuses_reaches_no_view_and_changes_nothing(owner):
    client = DjangoClient(enforce_csrf_checks=True)
    client.force_login(owner)
    before = owner_version(owner.pk)
    response = client.post(reverse("projects:time_off_create"), {"label": "x", "start": "", "end": ""})
    assert response.status_code == 403
    assert owner_version(owner.pk) == before


def test_a_service_called_outside_a_request_shows_at_once(owner_client, owner):
    """A command, a test or the admin calls the service: the post_save of its rows moves the version on."""
    client = ClientFactory(owner=owner)
    for url in (CALENDAR, DASHBOARD):
        page(owner_client, url), page(owner_client, url)  # the second one from the cache
    monday = monday_this_week()
    project_create(
        owner=owner, client=client, title="Shop redesign", start=monday, end=monday + timedelta(4), hours=Decimal(13)
    )
    assert "Shop redesign" in page(owner_client)
    assert f"13{NBSP}h / 35{NBSP}h" in page(owner_client, DASHBOARD)  # this week's load


def test_the_dashboard_counts_a_new_request_at_once(owner_client, owner):
    assert "0 requests waiting" in page(owner_client, DASHBOARD)
    IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner), title="Logo for a bakery")
    html = page(owner_client, DASHBOARD)
    assert "1 request waiting" in html and "Logo for a bakery" in html


def test_an_answer_read_from_the_mailbox_shows_on_the_cached_dashboard(owner_client, owner):
    """The mail import notes the answer with an UPDATE (no save()): the service moves the version on itself."""
    incoming = IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner, name="Amandine Roux"))
    page(owner_client, DASHBOARD), page(owner_client, DASHBOARD)  # the second one from the cache
    incoming_request_client_answered(owner=owner, incoming=incoming, at=timezone.now())
    assert "Amandine Roux answered" in page(owner_client, DASHBOARD)


def test_risk_levels_refreshed_in_the_background_show_at_once(owner):
    client = ClientFactory(owner=owner)
    RedFlagFactory(client=client, kind=RedFlagKind.DISRESPECT, severity=Severity.SEVERE)
    Client.objects.filter(pk=client.pk).update(risk_level=RiskLevel.LOW)  # stale, as before the nightly refresh
    before = owner_version(owner.pk)
    assert risk_levels_refresh(owner=owner) == 1
    assert owner_version(owner.pk) != before


def test_the_working_week_changed_in_the_settings_shows_on_the_calendar(owner_client, owner):
    book(owner, "Bakery website", hours=Decimal(35))
    assert f"Booked: 35{NBSP}h of 35{NBSP}h" in page(owner_client)
    profile = profile_get(owner=owner)
    profile.monday_hours = Decimal(0)
    profile.save()
    assert f"Booked: 35{NBSP}h of 28{NBSP}h" in page(owner_client)


@pytest.mark.django_db(transaction=True)
def test_several_saves_in_one_transaction_queue_one_bump_for_the_commit():
    """Moved on at once (for this transaction's next reads) and again at the commit (for pages read meanwhile
    elsewhere, which still saw the old rows), once for the whole run of saves."""
    owner = UserFactory()
    with transaction.atomic():
        book(owner, "One")
        book(owner, "Two")
        queued = list(connection.run_on_commit)
        during = owner_version(owner.pk)
    assert len(queued) == 1
    assert owner_version(owner.pk) != during


def test_overdue_invoices_swept_in_the_background_show_their_proposed_flags(owner_client, owner):
    project = ProjectFactory(owner=owner, client=ClientFactory(owner=owner, name="Slow Payer Ltd"))
    InvoiceFactory(
        project=project, issued_on=timezone.localdate() - timedelta(40), due_on=timezone.localdate() - timedelta(10)
    )
    assert "Proposed red flags" not in page(owner_client, DASHBOARD)
    assert sweep_overdue_invoices() > 0
    html = page(owner_client, DASHBOARD)
    assert "Proposed red flags" in html and "Slow Payer Ltd" in html


def test_a_restore_shows_the_restored_data(owner):
    book(owner, "Restored project")
    document = backup_export(owner=owner)
    newcomer = UserFactory(username="newcomer")
    client = logged_in(newcomer)
    assert "Restored project" not in page(client)
    backup_restore(owner=newcomer, document=document)
    assert "Restored project" in page(client)


def test_a_version_lost_from_the_cache_is_never_an_old_one(owner_client, owner):
    """Versions are random, not counters: after Redis restarts, a fragment left elsewhere is never reached."""
    page(owner_client)
    old = owner_version(owner.pk)
    version_cache().clear()
    assert owner_version(owner.pk) != old


def _deletes(owner):
    """Each service that deletes or replaces rows without a save(), called as a command or a job would."""
    client = ClientFactory(owner=owner)
    colleague, time_off = ColleagueFactory(owner=owner), TimeOffFactory(owner=owner)
    referral = ReferralFactory(owner=owner, colleague=ColleagueFactory(owner=owner))
    incoming, unused = IncomingRequestFactory(owner=owner, client=client), ClientFactory(owner=owner)
    incoming_hold_set(incoming=incoming, start=monday_this_week(), end=monday_this_week(), hours=Decimal(3))
    project = ProjectFactory(owner=owner, client=client, start=monday_this_week(), end=monday_this_week())
    MailAccountFactory(owner=owner)
    reply = ReplyTemplateFactory(owner=owner)
    return {
        "an unused client": lambda: client_delete_if_unused(owner=owner, client_id=unused.pk),
        "a colleague": lambda: colleague_delete(colleague=colleague),
        "a referral": lambda: referral_delete(referral=referral),
        "a time off": lambda: time_off_delete(time_off=time_off),
        "a hold": lambda: incoming_hold_release(incoming=incoming),
        "a project's weekly plan": lambda: project_book_weekly(project=project, amounts={project.start: project.hours}),
        "a reply template": lambda: reply_template_reset(
            owner=owner, decision=reply.decision, reason=reply.reason, language=reply.language
        ),
        "the mail settings": lambda: mail_account_delete(owner=owner),
    }


@pytest.mark.parametrize(
    "what",
    [
        "an unused client",
        "a colleague",
        "a referral",
        "a time off",
        "a hold",
        "a project's weekly plan",
        "a reply template",
        "the mail settings",
    ],
)
def test_a_delete_without_save_outside_a_request_moves_the_version_on(owner, what):
    delete = _deletes(owner)[what]
    before = owner_version(owner.pk)
    assert delete() is not False  # it did delete
    assert owner_version(owner.pk) != before


def test_a_time_off_deleted_by_a_service_leaves_the_cached_calendar(owner_client, owner):
    monday = monday_this_week()
    time_off = TimeOffFactory(owner=owner, label="Ski week", start=monday, end=monday + timedelta(4))
    assert "Ski week" in page(owner_client)
    assert "Ski week" in page(owner_client)  # from the cache
    time_off_delete(time_off=time_off)
    assert "Ski week" not in page(owner_client)


def _bulk_writes(owner):
    """Writes of owned rows that call no save(), as any code may make them."""
    client, colleague = ClientFactory(owner=owner), ColleagueFactory(owner=owner)
    skill = SkillFactory(owner=owner)
    return {
        "update()": lambda: Client.objects.owned_by(owner).filter(pk=client.pk).update(name="Renamed"),
        "bulk_create()": lambda: Client.objects.bulk_create([Client(owner=owner, name="Bulk", email="b@example.org")]),
        "bulk_update()": lambda: Client.objects.bulk_update([Client(pk=client.pk, owner=owner, name="B")], ["name"]),
        "a many-to-many link": lambda: colleague.skills.add(skill),
    }


@pytest.mark.parametrize("what", ["update()", "bulk_create()", "bulk_update()", "a many-to-many link"])
def test_a_write_without_save_moves_the_version_on(owner, other_user, what):
    write = _bulk_writes(owner)[what]
    mine, theirs = owner_version(owner.pk), owner_version(other_user.pk)
    write()
    assert owner_version(owner.pk) != mine
    assert owner_version(other_user.pk) == theirs  # only the owner written for


def test_every_model_with_an_owner_writes_through_the_owned_queryset():
    """What makes the writes above move the version on: a model outside OwnedModel, or with a manager of its own,
    would write without it."""
    from django.apps import apps

    from accounts.models import OwnedModel, OwnedQuerySet
    from workspace.models import RestoreJob

    with_owner = [model for model in apps.get_models() if any(f.name == "owner" for f in model._meta.fields)]
    with_owner.remove(RestoreJob)  # the restore's own bookkeeping, shown by no cached page; its end bumps
    assert len(with_owner) > 10
    for model in with_owner:
        assert issubclass(model, OwnedModel), model
        assert isinstance(model._default_manager.all(), OwnedQuerySet), model
