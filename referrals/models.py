"""Colleagues and the referrals exchanged with them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedModel


class Colleague(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    skills = models.ManyToManyField("projects.Skill", verbose_name=_("skills"), blank=True, related_name="colleagues")
    speaks_french = models.BooleanField(_("speaks French"), default=True)
    speaks_english = models.BooleanField(_("speaks English"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    trusted = models.BooleanField(_("would refer again"), default=True)
    # A colleague who said they are booked until a date is not offered work starting before it.
    busy_until = models.DateField(
        _("busy until"), null=True, blank=True, help_text=_("Leave empty if they can take work now.")
    )

    class Meta:
        verbose_name = _("colleague")
        verbose_name_plural = _("colleagues")
        ordering = ["name"]
        indexes = [models.Index(fields=["owner", "name"], name="colleague_owner_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def languages(self) -> list[str]:
        return [code for code, spoken in (("fr", self.speaks_french), ("en", self.speaks_english)) if spoken]


class Direction(models.TextChoices):
    GIVEN = "given", _("Given")
    RECEIVED = "received", _("Received")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Referral(OwnedModel):
    colleague = models.ForeignKey(
        Colleague, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("colleague")
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    referred_on = models.DateField(_("date"), default=timezone.localdate)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("client"),
    )
    incoming = models.ForeignKey(
        "projects.IncomingRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("request"),
    )
    description = models.TextField(_("description"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=7, choices=Outcome.choices, default=Outcome.PENDING)
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    thanked_on = models.DateField(_("thanked"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["owner", "colleague", "-referred_on"], name="referral_owner_colleague_idx"),
            models.Index(fields=["owner", "-referred_on"], name="referral_owner_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="referral_direction_valid"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="referral_outcome_valid"),
            models.CheckConstraint(condition=Q(value__gte=0), name="referral_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} — {self.colleague}"

    @property
    def is_received(self) -> bool:
        return self.direction == Direction.RECEIVED

    @property
    def awaits_thanks(self) -> bool:
        """A referral received that brought work and that we have not thanked the colleague for yet."""
        return self.is_received and self.outcome == Outcome.WON and self.thanked_on is None
