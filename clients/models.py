"""Clients, their red flags and the blacklist history: data and invariants, no workflows."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, OwnedModel

from . import keys


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    WATCH = "watch", _("Watch")
    HIGH = "high", _("High")


class AddressForm(models.TextChoices):
    VOUS = "vous", _("vous (formal)")
    TU = "tu", _("tu (informal)")


# The same choice said for a client written to in English.
ENGLISH_ADDRESS_FORMS = {AddressForm.VOUS: _("formal"), AddressForm.TU: _("first-name terms")}


class Tag(OwnedModel):
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="tag_unique_name_per_owner")]

    def __str__(self) -> str:
        return self.name


class Client(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    company_number = models.CharField(
        _("SIREN / SIRET"),
        max_length=14,
        blank=True,
        help_text=_("For French companies: 9 digits (SIREN) or 14 digits (SIRET)."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FRENCH)
    address_form = models.CharField(
        _("form of address"), max_length=4, choices=AddressForm.choices, default=AddressForm.VOUS
    )
    greeting = models.CharField(
        _("how to greet them"),
        max_length=80,
        blank=True,
        help_text=_("A first name (Camille) or Madame Dupont. Empty: a greeting without a name."),
    )
    notes = models.TextField(_("notes"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="clients")
    # Cached from the red flags by clients.services (and refreshed daily, as old flags weigh less),
    # so that lists can filter and sort by risk in one query.
    risk_level = models.CharField(_("risk level"), max_length=5, choices=RiskLevel.choices, default=RiskLevel.LOW)
    # Mirrors the latest BlacklistEvent; changed only together with a new event.
    is_blacklisted = models.BooleanField(_("blacklisted"), default=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Normalised copies of the name, company and phone (clients.keys), kept in step by save(),
    # so that matching a newcomer against existing clients is one indexed query.
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    company_key = models.CharField(max_length=200, blank=True, editable=False)
    phone_key = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["owner", "archived_at", "name"], name="client_owner_list_idx"),
            models.Index(fields=["owner", "email"], name="client_owner_email_idx"),
            models.Index(fields=["owner", "is_blacklisted"], name="client_owner_blacklist_idx"),
            models.Index(fields=["owner", "company_key"], name="client_owner_company_key_idx"),
            models.Index(fields=["owner", "phone_key"], name="client_owner_phone_key_idx"),
            models.Index(fields=["owner", "name_key"], name="client_owner_name_key_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(company_number="") | Q(company_number__regex=r"^([0-9]{9}|[0-9]{14})$"),
                name="client_company_number_is_siren_or_siret",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def siren(self) -> str:
        return keys.siren_of(self.company_number)

    @property
    def address_form_label(self) -> str:
        """How formally we write to them, in words that fit their language: English has no vous or tu."""
        if self.language == Language.ENGLISH:
            return str(ENGLISH_ADDRESS_FORMS.get(self.address_form, ""))
        return self.get_address_form_display()

    def refresh_match_keys(self) -> None:
        self.name_key = keys.name_key(self.name)
        self.company_key = keys.company_key(self.company)
        self.phone_key = keys.phone_key(self.phone)

    def save(self, *args, **kwargs):
        self.refresh_match_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "company", "phone"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key", "company_key", "phone_key"}
        super().save(*args, **kwargs)


class RedFlagKind(models.TextChoices):
    LATE_PAYMENT = "late_payment", _("Late payment")
    UNPAID_VANISHED = "unpaid_vanished", _("Unpaid and vanished")
    GHOSTING = "ghosting", _("Ghosting after quote")
    VISIBILITY = "visibility", _("Work for visibility instead of pay")
    RATE_HAGGLING = "rate_haggling", _("Rate haggling")
    RENEGOTIATION = "renegotiation", _("Contract renegotiation")
    TREATS_AS_EMPLOYEE = "treats_as_employee", _("Treats me as an employee")
    DISRESPECT = "disrespect", _("Disrespect or insults")
    SCOPE_CREEP = "scope_creep", _("Scope creep")
    SPAM = "spam", _("Spam or pushy")


class Severity(models.IntegerChoices):
    MINOR = 1, _("Minor")
    SERIOUS = 2, _("Serious")
    SEVERE = 3, _("Severe")


class RedFlagStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    DISMISSED = "dismissed", _("Dismissed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RedFlag(OwnedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="red_flags", verbose_name=_("client"))
    kind = models.CharField(_("kind"), max_length=20, choices=RedFlagKind.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.SERIOUS)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    incoming = models.ForeignKey(
        "projects.IncomingRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="red_flags",
        verbose_name=_("request"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="red_flags",
        verbose_name=_("project"),
    )
    invoice = models.ForeignKey(
        "projects.Invoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="red_flags",
        verbose_name=_("invoice"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RedFlagStatus.choices, default=RedFlagStatus.ACTIVE)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["owner", "client", "status"], name="redflag_owner_client_idx"),
            models.Index(fields=["owner", "-occurred_on"], name="redflag_owner_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RedFlagKind.values), name="redflag_kind_valid"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="redflag_severity_valid"),
            models.CheckConstraint(
                condition=Q(status=RedFlagStatus.WITHDRAWN, withdrawn_at__isnull=False)
                | (~Q(status=RedFlagStatus.WITHDRAWN) & Q(withdrawn_at__isnull=True)),
                name="redflag_withdrawn_has_date",
            ),
            # One automatic proposal per invoice and kind: a dismissed one never comes back.
            models.UniqueConstraint(
                fields=["invoice", "kind"], condition=Q(invoice__isnull=False), name="redflag_once_per_invoice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.client}"


class BlacklistAction(models.TextChoices):
    ADDED = "added", _("Blacklisted")
    LIFTED = "lifted", _("Lifted")


class BlacklistEvent(OwnedModel):
    """One blacklisting or lifting; the history is never rewritten."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="blacklist_events", verbose_name=_("client")
    )
    action = models.CharField(_("action"), max_length=6, choices=BlacklistAction.choices)
    reason = models.TextField(_("reason"))
    happened_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("blacklist event")
        verbose_name_plural = _("blacklist events")
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["owner", "client", "-happened_at"], name="blacklist_owner_client_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=BlacklistAction.values), name="blacklist_action_valid"),
            models.CheckConstraint(condition=~Q(reason=""), name="blacklist_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.client}"
