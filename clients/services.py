"""Writes on clients, red flags and the blacklist: one function per business action."""

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile, ensure_owned

from .csv_io import ImportRow, clean_values
from .keys import company_number_clean
from .models import BlacklistAction, BlacklistEvent, Client, RedFlag, RedFlagStatus, Severity, Tag
from .risk import assess_risk
from .selectors import client_import_preview, flag_facts

logger = logging.getLogger(__name__)

CLIENT_FIELDS = frozenset(
    {"name", "company", "email", "phone", "website", "company_number", "language", "address_form", "greeting", "notes"}
)


class BlacklistConflict(Exception):
    """The client is already (or no longer) blacklisted: someone got there first."""


class RedFlagConflict(Exception):
    """The flag is not in a state that allows this action."""


def tags_from_names(*, owner, names: Iterable[str]) -> list[Tag]:
    """The owner's tags with these names, created when new."""
    tags = []
    for name in dict.fromkeys(n.strip()[:50] for n in names if n and n.strip()):
        tag, _created = Tag.objects.get_or_create(owner=owner, name=name)
        tags.append(tag)
    return tags


def _apply_fields(client: Client, fields: dict) -> object:
    tags = fields.pop("tags", None)
    unknown = set(fields) - CLIENT_FIELDS
    if unknown:
        raise TypeError(f"Unknown client fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(client, name, value if value is not None else "")
    client.company_number = company_number_clean(client.company_number)
    client.email = (client.email or "").strip()
    return tags


def _set_tags(client: Client, tags) -> None:
    if tags is None:
        return
    tags = list(tags)
    names = [t for t in tags if isinstance(t, str)]
    objects = [t for t in tags if not isinstance(t, str)]
    ensure_owned(client.owner, *objects)
    client.tags.set(objects + tags_from_names(owner=client.owner, names=names))


@transaction.atomic
def client_create(*, owner, **fields) -> Client:
    """Create a client; `tags` may hold Tag rows or names (new names become tags)."""
    client = Client(owner=owner)
    tags = _apply_fields(client, dict(fields))
    client.full_clean(exclude=["owner"])
    client.save()
    _set_tags(client, tags)
    return client


@transaction.atomic
def client_update(*, client: Client, **fields) -> Client:
    tags = _apply_fields(client, dict(fields))
    client.full_clean(exclude=["owner"])
    client.save()
    _set_tags(client, tags)
    return client


@transaction.atomic
def client_archive(*, client: Client) -> Client:
    """Hide a client from lists; their requests, projects, flags and history stay."""
    if client.archived_at is None:
        client.archived_at = timezone.now()
        client.save(update_fields=["archived_at", "updated_at"])
    return client


@transaction.atomic
def client_unarchive(*, client: Client) -> Client:
    if client.archived_at is not None:
        client.archived_at = None
        client.save(update_fields=["archived_at", "updated_at"])
    return client


def _check_links(client: Client, incoming, project, invoice) -> None:
    if incoming is not None and incoming.client_id != client.pk:
        raise ValidationError({"incoming": _("This request is not from this client.")})
    if project is not None and project.client_id != client.pk:
        raise ValidationError({"project": _("This project is not for this client.")})
    if invoice is not None and invoice.project.client_id != client.pk:
        raise ValidationError({"invoice": _("This invoice is not for this client.")})


@transaction.atomic
def red_flag_add(
    *,
    owner,
    client: Client,
    kind: str,
    severity: int,
    occurred_on: date | None = None,
    note: str = "",
    incoming=None,
    project=None,
    invoice=None,
    status: str = RedFlagStatus.ACTIVE,
) -> RedFlag:
    """Put a warning sign on a client's record; `status=proposed` waits for the user's confirmation."""
    ensure_owned(owner, client, incoming, project, invoice)
    _check_links(client, incoming, project, invoice)
    flag = RedFlag(
        owner=owner,
        client=client,
        kind=kind,
        severity=severity,
        occurred_on=occurred_on or timezone.localdate(),
        note=note,
        incoming=incoming,
        project=project,
        invoice=invoice,
        status=status,
    )
    flag.full_clean(exclude=["owner", "client", "incoming", "project", "invoice"])
    flag.save()
    client_refresh_risk(client=client)
    return flag


@dataclass(frozen=True)
class FlagProposal:
    """A red flag a sweep suggests; the user confirms or dismisses it on the client's page."""

    owner_id: int
    client_id: int
    kind: str
    severity: str
    occurred_on: date
    invoice_id: int | None = None


def red_flags_propose(proposals: Iterable[FlagProposal]) -> int:
    """Record proposed flags in one statement; a proposal the database already holds is ignored, not doubled."""
    rows = [RedFlag(status=RedFlagStatus.PROPOSED, **asdict(proposal)) for proposal in proposals]
    RedFlag.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def red_flag_update(
    *, red_flag: RedFlag, kind: str, severity: int, occurred_on: date, note: str = "", incoming=None, project=None
) -> RedFlag:
    if red_flag.status == RedFlagStatus.WITHDRAWN:
        raise RedFlagConflict(_("A withdrawn flag is kept as it was."))
    ensure_owned(red_flag.owner, incoming, project)
    _check_links(red_flag.client, incoming, project, None)
    red_flag.kind, red_flag.severity, red_flag.occurred_on, red_flag.note = kind, severity, occurred_on, note
    red_flag.incoming, red_flag.project = incoming, project
    red_flag.full_clean(exclude=["owner", "client", "incoming", "project", "invoice"])
    red_flag.save()
    client_refresh_risk(client=red_flag.client)
    return red_flag


def _move_flag(red_flag: RedFlag, *, allowed_from: set, to: str, **changes) -> RedFlag:
    moved = RedFlag.objects.filter(pk=red_flag.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **changes
    )
    if not moved:
        raise RedFlagConflict(_("This flag has already changed; reload the page."))
    red_flag.refresh_from_db()
    client_refresh_risk(client=red_flag.client)
    return red_flag


@transaction.atomic
def red_flag_withdraw(*, red_flag: RedFlag, reason: str = "") -> RedFlag:
    """Take a flag back without erasing it: it stays in the history, it no longer counts."""
    return _move_flag(
        red_flag,
        allowed_from={RedFlagStatus.ACTIVE, RedFlagStatus.PROPOSED},
        to=RedFlagStatus.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawal_reason=reason.strip(),
    )


@transaction.atomic
def red_flag_confirm(*, red_flag: RedFlag) -> RedFlag:
    """Confirm a flag proposed automatically (e.g. an invoice paid late)."""
    return _move_flag(red_flag, allowed_from={RedFlagStatus.PROPOSED}, to=RedFlagStatus.ACTIVE)


@transaction.atomic
def red_flag_dismiss(*, red_flag: RedFlag) -> RedFlag:
    """Refuse a proposed flag; it is not proposed again (one per invoice and kind)."""
    return _move_flag(red_flag, allowed_from={RedFlagStatus.PROPOSED}, to=RedFlagStatus.DISMISSED)


def _blacklist_move(*, owner, client: Client, reason: str, to: bool, action: str) -> BlacklistEvent:
    ensure_owned(owner, client)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: you will want it when you read this again.")})
    moved = Client.objects.filter(pk=client.pk, owner=owner, is_blacklisted=not to).update(
        is_blacklisted=to, updated_at=timezone.now()
    )
    if not moved:
        raise BlacklistConflict(
            _("This client is already blacklisted.") if to else _("This client is not blacklisted.")
        )
    client.is_blacklisted = to
    event = BlacklistEvent.objects.create(owner=owner, client=client, action=action, reason=reason)
    client_refresh_risk(client=client)
    return event


@transaction.atomic
def client_blacklist(
    *, owner, client: Client, reason: str, kind: str = "", severity: int = Severity.SEVERE
) -> BlacklistEvent:
    """Their next request will be declined at once; the reason and date are kept for good.

    `kind` records the incident as a red flag of that kind too (the reason is its note), so the blacklist
    filtered by kind finds the client. Triage, which adds its own flag with the decision, gives none.
    """
    event = _blacklist_move(owner=owner, client=client, reason=reason, to=True, action=BlacklistAction.ADDED)
    if kind:
        red_flag_add(owner=owner, client=client, kind=kind, severity=severity, note=event.reason)
    return event


@transaction.atomic
def client_blacklist_lift(*, owner, client: Client, reason: str) -> BlacklistEvent:
    """Give a client another chance; the blacklisting stays in their history."""
    return _blacklist_move(owner=owner, client=client, reason=reason, to=False, action=BlacklistAction.LIFTED)


def client_refresh_risk(*, client: Client, today: date | None = None) -> str:
    """Recompute the cached risk level of one client from their active flags and their blacklisting."""
    flags = RedFlag.objects.filter(client=client, status=RedFlagStatus.ACTIVE)
    level = assess_risk(flag_facts(flags), today or timezone.localdate(), blacklisted=client.is_blacklisted).level
    if level != client.risk_level:
        Client.objects.filter(pk=client.pk).update(risk_level=level)
        client.risk_level = level
    return level


def risk_levels_refresh(*, owner=None, today: date | None = None) -> int:
    """Recompute every cached risk level (flags age, so levels fall with time); returns how many changed.

    Without an owner, every owner's clients, each owner on their own: one whose rows break the rule is logged
    and skipped, the others are refreshed. Only a database that does not answer stops it.
    """
    today = today or timezone.localdate()
    if owner is not None:
        return _risk_levels_refresh_of(owner.pk, today)
    changed = 0
    for owner_id in list(Client.objects.order_by().values_list("owner_id", flat=True).distinct()):
        try:
            changed += _risk_levels_refresh_of(owner_id, today)
        except (InterfaceError, OperationalError):
            raise
        except Exception:
            logger.exception("risk levels: skipped user %s, whose data it cannot process", owner_id)
    return changed


def _risk_levels_refresh_of(owner_id: int, today: date) -> int:
    flags_by_client: dict[int, list[RedFlag]] = {}
    active = RedFlag.objects.filter(owner_id=owner_id, status=RedFlagStatus.ACTIVE)
    for flag in active.only("client_id", "kind", "severity", "occurred_on", "status").iterator():
        flags_by_client.setdefault(flag.client_id, []).append(flag)
    changed = []
    for client in Client.objects.filter(owner_id=owner_id).only("pk", "risk_level", "is_blacklisted").iterator():
        level = assess_risk(
            flag_facts(flags_by_client.get(client.pk, [])), today, blacklisted=client.is_blacklisted
        ).level
        if level != client.risk_level:
            client.risk_level = level
            changed.append(client)
    with transaction.atomic():
        Client.objects.bulk_update(changed, ["risk_level"], batch_size=500)
    return len(changed)


@transaction.atomic
def client_import(*, owner, text: str) -> tuple[list[Client], list[ImportRow]]:
    """Create the valid, new clients of a CSV file, all or none; rows with errors or duplicates are skipped.

    The file is checked again here: a client added since the preview is not imported twice. Imports of
    one owner run one at a time (a lock on their profile row; SQLite's immediate transactions already
    queue writers), so two confirmations at once cannot both create the same clients.
    """
    list(Profile.objects.select_for_update().filter(user=owner).values_list("pk", flat=True))
    rows = client_import_preview(owner=owner, text=text)
    created = [client_create(owner=owner, tags=row.tags, **clean_values(row.values)) for row in rows if row.importable]
    return created, [row for row in rows if not row.importable]


def client_delete_if_unused(*, owner, client_id: int) -> bool:
    """Delete a contact that nothing refers to any more (no request, project, red flag, blacklisting, referral...).

    Every relation pointing to a client is asked, whichever app declares it, so one added later is respected too;
    a request or a project added meanwhile is protected by the database, and the contact is then kept.
    """
    client = Client.objects.owned_by(owner).filter(pk=client_id).first()
    if client is None:
        return False
    for relation in Client._meta.related_objects:
        if relation.related_model._base_manager.filter(**{relation.field.name: client}).exists():
            return False
    try:
        with transaction.atomic():
            client.delete()
    except ProtectedError:
        return False
    return True
