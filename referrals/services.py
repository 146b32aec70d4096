"""Writes of colleagues and referrals: one function per business action, atomic, keyword-only."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ensure_owned
from accounts.selectors import profile_get
from clients.models import Client
from clients.selectors import client_find_by_email
from clients.services import client_create
from projects.models import Channel, IncomingRequest, Skill
from projects.services.incoming import incoming_request_create
from projects.services.skills import skill_get_or_create_many

from .models import Colleague, Direction, Outcome, Referral

COLLEAGUE_FIELDS = frozenset(
    {"name", "email", "phone", "website", "speaks_french", "speaks_english", "notes", "trusted", "busy_until"}
)
RESUBMIT_WINDOW = timedelta(minutes=10)
TITLE_LENGTH = IncomingRequest._meta.get_field("title").max_length


class ColleagueInUse(Exception):
    """A colleague with referrals is part of the history: it cannot be deleted."""


def _colleague_fields(fields: dict) -> dict:
    unknown = set(fields) - COLLEAGUE_FIELDS
    if unknown:
        raise TypeError(f"Unknown colleague fields: {', '.join(sorted(unknown))}")
    return fields


@transaction.atomic
def colleague_create(
    *, owner, skills: Iterable[Skill] = (), new_skill_names: Iterable[str] = (), **fields
) -> Colleague:
    skills = list(skills)
    ensure_owned(owner, *skills)
    colleague = Colleague.objects.create(owner=owner, **_colleague_fields(fields))
    colleague.skills.set([*skills, *skill_get_or_create_many(owner=owner, names=new_skill_names)])
    return colleague


@transaction.atomic
def colleague_update(
    *, colleague: Colleague, skills: Iterable[Skill] = (), new_skill_names: Iterable[str] = (), **fields
) -> Colleague:
    skills = list(skills)
    ensure_owned(colleague.owner, *skills)
    for name, value in _colleague_fields(fields).items():
        setattr(colleague, name, value)
    colleague.save()
    colleague.skills.set([*skills, *skill_get_or_create_many(owner=colleague.owner, names=new_skill_names)])
    return colleague


@transaction.atomic
def colleague_delete(*, colleague: Colleague) -> None:
    try:
        colleague.delete()
    except ProtectedError as error:
        raise ColleagueInUse(_("%(name)s has referrals in your history.") % {"name": colleague.name}) from error


def _default_currency(owner) -> str:
    return profile_get(owner=owner).currency


@transaction.atomic
def referral_give(
    *,
    owner,
    colleague: Colleague,
    incoming: IncomingRequest | None = None,
    client: Client | None = None,
    description: str = "",
    value: Decimal | None = None,
) -> Referral:
    """Record that I passed a client or a request to a colleague (the refer step of triage calls this)."""
    return referral_record(
        owner=owner,
        colleague=colleague,
        direction=Direction.GIVEN,
        referred_on=timezone.localdate(),
        client=client,
        incoming=incoming,
        description=description or (incoming.title if incoming else ""),
        value=value,
    )


def _client_for_referral(*, owner, name: str, email: str, company: str) -> Client:
    """The client the colleague sent: the one I already know by this email, or a new one."""
    known = client_find_by_email(owner=owner, email=email)
    if known is not None:
        return known
    return client_create(
        owner=owner, name=name, email=email, company=company, language=profile_get(owner=owner).language
    )


@transaction.atomic
def referral_receive(
    *, owner, colleague: Colleague, client_name: str, client_email: str = "", client_company: str = "", need: str
) -> Referral:
    """A colleague sent me someone: the client, a new request ready for triage, and the referral, at once."""
    ensure_owned(owner, colleague)
    resubmitted = (
        Referral.objects.owned_by(owner)
        .filter(
            colleague=colleague,
            direction=Direction.RECEIVED,
            description=need,
            created_at__gte=timezone.now() - RESUBMIT_WINDOW,
            **({"client__email__iexact": client_email} if client_email else {"client__name": client_name}),
        )
        .first()
    )
    if resubmitted is not None:  # a double click, or the form sent again: the first one stands
        return resubmitted
    client = _client_for_referral(owner=owner, name=client_name, email=client_email, company=client_company)
    first_line = next((line.strip() for line in need.splitlines() if line.strip()), "") or client_name
    title = first_line if len(first_line) <= TITLE_LENGTH else first_line[: TITLE_LENGTH - 1] + "…"
    incoming = incoming_request_create(
        owner=owner,
        client=client,
        title=title,
        description=need,
        channel=Channel.REFERRAL,
        source_colleague=colleague,
    )
    return Referral.objects.create(
        owner=owner,
        colleague=colleague,
        direction=Direction.RECEIVED,
        referred_on=timezone.localdate(),
        client=client,
        incoming=incoming,
        description=need,
        outcome=Outcome.PENDING,
        currency=incoming.currency,
    )


@transaction.atomic
def referral_record(
    *,
    owner,
    colleague: Colleague,
    direction: str,
    referred_on: date,
    client: Client | None = None,
    incoming: IncomingRequest | None = None,
    description: str = "",
    outcome: str = Outcome.PENDING,
    value: Decimal | None = None,
) -> Referral:
    """Record a past referral, either way, as it happened (no request is created)."""
    ensure_owned(owner, colleague, client, incoming)
    if client is None and incoming is not None:
        client = incoming.client
    return Referral.objects.create(
        owner=owner,
        colleague=colleague,
        direction=direction,
        referred_on=referred_on,
        client=client,
        incoming=incoming,
        description=description,
        outcome=outcome,
        value=value,
        currency=incoming.currency if incoming else _default_currency(owner),
    )


@transaction.atomic
def referral_update(
    *,
    referral: Referral,
    referred_on: date,
    outcome: str,
    value: Decimal | None,
    description: str,
    client: Client | None = None,
    incoming: IncomingRequest | None = None,
) -> Referral:
    ensure_owned(referral.owner, client, incoming)
    referral.referred_on = referred_on
    referral.outcome = outcome
    referral.value = value
    referral.description = description
    referral.client = client if client is not None or incoming is None else incoming.client
    referral.incoming = incoming
    referral.save()
    return referral


@transaction.atomic
def referral_delete(*, referral: Referral) -> None:
    """A referral recorded by mistake; the client and request it points to stay."""
    referral.delete()


@transaction.atomic
def referral_thank(*, referral: Referral, on: date | None = None) -> Referral:
    """Note that I thanked the colleague for a referral received; the first date noted is kept."""
    if not referral.is_received:
        raise ValueError("Only a referral received can be thanked for.")
    if referral.thanked_on is None:
        referral.thanked_on = on or timezone.localdate()
        referral.save(update_fields=["thanked_on", "updated_at"])
    return referral
