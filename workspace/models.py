"""What the workspace keeps of its own: the reminders it raised, the digests it sent, the restores it ran."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedModel


class ReminderKind(models.TextChoices):
    UNTRIAGED = "untriaged", _("Request waiting for a decision")
    GHOSTING = "ghosting", _("Negotiation without an answer")
    INVOICE_OVERDUE = "invoice_overdue", _("Invoice past due")
    THANK_YOU = "thank_you", _("Referral to thank")
    WARM_REQUEST = "warm_request", _("A request kept warm now fits")
    CLIENT_ANSWERED = "client_answered", _("The client answered")


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


class RestoreStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the background worker")
    CHECKING = "checking", _("Checking the file")
    WRITING = "writing", _("Writing your data")
    UNDOING = "undoing", _("Taking back what was written")
    DONE = "done", _("Restored")
    FAILED = "failed", _("Not restored")


RESTORE_ACTIVE = [RestoreStatus.QUEUED, RestoreStatus.CHECKING, RestoreStatus.WRITING, RestoreStatus.UNDOING]


class RestoreJob(models.Model):
    """A backup restored in the background, in short transactions; one at a time per user.

    Not an OwnedModel: it is no part of the user's data and no backup holds it. `written` lists the id
    ranges each committed batch inserted, so a failure, even a worker killed half-way, removes exactly
    those rows. `updated_at` moves with every batch: a job that stops moving for long has lost its worker.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=8, choices=RestoreStatus.choices, default=RestoreStatus.QUEUED)
    language = models.CharField(max_length=8, blank=True)  # the messages are written in the uploader's language
    document = models.BinaryField(blank=True)  # the checked file, zlib-compressed; emptied once the job ends
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    written = models.JSONField(default=list, blank=True)  # [["clients.client", first id, last id], ...]
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    longest_lock_ms = models.PositiveIntegerField(default=0)  # the longest transaction the restore held
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("restore")
        verbose_name_plural = _("restores")
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(status__in=RESTORE_ACTIVE), name="restore_one_at_a_time"
            ),
            models.CheckConstraint(condition=models.Q(status__in=RestoreStatus.values), name="restore_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.owner} — {self.get_status_display()}"

    @property
    def active(self) -> bool:
        return self.status in RESTORE_ACTIVE

    @property
    def percent(self) -> int:
        done = self.written_rows if self.status == RestoreStatus.WRITING else self.checked_rows
        return min(100, round(100 * done / self.total_rows)) if self.total_rows else 0
