"""The facts of one request, read in a fixed number of queries; no rule is applied here.

Every read takes owner= and reads only that owner's rows; triage/rules.py then weighs the facts
without touching the database, and the page, the drafts and the decision all use its result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.cache import fragment_valid_until
from accounts.selectors import profile_get
from clients.matching import client_find_matches
from clients.models import BlacklistAction, RedFlagKind, RedFlagStatus, Severity
from clients.risk import FlagFact, assess_risk
from clients.selectors import blacklist_event_list, red_flag_list
from projects import capacity
from projects.models import Decision, IncomingRequest, Invoice, Project, Skill, State
from projects.selectors import capacity_calendar_for
from referrals.selectors import colleague_suggestions

from .rules import ActiveFlag, Facts, Policy, Recommendation, recommend

# Flags that end a relationship on their own when severe.
DEAL_BREAKERS = {RedFlagKind.DISRESPECT, RedFlagKind.UNPAID_VANISHED, RedFlagKind.TREATS_AS_EMPLOYEE}
SEARCH_DAYS = 366  # how far ahead "free again" is looked for


def policy_for(profile) -> Policy:
    return Policy(
        minimum_rate=profile.minimum_hourly_rate,
        target_rate=profile.target_hourly_rate,
        hours_per_day=profile.hours_per_day,
    )


@dataclass
class ClientHistory:
    requests_by_state: dict[str, int] = field(default_factory=dict)
    projects: int = 0
    declined_before: int = 0

    @property
    def requests(self) -> int:
        return sum(self.requests_by_state.values())


@dataclass
class TriageFacts:
    """Everything the triage page shows, and the recommendation drawn from it."""

    incoming: IncomingRequest
    profile: object
    facts: Facts
    policy: Policy
    recommendation: Recommendation
    history: ClientHistory
    red_flags: list
    risk: object
    matches: object
    skills: list[Skill]
    colleagues: list  # referrals.reciprocity.ColleagueSuggestion, best first
    decisions: list[Decision]
    free_hours: Decimal | None
    fit: capacity.Fit | None
    ghosting_proposed: bool = False  # a negotiation unanswered past the owner's delay, not yet flagged
    match_rows: list = field(default_factory=list)  # (ClientMatch, why it was blacklisted or "")


def _ghosting_proposed(*, incoming: IncomingRequest, profile, red_flags) -> bool:
    if incoming.state != State.NEGOTIATING or incoming.decided_at is None:
        return False
    if incoming.client_answered:  # an answer read from the mailbox since the offer: not ghosting
        return False
    if any(f.kind == RedFlagKind.GHOSTING and f.incoming_id == incoming.pk for f in red_flags):
        return False
    waited = timezone.now() - incoming.decided_at
    if waited.days >= profile.ghosting_reminder_days:  # compared in days, not timedelta: any number is safe
        return True
    fragment_valid_until(incoming.decided_at + timedelta(days=waited.days + 1))  # a cached page says it then
    return False


def _history(*, owner, incoming: IncomingRequest) -> ClientHistory:
    counts = (
        IncomingRequest.objects.owned_by(owner)
        .filter(client_id=incoming.client_id)
        .exclude(pk=incoming.pk)
        .values("state")
        .annotate(n=Count("id"))
    )
    by_state = {row["state"]: row["n"] for row in counts}
    projects = Project.objects.owned_by(owner).filter(client_id=incoming.client_id).count()
    return ClientHistory(requests_by_state=by_state, projects=projects, declined_before=by_state.get(State.DECLINED, 0))


def _is_repeat(*, owner, incoming: IncomingRequest) -> bool:
    """The same request (same title or same text) was already declined or ignored for this client."""
    same_sender = Q(client_id=incoming.client_id)
    if incoming.client.email:
        same_sender |= Q(client__email__iexact=incoming.client.email)
    same_request = Q(title__iexact=incoming.title.strip())
    if incoming.description.strip():
        same_request |= Q(description=incoming.description)
    return (
        IncomingRequest.objects.owned_by(owner)
        .filter(same_sender, same_request, state__in=[State.DECLINED, State.IGNORED])
        .exclude(pk=incoming.pk)
        .exists()
    )


def _match_rows(*, owner, matches) -> list[tuple]:
    """Each look-alike with the reason it was blacklisted (its latest blacklisting), to show beside its link."""
    blacklisted = [m.client.pk for m in matches.matches if m.client.is_blacklisted]
    reasons = {}
    if blacklisted:
        events = blacklist_event_list(owner=owner).filter(client_id__in=blacklisted, action=BlacklistAction.ADDED)
        for client_id, reason in events.order_by("happened_at", "id").values_list("client_id", "reason"):
            reasons[client_id] = reason  # the latest wins
    return [(match, reasons.get(match.client.pk, "")) for match in matches.matches]


def _late_payments(*, owner, client_id: int, today: date) -> int:
    """This client's invoices paid after their due date, or still unpaid past it."""
    return (
        Invoice.objects.owned_by(owner)
        .filter(project__client_id=client_id)
        .filter(Q(paid_on__gt=F("due_on")) | Q(paid_on__isnull=True, due_on__lt=today))
        .count()
    )


def triage_facts_get(*, owner, incoming: IncomingRequest, today: date | None = None) -> TriageFacts:
    today = today or timezone.localdate()
    profile = profile_get(owner=owner)
    client = incoming.client
    skills = list(incoming.skills.all())
    offered = dict(Skill.objects.owned_by(owner).filter(offered=True).values_list("pk", "name"))
    outside = ()
    if offered:  # who lists no skill is never told a request is outside them
        # The skills a prospect typed on the public form are text until the owner edits the request.
        known = {name.casefold() for name in offered.values()} | {s.name.casefold() for s in skills}
        typed = [name.strip() for name in incoming.skills_requested.split(",") if name.strip()]
        outside = tuple(s.name for s in skills if s.pk not in offered)
        outside += tuple(dict.fromkeys(name for name in typed if name.casefold() not in known))
    red_flags = list(
        red_flag_list(owner=owner)
        .filter(client_id=client.pk)
        .exclude(status__in=[RedFlagStatus.DISMISSED, RedFlagStatus.WITHDRAWN])
    )
    active = [f for f in red_flags if f.status == RedFlagStatus.ACTIVE]
    risk = assess_risk([FlagFact(f.get_kind_display(), f.severity, f.occurred_on) for f in active], today)
    matches = client_find_matches(
        owner=owner,
        name=client.name,
        company=client.company,
        email=client.email,
        phone=client.phone,
        company_number=client.company_number,
        exclude_client_id=client.pk,
    )
    start = max(incoming.desired_start or today, today)
    colleagues = colleague_suggestions(
        owner=owner, skill_ids=[s.pk for s in skills], language=client.language, start=start, end=incoming.deadline
    )
    free = fit = None
    if incoming.estimated_hours:
        horizon = start + timedelta(days=SEARCH_DAYS)
        calendar = capacity_calendar_for(owner=owner, start=start, end=max(horizon, incoming.deadline or horizon))
        if incoming.deadline and incoming.deadline >= start:
            free = capacity.free_hours(calendar, start, incoming.deadline)
        elif incoming.deadline:
            free = Decimal(0)
        fit = capacity.find_fit(calendar, incoming.estimated_hours, start, horizon)

    facts = Facts(
        today=today,
        currency=incoming.currency,
        estimate_hours=incoming.estimated_hours,
        budget_kind=incoming.budget_kind,
        budget_amount=incoming.budget_amount,
        hours_per_day=profile.hours_per_day,
        desired_start=start,
        deadline=incoming.deadline,
        free_hours=free,
        fit=fit,
        client_blacklisted=client.is_blacklisted,
        blacklisted_matches=tuple(str(c) for c in matches.blacklisted),
        flags=tuple(
            ActiveFlag(
                kind=f.kind,
                label=str(f.get_kind_display()),
                severity=f.severity,
                occurred_on=f.occurred_on,
                deal_breaker=f.severity == Severity.SEVERE and f.kind in DEAL_BREAKERS,
            )
            for f in active
        ),
        risk_level=risk.level,
        late_payments_before=_late_payments(owner=owner, client_id=client.pk, today=today),
        referred_by=incoming.source_colleague.name if incoming.source_colleague else "",
        skills=tuple(s.name for s in skills),
        skills_outside=outside,
        colleagues=tuple(colleagues),
        marked_spam=incoming.marked_spam,
        repeat_of_declined=_is_repeat(owner=owner, incoming=incoming),
    )
    policy = policy_for(profile)
    decisions = list(Decision.objects.owned_by(owner).filter(incoming=incoming).order_by("decided_at", "id"))
    return TriageFacts(
        incoming=incoming,
        profile=profile,
        facts=facts,
        policy=policy,
        recommendation=recommend(facts, policy),
        history=_history(owner=owner, incoming=incoming),
        red_flags=red_flags,
        risk=risk,
        matches=matches,
        skills=skills,
        colleagues=colleagues,
        decisions=decisions,
        free_hours=free,
        fit=fit,
        ghosting_proposed=_ghosting_proposed(incoming=incoming, profile=profile, red_flags=red_flags),
        match_rows=_match_rows(owner=owner, matches=matches),
    )
