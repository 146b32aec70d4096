"""Incoming requests and their decisions, projects, invoices, capacity and reply templates."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedModel


class Skill(OwnedModel):
    """A skill, shared by requests (what they need) and colleagues (what they do)."""

    name = models.CharField(_("name"), max_length=60)
    # Mine, not only a colleague's or a request's: triage says "outside my skills" against these.
    offered = models.BooleanField(_("I offer this"), default=False)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="skill_unique_name_per_owner")]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    WEBSITE = "website", _("Website form")
    REFERRAL = "referral", _("Colleague referral")
    MARKETPLACE = "marketplace", _("Marketplace")
    SOCIAL = "social", _("Social network")
    OTHER = "other", _("Other")


class BudgetKind(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    HOURLY = "hourly", _("Hourly rate")
    DAILY = "daily", _("Daily rate")


class State(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    NEGOTIATING = "negotiating", _("Negotiating")
    REFERRED = "referred", _("Referred")
    DECLINED = "declined", _("Declined")
    IGNORED = "ignored", _("Ignored")


# The allowed moves are data, in one place; every state not listed here is final.
NEXT_STATES = {
    State.NEW: {State.ACCEPTED, State.NEGOTIATING, State.REFERRED, State.DECLINED, State.IGNORED},
    State.NEGOTIATING: {State.ACCEPTED, State.REFERRED, State.DECLINED},
}
OPEN_STATES = tuple(NEXT_STATES)


class DecisionReason(models.TextChoices):
    FITS = "fits", _("Fits")
    MISSING_DETAILS = "missing_details", _("Details missing")
    RATE_BELOW_MINIMUM = "rate_below_minimum", _("Rate below my minimum")
    NO_TIME = "no_time", _("No time")
    OUTSIDE_SKILLS = "outside_skills", _("Outside my skills")
    RED_FLAG_CLIENT = "red_flag_client", _("Red-flag client")
    BLACKLISTED = "blacklisted", _("Blacklisted")
    VISIBILITY = "visibility", _("Work for visibility")
    SPAM_OR_REPEAT = "spam_or_repeat", _("Spam or repeat")


SKILLS_REQUESTED_MAX = 500


class IncomingRequest(OwnedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="requests", verbose_name=_("client")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    source_colleague = models.ForeignKey(
        "referrals.Colleague",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_sent",
        verbose_name=_("referred by"),
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="requests")
    # The skills a prospect typed on the public form, as text: they become skills of the owner's only when the
    # owner edits the request, so a stranger cannot fill the owner's list of skills.
    skills_requested = models.CharField(_("skills asked for"), max_length=SKILLS_REQUESTED_MAX, blank=True)
    # Filed under a new contact made of what a prospect typed on the public form: nothing proves who they are until
    # the owner files the request under a client (incoming_request_client_link), which removes that contact.
    client_unverified = models.BooleanField(_("client not verified"), default=False)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_kind = models.CharField(_("budget type"), max_length=6, choices=BudgetKind.choices, default=BudgetKind.FIXED)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    state = models.CharField(_("state"), max_length=11, choices=State.choices, default=State.NEW)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Declined for lack of time but worth taking later: the reminders watch the calendar for it.
    keep_warm = models.BooleanField(_("keep warm"), default=False)
    marked_spam = models.BooleanField(_("marked as spam or pushy"), default=False)
    # Set when the owner was told by email of a request that came through the public form (exactly once).
    owner_notified_at = models.DateTimeField(_("owner notified"), null=True, blank=True)
    # The client's latest answer read from the owner's mailbox (mail app): a negotiation answered after its
    # decision is no longer ghosting, and the inbox says "the client answered".
    client_answered_at = models.DateTimeField(_("client answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["owner", "state", "received_at"], name="request_owner_inbox_idx"),
            models.Index(fields=["owner", "client", "-received_at"], name="request_owner_client_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="request_state_valid"),
            models.CheckConstraint(condition=Q(estimated_hours__gte=0), name="request_hours_not_negative"),
            models.CheckConstraint(condition=Q(budget_amount__gte=0), name="request_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(desired_start__isnull=True)
                | Q(deadline__gte=F("desired_start")),
                name="request_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def client_answered(self) -> bool:
        """The client wrote since the last decision (or since the request arrived, while it is new)."""
        if self.client_answered_at is None:
            return False
        return self.decided_at is None or self.client_answered_at >= self.decided_at


class Decision(OwnedModel):
    """The audit row of one state transition of a request: when, what, why, and the reply sent."""

    incoming = models.ForeignKey(
        IncomingRequest, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("request")
    )
    from_state = models.CharField(_("from"), max_length=11, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=11, choices=State.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DecisionReason.choices)
    note = models.TextField(_("note"), blank=True)
    reply = models.TextField(_("reply sent"), blank=True)
    counter_offer = models.DecimalField(
        _("counter-offer"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    proposed_start = models.DateField(_("proposed start"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        indexes = [
            models.Index(fields=["owner", "-decided_at"], name="decision_owner_recent_idx"),
            models.Index(fields=["incoming", "decided_at"], name="decision_request_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(from_state=F("to_state")), name="decision_changes_state"),
            models.CheckConstraint(condition=Q(reason__in=DecisionReason.values), name="decision_reason_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.incoming}: {self.get_from_state_display()} → {self.get_to_state_display()}"


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Project(OwnedModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="projects", verbose_name=_("client")
    )
    incoming = models.OneToOneField(
        IncomingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("request"),
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    price = models.DecimalField(
        _("price"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    status = models.CharField(_("status"), max_length=9, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["owner", "-start"], name="project_owner_start_idx"),
            models.Index(fields=["owner", "client"], name="project_owner_client_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="project_end_after_start"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="project_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title


class Booking(OwnedModel):
    """Hours reserved over a date range, spread evenly over its working days.

    A project books one range by default, or one per week when the user sets weekly amounts;
    a request in negotiation may hold hours tentatively.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="bookings", verbose_name=_("project")
    )
    incoming = models.ForeignKey(
        IncomingRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="holds",
        verbose_name=_("request"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    tentative = models.BooleanField(_("tentative"), default=False)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["owner", "start", "end"], name="booking_owner_range_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="booking_hours_not_negative"),
            models.CheckConstraint(
                condition=(
                    Q(project__isnull=False, incoming__isnull=True, tentative=False)
                    | Q(project__isnull=True, incoming__isnull=False, tentative=True)
                ),
                name="booking_firm_for_project_tentative_for_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project or self.incoming}: {self.hours} h, {self.start} → {self.end}"


class TimeOff(OwnedModel):
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["owner", "start", "end"], name="timeoff_owner_range_idx")]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="timeoff_end_after_start")]

    def __str__(self) -> str:
        return f"{self.label} ({self.start} → {self.end})"


class Invoice(OwnedModel):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("project"))
    number = models.CharField(_("number"), max_length=40)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["owner", "paid_on", "due_on"], name="invoice_owner_due_idx"),
            models.Index(fields=["owner", "project"], name="invoice_owner_project_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="invoice_unique_number_per_owner"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="invoice_amount_not_negative"),
            models.CheckConstraint(condition=Q(due_on__gte=F("issued_on")), name="invoice_due_after_issue"),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.paid_on is None and self.due_on < today

    def was_paid_late(self) -> bool:
        return self.paid_on is not None and self.paid_on > self.due_on
