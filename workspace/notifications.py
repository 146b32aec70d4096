"""Showing and sending reminders: in the app, by email as they arise, and as a daily or weekly digest."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.formatting import date_format
from accounts.mail import absolute_url, mail_profile
from accounts.models import DigestFrequency, Profile
from accounts.typography import elide_de
from projects.selectors import incoming_request_waiting_list, invoice_overdue_list

from .models import DigestSent, Reminder, ReminderKind
from .reminders import BATCH_SIZE, local_today, per_user


def reminder_list(*, owner) -> QuerySet[Reminder]:
    return Reminder.objects.owned_by(owner).select_related(
        "incoming__client", "invoice__project__client", "referral__colleague"
    )


def reminder_unread_count(*, owner) -> int:
    return Reminder.objects.owned_by(owner).filter(read_at__isnull=True).count()


def reminder_mark_read(*, owner, reminder_id: int | None = None) -> int:
    """Mark one reminder (or all of them) read; marking twice changes nothing."""
    unread = Reminder.objects.owned_by(owner).filter(read_at__isnull=True)
    if reminder_id is not None:
        unread = unread.filter(pk=reminder_id)
    return unread.update(read_at=timezone.now())


def reminder_text(reminder: Reminder) -> str:
    """One sentence in the active language ("d'Amandine" in French, not "de Amandine")."""
    if reminder.kind == ReminderKind.UNTRIAGED:
        name = reminder.incoming.client.name
        text = _("“%(title)s” from %(client)s is still waiting for your decision.") % {
            "title": reminder.incoming.title,
            "client": name,
        }
    elif reminder.kind == ReminderKind.GHOSTING:
        name = reminder.incoming.client.name
        text = _("No answer from %(client)s to your offer for “%(title)s”: time to follow up, or note a ghosting.") % {
            "title": reminder.incoming.title,
            "client": name,
        }
    elif reminder.kind == ReminderKind.INVOICE_OVERDUE:
        name = reminder.invoice.project.client.name
        text = ngettext(
            "Invoice %(number)s to %(client)s is %(days)d day past due.",
            "Invoice %(number)s to %(client)s is %(days)d days past due.",
            reminder.days_overdue,
        ) % {"number": reminder.invoice.number, "client": name, "days": reminder.days_overdue}
    elif reminder.kind == ReminderKind.THANK_YOU:
        name = reminder.referral.colleague.name
        text = _("%(colleague)s sent you work that you won: say thank you.") % {"colleague": name}
    elif reminder.kind == ReminderKind.CLIENT_ANSWERED:
        name = reminder.incoming.client.name
        text = _("%(client)s answered about “%(title)s”: read the answer and record what comes next.") % {
            "title": reminder.incoming.title,
            "client": name,
        }
    else:
        name = reminder.incoming.client.name
        text = _("Your calendar now has room for “%(title)s” from %(client)s, which you kept warm.") % {
            "title": reminder.incoming.title,
            "client": name,
        }
    return elide_de(text, name) if (translation.get_language() or "").startswith("fr") else text


def reminder_url(reminder: Reminder) -> str:
    """Where to act on the reminder, as a path in the app (`absolute_url` makes it a link for a mail)."""
    if reminder.incoming_id:
        return reverse("projects:incoming_detail", kwargs={"incoming_id": reminder.incoming_id})
    if reminder.invoice_id:
        return reverse("clients:client_detail", kwargs={"client_id": reminder.invoice.project.client_id})
    return reverse("referrals:colleague_detail", kwargs={"colleague_id": reminder.referral.colleague_id})


def reminders_email(*, now: datetime | None = None) -> int:
    """Email each user their new reminders, at most once each.

    A reminder is claimed (emailed_at set by a conditional update) before the mail goes out, so two
    workers never both send it; the reminder stays in the app whatever happens to the mail. A user whose
    mail cannot be written or sent is logged and skipped; the others get theirs.
    """
    now = now or timezone.now()
    sent = 0
    owners = (
        Reminder.objects.filter(emailed_at__isnull=True)
        .exclude(owner__email="")
        .values_list("owner_id", flat=True)
        .distinct()[:BATCH_SIZE]
    )
    for owner_id in list(owners):
        with per_user("reminder emails", owner_id):
            sent += _reminders_email_to(owner_id, now=now)
    return sent


def _reminders_email_to(owner_id: int, *, now: datetime) -> int:
    with transaction.atomic():
        pending = list(
            Reminder.objects.filter(owner_id=owner_id, emailed_at__isnull=True).values_list("pk", flat=True)[
                :BATCH_SIZE
            ]
        )
        claimed = Reminder.objects.filter(pk__in=pending, emailed_at__isnull=True).update(emailed_at=now)
    if not claimed:
        return 0
    profile = Profile.objects.select_related("user").get(user_id=owner_id)
    reminders = reminder_list(owner=profile.user).filter(pk__in=pending, emailed_at=now)
    with translation.override(profile.language):
        items = [(reminder_text(r), absolute_url(reminder_url(r))) for r in reminders]
        subject = ngettext("Tact: %(count)d new reminder", "Tact: %(count)d new reminders", len(items)) % {
            "count": len(items)
        }
    context = {"items": items, "app_url": absolute_url(reverse("reminder_list"))}
    mail_profile(profile, subject, "workspace/email/reminders.txt", context)
    return 1


def digest_period(profile: Profile, now: datetime) -> str | None:
    """The period a digest covers now, or None when this user wants none."""
    today = local_today(profile.time_zone, now)
    if profile.digest_frequency == DigestFrequency.DAILY:
        return today.isoformat()
    if profile.digest_frequency == DigestFrequency.WEEKLY:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def digests_send(*, now: datetime | None = None) -> int:
    """The daily or weekly summary, once per user and period (the period row is the idempotency key).

    A user whose digest cannot be written (an unknown time zone, say) is logged and skipped; the others get theirs.
    """
    now = now or timezone.now()
    sent = 0
    wanting = Profile.objects.exclude(digest_frequency=DigestFrequency.NEVER).exclude(user__email="")
    for profile in wanting.select_related("user").iterator():
        with per_user("digests", profile.user_id):
            sent += _digest_send_to(profile, now=now)
    return sent


def _digest_send_to(profile: Profile, *, now: datetime) -> int:
    period = digest_period(profile, now)
    _row, created = DigestSent.objects.get_or_create(owner_id=profile.user_id, period=period)
    if not created:
        return 0
    owner = profile.user
    today = local_today(profile.time_zone, now)
    with translation.override(profile.language):
        context = {
            "period": period,
            "today": date_format(today, "DATE_FORMAT"),
            "reminders": [reminder_text(r) for r in reminder_list(owner=owner).filter(read_at__isnull=True)[:50]],
            "waiting": list(incoming_request_waiting_list(owner=owner)[:20]),
            "overdue": list(invoice_overdue_list(owner=owner, today=today)[:20]),
            "app_url": absolute_url(reverse("dashboard")),
        }
        subject = _("Tact digest — %(today)s") % {"today": context["today"]}
    mail_profile(profile, subject, "workspace/email/digest.txt", context)
    return 1
