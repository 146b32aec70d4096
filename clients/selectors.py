"""Reads of clients, red flags and blacklist history.

Every function takes owner= and returns only that owner's rows.
"""

from django.db.models import QuerySet

from accounts.models import get_owned_or_404

from .models import BlacklistEvent, Client, RedFlag, RedFlagStatus


def client_list(*, owner, include_archived: bool = False) -> QuerySet[Client]:
    clients = Client.objects.owned_by(owner)
    if not include_archived:
        clients = clients.filter(archived_at__isnull=True)
    return clients


def client_get(*, owner, client_id: int) -> Client:
    """Archived clients stay reachable by their page: their history is kept."""
    return get_owned_or_404(Client, owner=owner, pk=client_id)


def blacklisted_client_list(*, owner) -> QuerySet[Client]:
    return Client.objects.owned_by(owner).filter(is_blacklisted=True)


def red_flag_list(*, owner) -> QuerySet[RedFlag]:
    return RedFlag.objects.owned_by(owner).select_related("client")


def active_red_flag_list(*, owner) -> QuerySet[RedFlag]:
    return red_flag_list(owner=owner).filter(status=RedFlagStatus.ACTIVE)


def red_flag_get(*, owner, red_flag_id: int) -> RedFlag:
    return get_owned_or_404(red_flag_list(owner=owner), owner=owner, pk=red_flag_id)


def blacklist_event_list(*, owner) -> QuerySet[BlacklistEvent]:
    return BlacklistEvent.objects.owned_by(owner).select_related("client")
