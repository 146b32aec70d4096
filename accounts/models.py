"""The owner of every row, and each freelancer's profile."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import Signal
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .choices import validate_currency, validate_time_zone

# Rows of these owners changed without a save() of each (sender: the model; owner_ids: a set): the per-owner
# cache version moves on (accounts/cache.py), so no cached page outlives an update(), a bulk write or a delete.
owned_rows_written = Signal()


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, owner) -> "OwnedQuerySet":
        """The one scoping path: only the rows of this owner."""
        return self.filter(owner=owner)

    def _owner_ids(self) -> set[int]:
        return set(self.order_by().values_list("owner_id", flat=True).distinct())

    def _written(self, owner_ids) -> None:
        owner_ids = set(owner_ids)
        if owner_ids:
            owned_rows_written.send(sender=self.model, owner_ids=owner_ids)

    def update(self, **kwargs) -> int:
        owner_ids = self._owner_ids()  # one query more: every owner whose rows change hears of it
        rows = super().update(**kwargs)
        if rows:
            self._written(owner_ids)
        return rows

    update.alters_data = True

    def delete(self):
        owner_ids = self._owner_ids()
        deleted = super().delete()
        if deleted[0]:
            self._written(owner_ids)
        return deleted

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self._written(row.owner_id for row in created)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        objs = list(objs)
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            self._written(row.owner_id for row in objs)
        return rows


class OwnedModel(models.Model):
    """A row that belongs to one freelancer; nobody else may ever read or change it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        owned_rows_written.send(sender=type(self), owner_ids={self.owner_id})
        return deleted


def get_owned_or_404(queryset_or_model, *, owner, **lookup):
    """Another owner's id answers 404, like a missing one: we never confirm it exists."""
    queryset = queryset_or_model
    if isinstance(queryset_or_model, type):
        queryset = queryset_or_model.objects.all()
    return get_object_or_404(queryset.owned_by(owner), **lookup)


class NotYours(PermissionDenied, ValidationError):
    """An object of another owner reached a service: a tampered id or a programming error, never a user's.

    It is a PermissionDenied (a 403 when nothing catches it) and a ValidationError, so a form that shows
    a service's validation errors shows this one too instead of failing.
    """


def ensure_owned(owner, *objects) -> None:
    """The services' guard: every object given (None is skipped) belongs to `owner`."""
    for obj in objects:
        if obj is not None and obj.owner_id != owner.pk:
            raise NotYours(_("This item does not exist."))


def new_secret_token() -> str:
    """256 random bits, URL-safe: for the public intake form and the calendar feed."""
    return secrets.token_urlsafe(32)


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class VatMode(models.TextChoices):
    """How the amounts a reply quotes stand with VAT; the replies say it after every amount."""

    EXCLUDED = "excluded", _("Excluding VAT (HT)")
    EXEMPT = "exempt", _("No VAT: exempt (art. 293 B of the French tax code)")
    INCLUDED = "included", _("Including VAT (TTC)")


class DigestFrequency(models.TextChoices):
    NEVER = "never", _("Never")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


# Bounds of every numeric setting. The background jobs compute dates and amounts from them, so a value no
# freelancer would choose (9 999 999 999 days) must be refused here, not crash a sweep for everybody.
# A rate per hour, in any of the offered currencies: far above any freelancer's, and low enough that a rate
# times the largest estimate a request holds (99 999.99 h) still fits a price's 12 digits.
MAX_HOURLY_RATE = Decimal(10_000)
# A day has 24 hours; a billed day of under half an hour would make daily rates meaningless.
MIN_HOURS_PER_DAY, MAX_HOURS_PER_DAY = Decimal("0.5"), Decimal(24)
# At least an hour (the public form already mails each new request at once), at most 30 days: a request
# left untriaged for a month needs no reminder any more, it needs an answer.
MIN_UNTRIAGED_HOURS, MAX_UNTRIAGED_HOURS = 1, 720
# At least a day, at most a year: a client silent for over a year is no longer ghosting a negotiation.
MIN_GHOSTING_DAYS, MAX_GHOSTING_DAYS = 1, 365


def _rate_field(verbose_name, default):
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURLY_RATE)],
    )


def _hours_field(verbose_name, default):
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS_PER_DAY)],
    )


class Profile(models.Model):
    """How one freelancer works: rates, working week, language, signature, secret links."""

    WEEKDAY_FIELDS = (
        "monday_hours",
        "tuesday_hours",
        "wednesday_hours",
        "thursday_hours",
        "friday_hours",
        "saturday_hours",
        "sunday_hours",
    )

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FRENCH)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone])
    currency = models.CharField(_("currency"), max_length=3, default="EUR", validators=[validate_currency])
    minimum_hourly_rate = _rate_field(_("minimum hourly rate"), "50")
    target_hourly_rate = _rate_field(_("target hourly rate"), "70")
    hours_per_day = models.DecimalField(
        _("hours in a billed day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("7"),
        validators=[MinValueValidator(MIN_HOURS_PER_DAY), MaxValueValidator(MAX_HOURS_PER_DAY)],
        help_text=_("Used to compare a daily rate with your hourly rates."),
    )
    monday_hours = _hours_field(_("Monday"), "7")
    tuesday_hours = _hours_field(_("Tuesday"), "7")
    wednesday_hours = _hours_field(_("Wednesday"), "7")
    thursday_hours = _hours_field(_("Thursday"), "7")
    friday_hours = _hours_field(_("Friday"), "7")
    saturday_hours = _hours_field(_("Saturday"), "0")
    sunday_hours = _hours_field(_("Sunday"), "0")
    signature = models.TextField(
        _("signature"), blank=True, help_text=_("Ends your replies; in English too, unless you write an English one.")
    )
    signature_en = models.TextField(
        _("signature in English"), blank=True, help_text=_("Ends your replies in English. Empty: the signature above.")
    )
    vat_mode = models.CharField(
        _("VAT in my prices"),
        max_length=8,
        choices=VatMode.choices,
        default=VatMode.EXCLUDED,
        help_text=_("Every amount in your replies says it: HT, TTC or the VAT exemption."),
    )
    untriaged_reminder_hours = models.PositiveIntegerField(
        _("remind me of an untriaged request after (hours)"),
        default=24,
        validators=[MinValueValidator(MIN_UNTRIAGED_HOURS), MaxValueValidator(MAX_UNTRIAGED_HOURS)],
        help_text=_("From 1 hour to 720 hours (30 days)."),
    )
    ghosting_reminder_days = models.PositiveIntegerField(
        _("remind me of an unanswered negotiation after (days)"),
        default=7,
        validators=[MinValueValidator(MIN_GHOSTING_DAYS), MaxValueValidator(MAX_GHOSTING_DAYS)],
        help_text=_("From 1 day to 365 days."),
    )
    digest_frequency = models.CharField(
        _("digest email"), max_length=6, choices=DigestFrequency.choices, default=DigestFrequency.NEVER
    )
    intake_token = models.CharField(max_length=64, unique=True, default=new_secret_token, editable=False)
    intake_enabled = models.BooleanField(_("public intake form enabled"), default=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_secret_token, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_hourly_rate__gte=models.F("minimum_hourly_rate")),
                name="profile_target_rate_not_below_minimum",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def signature_for(self, language: str) -> str:
        """The signature that ends a reply in this language: the English one falls back to the French."""
        if language == Language.ENGLISH and self.signature_en.strip():
            return self.signature_en
        return self.signature

    def weekly_hours(self) -> tuple[Decimal, ...]:
        """Hours available Monday..Sunday, in ISO weekday order."""
        return tuple(getattr(self, name) for name in self.WEEKDAY_FIELDS)
