"""No stale figure after a write (issue #20): CI's quick benchmark fails when a page still shows the old data.

For each page whose figures are cached or worth caching, in-process and logged in: read the page twice (the
second read may come from a cache), make one write through the owning app's service that changes a figure the
page shows, read the page again, then clear every cache and read it once more. The page must have changed
(the new figure is shown) and must be what a fresh render gives (no fragment still holds the old one). CSRF
tokens and CSP nonces, which change on every render, are left out of the comparison.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from clients.models import Client, RedFlagKind, RiskLevel, Severity
from clients.services import client_blacklist, client_create, red_flag_add
from projects.models import IncomingRequest, State
from projects.services.incoming import incoming_request_create
from projects.services.projects import project_create
from referrals.models import Colleague, Direction
from referrals.services import referral_record

# A masked CSRF token (64 letters and digits), wherever the layout puts it, and a CSP nonce.
VOLATILE = re.compile(r'[A-Za-z0-9]{64}|(?<=nonce=")[^"]*')
MARK = "Freshness"


@dataclass
class Check:
    page: str
    figure: str  # what the write changes on the page, in words
    url: str
    write: Callable[[], object]


def normalised(body: bytes) -> str:
    return VOLATILE.sub("", body.decode())


def caches_clear() -> None:
    for cache in caches.all():
        cache.clear()


def ids_linked(html: str, name: str, keyword: str) -> list[int]:
    """The ids of the objects a page links to by this URL name, in the page's order."""
    pattern = re.escape(reverse(name, kwargs={keyword: 987654321})).replace("987654321", r"(\d+)")
    return list(dict.fromkeys(int(found) for found in re.findall(f'href="{pattern}"', html)))


def _low_risk(owner, *, among=None, besides=()) -> Client | None:
    """A client whose risk a severe flag raises: low risk, not blacklisted, not archived."""
    clients = Client.objects.owned_by(owner).filter(
        risk_level=RiskLevel.LOW, is_blacklisted=False, archived_at__isnull=True
    )
    if among is not None:
        clients = clients.filter(pk__in=among)
    return clients.exclude(pk__in=[c.pk for c in besides if c is not None]).order_by("pk").first()


def _severe_flag(owner, client):
    return lambda: red_flag_add(
        owner=owner, client=client, kind=RedFlagKind.DISRESPECT, severity=Severity.SEVERE, note=f"{MARK} check"
    )


def _referral(owner, colleague):
    return lambda: referral_record(
        owner=owner,
        colleague=colleague,
        direction=Direction.GIVEN,
        referred_on=timezone.localdate(),
        description=f"{MARK} referral",
        value=Decimal("1234"),
    )


def _new_request(owner, name: str):
    return lambda: incoming_request_create(
        owner=owner,
        new_client={"name": name, "email": f"{name.lower().replace(' ', '.')}@example.org"},
        title=f"{MARK} request",
        description="",
        received_at=timezone.now(),
    )


def checks_for(owner, read: Callable[[str], str], today: date) -> list[Check]:
    """The checks, each on objects of `owner` chosen so that the write shows on the page as first served."""
    checks = []
    listed = _low_risk(
        owner, among=ids_linked(read(reverse("clients:client_list")), "clients:client_detail", "client_id")
    )
    if listed is not None:
        checks.append(
            Check("client list", "a client's risk badge", reverse("clients:client_list"), _severe_flag(owner, listed))
        )
    client = _low_risk(owner, besides=[listed])
    checks.append(
        Check("client page", "the client's risk (a severe red flag)", _client_url(client), _severe_flag(owner, client))
    )
    incoming = (
        IncomingRequest.objects.owned_by(owner)
        .filter(state=State.NEW, client__risk_level=RiskLevel.LOW, client__is_blacklisted=False)
        .exclude(client__in=[c for c in (client, listed) if c is not None])
        .order_by("pk")
        .first()
    )
    if incoming is not None:
        checks.append(
            Check(
                "triage",
                "the client's risk in the facts and the recommendation",
                reverse("projects:incoming_detail", kwargs={"incoming_id": incoming.pk}),
                _severe_flag(owner, incoming.client),
            )
        )
    calendar_client = Client.objects.owned_by(owner).filter(is_blacklisted=False).order_by("pk").first()
    checks.append(
        Check(
            "calendar",
            "this week's booked hours (a 13 h project from today)",
            reverse("projects:calendar"),
            lambda: project_create(
                owner=owner,
                client=calendar_client,
                title=f"{MARK} project",
                start=today,
                end=today + timedelta(days=4),
                hours=Decimal(13),
            ),
        )
    )
    colleague = Colleague.objects.owned_by(owner).order_by("pk").first()
    checks.append(
        Check("network", "the balance of referrals given", reverse("referrals:network"), _referral(owner, colleague))
    )
    on_list = ids_linked(read(reverse("referrals:colleague_list")), "referrals:colleague_detail", "colleague_id")
    if on_list:
        checks.append(
            Check(
                "colleague list",
                "the referrals given to a listed colleague",
                reverse("referrals:colleague_list"),
                _referral(owner, Colleague.objects.owned_by(owner).get(pk=on_list[0])),
            )
        )
    checks.append(
        Check(
            "colleague page",
            "the referrals given to this colleague",
            reverse("referrals:colleague_detail", kwargs={"colleague_id": colleague.pk}),
            _referral(owner, colleague),
        )
    )
    checks.append(
        Check("dashboard", "the requests waiting", reverse("dashboard"), _new_request(owner, f"{MARK} Dashboard"))
    )
    checks.append(
        Check(
            "requests",
            "the new request in the list",
            reverse("projects:incoming_list"),
            _new_request(owner, f"{MARK} Inbox"),
        )
    )
    blacklisted = _low_risk(owner, besides=[listed, client])
    checks.append(
        Check(
            "blacklist",
            "the newly blacklisted client",
            reverse("clients:blacklist"),
            lambda: client_blacklist(owner=owner, client=blacklisted, reason=f"{MARK} blacklisting"),
        )
    )
    checks.append(
        Check(
            "search",
            "a new client found by name",
            reverse("search") + "?" + urlencode({"q": "Zyxwvut"}),
            lambda: client_create(owner=owner, name="Zyxwvut Freshness", email="zyxwvut@example.org"),
        )
    )
    return checks


def _client_url(client) -> str:
    return reverse("clients:client_detail", kwargs={"client_id": client.pk})


def freshness_check(browser, owner) -> tuple[list[str], list[str]]:
    """Run every check on `owner`'s data (it writes: use a user whose pages are not measured after).

    Returns (lines of the report, problems)."""

    def read(url: str) -> str:
        response = browser.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return normalised(response.content)

    lines = [
        "",
        "## Fresh after a write",
        "",
        "Each page read twice, one write through the service, read again, then read once more after clearing "
        "every cache: the page must show the change, and exactly what a fresh render shows.",
        "",
        "| page | the write changes | changed | same as a fresh render |",
        "|---|---|---|---|",
    ]
    problems = []
    for check in checks_for(owner, read, timezone.localdate()):
        caches_clear()
        first, before = read(check.url), read(check.url)
        check.write()
        after = read(check.url)
        caches_clear()
        fresh = read(check.url)
        changed, same = after != before, after == fresh
        lines.append(f"| {check.page} | {check.figure} | {'yes' if changed else 'NO'} | {'yes' if same else 'NO'} |")
        if first != before:
            problems.append(f"stale data: {check.page} ({check.url}) differs between two reads without a write")
        if not changed:
            problems.append(f"stale data: {check.page} ({check.url}) did not change after a write ({check.figure})")
        elif not same:
            diff = "\n".join(list(difflib.unified_diff(fresh.splitlines(), after.splitlines(), lineterm="", n=0))[2:12])
            problems.append(
                f"stale data: {check.page} ({check.url}) after a write ({check.figure}) differs from a fresh "
                f"render:\n{diff}"
            )
    return lines, problems
