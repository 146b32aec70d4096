"""What the workspace keeps of its own: the reminders it raised and the digests it sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedModel


class ReminderKind(models.TextChoices):
    UNTRIAGED = "untriaged", _("Request waiting for a decision")
    GHOSTING = "ghosting", _("Negotiation without an answer")
    INVOICE_OVERDUE = "invoice_overdue", _("Invoice past due")
    THANK_YOU = "thank_you", _("Referral to thank")
    WARM_REQUEST = "warm_request", _("A request kept warm now fits")


class Reminder(OwnedModel):
    """Something that needs the freelancer's attention, created once per subject, kind and stage.

    The unique key is what makes the periodic sweeps idempotent: running one twice, or on two workers
    at once, inserts each reminder once (the second insert is ignored by the database).
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    subject_key = models.CharField(max_length=64)  # e.g. "incoming:12" or "invoice:5:day7"
    incoming = models.ForeignKey(
        "projects.IncomingRequest", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    invoice = models.ForeignKey(
        "projects.Invoice", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    days_overdue = models.PositiveIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "read_at", "-created_at"], name="reminder_owner_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "subject_key"], name="reminder_once_per_subject"),
            models.CheckConstraint(condition=models.Q(kind__in=ReminderKind.values), name="reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.subject_key})"


class DigestSent(OwnedModel):
    """One digest email per user and period ("2026-11-22" or "2026-W47"), never two."""

    period = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [models.UniqueConstraint(fields=["owner", "period"], name="digest_once_per_period")]

    def __str__(self) -> str:
        return self.period
