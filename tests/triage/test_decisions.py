"""Decisions are guarded transitions with one audit row; what each decision does besides."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.models import BlacklistEvent, RedFlag, RedFlagKind
from projects.models import NEXT_STATES, Booking, BudgetKind, Decision, DecisionReason, IncomingRequest, Project, State
from projects.services.incoming import DecisionConflict
from referrals.models import Direction, Referral
from tests.factories import ClientFactory, ColleagueFactory, IncomingRequestFactory, UserFactory
from triage.decisions import REASONS_FOR, default_reason
from triage.services import incoming_request_decide

pytestmark = pytest.mark.django_db

ALLOWED = [(src, to) for src, targets in NEXT_STATES.items() for to in sorted(targets)]
FORBIDDEN = [(src, to) for src in State for to in State if to not in NEXT_STATES.get(src, set())]


def decide(owner, incoming, to, **kwargs):
    kwargs.setdefault("reason", default_reason(to) if to in REASONS_FOR else DecisionReason.FITS)
    kwargs.setdefault("reply", "Hello, thank you.")
    if to == State.REFERRED:
        kwargs.setdefault("colleague", ColleagueFactory(owner=owner))
    return incoming_request_decide(owner=owner, incoming=incoming, to=to, **kwargs)


@pytest.mark.parametrize("src, to", ALLOWED, ids=[f"{s}->{t}" for s, t in ALLOWED])
def test_every_allowed_transition_moves_once_and_writes_its_audit_row(owner, src, to):
    incoming = IncomingRequestFactory(client__owner=owner, state=src)
    decision = decide(owner, incoming, to, reply="The reply I sent.")
    incoming.refresh_from_db()
    assert incoming.state == to
    assert incoming.decided_at is not None
    assert list(Decision.objects.filter(incoming=incoming).values_list("from_state", "to_state", "reply")) == [
        (src, to, "The reply I sent.")
    ]
    assert decision.reason == default_reason(to)


@pytest.mark.parametrize("src, to", FORBIDDEN, ids=[f"{s}->{t}" for s, t in FORBIDDEN])
def test_every_forbidden_transition_changes_nothing(owner, src, to):
    incoming = IncomingRequestFactory(client__owner=owner, state=src)
    with pytest.raises(DecisionConflict) as raised:
        decide(owner, incoming, to)
    incoming.refresh_from_db()
    assert incoming.state == src
    assert raised.value.current == src
    assert not Decision.objects.filter(incoming=incoming).exists()


def test_the_same_decision_submitted_twice_is_applied_once(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    first_tab = IncomingRequest.objects.get(pk=incoming.pk)
    second_tab = IncomingRequest.objects.get(pk=incoming.pk)
    decide(owner, first_tab, State.ACCEPTED)
    with pytest.raises(DecisionConflict) as raised:
        decide(owner, second_tab, State.ACCEPTED)
    assert raised.value.current == State.ACCEPTED
    assert Decision.objects.filter(incoming=incoming).count() == 1
    assert Project.objects.filter(incoming=incoming).count() == 1


def test_a_conflicting_decision_from_another_tab_changes_nothing(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    stale = IncomingRequest.objects.get(pk=incoming.pk)
    decide(owner, incoming, State.ACCEPTED)
    with pytest.raises(DecisionConflict):
        decide(owner, stale, State.DECLINED, reason=DecisionReason.NO_TIME, blacklist=True, note="No.")
    incoming.refresh_from_db()
    incoming.client.refresh_from_db()
    assert incoming.state == State.ACCEPTED
    assert not incoming.client.is_blacklisted
    assert Decision.objects.filter(incoming=incoming).count() == 1


def test_accepting_creates_the_project_and_books_its_hours_over_the_requested_dates(owner):
    incoming = IncomingRequestFactory(client__owner=owner, estimated_hours=Decimal(30), budget_amount=Decimal(2400))
    decide(owner, incoming, State.ACCEPTED)
    project = Project.objects.get(incoming=incoming)
    assert (project.start, project.end, project.hours, project.price) == (
        incoming.desired_start,
        incoming.deadline,
        Decimal(30),
        Decimal(2400),
    )
    booking = Booking.objects.get(project=project)
    assert (booking.start, booking.end, booking.hours, booking.tentative) == (
        incoming.desired_start,
        incoming.deadline,
        Decimal(30),
        False,
    )


def test_accepting_without_dates_books_where_the_work_fits(owner):
    incoming = IncomingRequestFactory(
        client__owner=owner, estimated_hours=Decimal(14), desired_start=None, deadline=None
    )
    decide(owner, incoming, State.ACCEPTED)
    booking = Booking.objects.get(project__incoming=incoming)
    assert booking.start >= timezone.localdate()
    assert booking.hours == Decimal(14)
    assert (booking.end - booking.start).days < 7  # two working days of 7 h, weekends included at most


def test_an_hourly_offer_is_priced_for_the_whole_estimate(owner):
    incoming = IncomingRequestFactory(
        client__owner=owner, budget_kind=BudgetKind.HOURLY, budget_amount=Decimal(60), estimated_hours=Decimal(10)
    )
    decide(owner, incoming, State.ACCEPTED)
    assert Project.objects.get(incoming=incoming).price == Decimal(600)


def test_negotiating_records_the_counter_offer_and_may_hold_the_hours_tentatively(owner):
    incoming = IncomingRequestFactory(client__owner=owner, estimated_hours=Decimal(20))
    later = incoming.desired_start + timedelta(days=14)
    decision = decide(
        owner,
        incoming,
        State.NEGOTIATING,
        reason=DecisionReason.RATE_BELOW_MINIMUM,
        counter_offer=Decimal(1400),
        proposed_start=later,
        hold=True,
    )
    assert (decision.counter_offer, decision.proposed_start) == (Decimal(1400), later)
    hold = Booking.objects.get(incoming=incoming)
    assert hold.tentative and hold.start == later and hold.hours == Decimal(20)
    assert (hold.end - hold.start) == (incoming.deadline - incoming.desired_start)


def test_accepting_after_a_negotiation_removes_the_hold_and_keeps_the_agreed_price(owner):
    incoming = IncomingRequestFactory(client__owner=owner, estimated_hours=Decimal(20))
    decide(
        owner,
        incoming,
        State.NEGOTIATING,
        reason=DecisionReason.RATE_BELOW_MINIMUM,
        counter_offer=Decimal(1400),
        hold=True,
    )
    decide(owner, incoming, State.ACCEPTED)
    assert not Booking.objects.filter(incoming=incoming).exists()
    project = Project.objects.get(incoming=incoming)
    assert project.price == Decimal(1400)
    assert Booking.objects.filter(project=project, tentative=False).count() == 1


@pytest.mark.parametrize("to", [State.REFERRED, State.DECLINED])
def test_leaving_a_negotiation_any_other_way_also_removes_the_hold(owner, to):
    incoming = IncomingRequestFactory(client__owner=owner, estimated_hours=Decimal(20))
    decide(owner, incoming, State.NEGOTIATING, reason=DecisionReason.NO_TIME, hold=True)
    decide(owner, incoming, to, reason=DecisionReason.NO_TIME)
    assert not Booking.objects.filter(incoming=incoming).exists()


def test_referring_records_the_referral_given_to_the_colleague(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    colleague = ColleagueFactory(owner=owner)
    decide(owner, incoming, State.REFERRED, reason=DecisionReason.OUTSIDE_SKILLS, colleague=colleague)
    referral = Referral.objects.get(incoming=incoming)
    assert (referral.colleague, referral.direction, referral.client) == (colleague, Direction.GIVEN, incoming.client)


def test_referring_needs_a_colleague_of_mine(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    with pytest.raises(ValidationError):
        incoming_request_decide(
            owner=owner, incoming=incoming, to=State.REFERRED, reason=DecisionReason.NO_TIME, reply="", colleague=None
        )
    with pytest.raises(ValidationError):
        decide(owner, incoming, State.REFERRED, colleague=ColleagueFactory(owner=UserFactory(username="someone")))
    incoming.refresh_from_db()
    assert incoming.state == State.NEW
    assert not Decision.objects.exists()


def test_declining_can_add_a_red_flag_and_blacklist_in_the_same_step(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    decide(
        owner,
        incoming,
        State.DECLINED,
        reason=DecisionReason.RED_FLAG_CLIENT,
        red_flag_kind=RedFlagKind.DISRESPECT,
        blacklist=True,
        note="Insulting messages.",
    )
    incoming.client.refresh_from_db()
    assert incoming.client.is_blacklisted
    assert BlacklistEvent.objects.get(client=incoming.client).reason == "Insulting messages."
    flag = RedFlag.objects.get(client=incoming.client)
    assert (flag.kind, flag.incoming) == (RedFlagKind.DISRESPECT, incoming)


def test_a_decline_for_lack_of_time_can_keep_the_request_warm(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    decide(owner, incoming, State.DECLINED, reason=DecisionReason.NO_TIME, keep_warm=True)
    incoming.refresh_from_db()
    assert incoming.keep_warm


def test_ignoring_spam_archives_it_and_marks_it(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    decide(owner, incoming, State.IGNORED, reason=DecisionReason.SPAM_OR_REPEAT, reply="")
    incoming.refresh_from_db()
    assert (incoming.state, incoming.marked_spam) == (State.IGNORED, True)


def test_blacklisting_is_only_for_a_decline(owner):
    incoming = IncomingRequestFactory(client__owner=owner)
    with pytest.raises(ValidationError):
        decide(owner, incoming, State.ACCEPTED, blacklist=True)
    assert IncomingRequest.objects.get(pk=incoming.pk).state == State.NEW


def test_another_owner_cannot_decide_my_request(owner, other_user):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    with pytest.raises(ValidationError):
        decide(other_user, incoming, State.DECLINED)
    assert IncomingRequest.objects.get(pk=incoming.pk).state == State.NEW


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_decisions_apply_only_one(owner):
    """Two requests at the same instant (two tabs, two workers): the conditional update lets one through."""
    import threading

    from django.db import connection

    incoming = IncomingRequestFactory(client__owner=owner)
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(to):
        try:
            stale = IncomingRequest.objects.get(pk=incoming.pk)
            barrier.wait()
            decide(owner, stale, to)
            outcomes.append("applied")
        except DecisionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(to,)) for to in (State.ACCEPTED, State.DECLINED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "conflict"]
    assert Decision.objects.filter(incoming=incoming).count() == 1


def test_the_plain_select_writes_the_same_html_as_django_select():
    import re

    from django import forms

    from accounts.widgets import PlainSelect

    choices = [("", "---"), (1, "Ada & <Bea>"), (2, "Cy"), ("Group", [(3, "Dan"), (4, "Eve")]), (2, "Cy again")]
    attrs = {"id": "id_x", "class": "form-select", "aria-invalid": "true", "required": True, "disabled": False}
    for value in (None, "", 2, 3, "unknown"):
        django_html = forms.Select(choices=choices).render("x", value, attrs=attrs)
        assert PlainSelect(choices=choices).render("x", value, attrs=attrs) == re.sub(r"\s*\n\s*", "", django_html)


@pytest.mark.parametrize(
    "to, reason",
    [
        (State.DECLINED, DecisionReason.FITS),
        (State.ACCEPTED, DecisionReason.NO_TIME),
        (State.NEGOTIATING, DecisionReason.OUTSIDE_SKILLS),
    ],
)
def test_a_reason_that_does_not_fit_the_decision_is_refused_and_nothing_changes(owner, to, reason):
    incoming = IncomingRequestFactory(client__owner=owner)
    with pytest.raises(ValidationError) as raised:
        decide(owner, incoming, to, reason=reason)
    assert "reason" in raised.value.message_dict
    incoming.refresh_from_db()
    assert incoming.state == State.NEW and not Decision.objects.filter(incoming=incoming).exists()


@pytest.mark.parametrize(
    "to, field, value",
    [
        (State.ACCEPTED, "counter_offer", Decimal(100)),
        (State.DECLINED, "hold", True),
        (State.NEGOTIATING, "keep_warm", True),
        (State.ACCEPTED, "red_flag_kind", "spam"),
    ],
)
def test_a_field_of_another_decision_is_refused_with_its_reason(owner, to, field, value):
    incoming = IncomingRequestFactory(client__owner=owner)
    with pytest.raises(ValidationError) as raised:
        decide(owner, incoming, to, **{field: value})
    assert field in raised.value.message_dict
    assert not Decision.objects.filter(incoming=incoming).exists()
