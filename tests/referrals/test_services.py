"""Writes: colleagues with typed skills, referrals given and received, thanks."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import NotYours
from clients.models import Client
from projects.models import Channel, IncomingRequest, Skill, State
from referrals.models import Colleague, Direction, Outcome, Referral
from referrals.services import (
    ColleagueInUse,
    colleague_create,
    colleague_delete,
    colleague_update,
    referral_give,
    referral_receive,
    referral_thank,
)
from tests.factories import ClientFactory, ColleagueFactory, IncomingRequestFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_typed_skills_reuse_existing_ones_whatever_the_case_and_create_the_missing(owner, other_user):
    design = SkillFactory(owner=owner, name="Design")
    SkillFactory(owner=other_user, name="SEO")
    colleague = colleague_create(
        owner=owner, name="Ada", skills=[design], new_skill_names=["design", " seo ", "Motion  design", "SEO"]
    )
    assert sorted(s.name for s in colleague.skills.all()) == ["Design", "Motion design", "seo"]
    assert Skill.objects.owned_by(owner).count() == 3
    assert Skill.objects.owned_by(other_user).count() == 1


def test_updating_a_colleague_replaces_its_skills(owner):
    colleague = colleague_create(owner=owner, name="Ada", new_skill_names=["design"])
    colleague_update(colleague=colleague, name="Ada L.", trusted=False, new_skill_names=["code"])
    colleague.refresh_from_db()
    assert (colleague.name, colleague.trusted) == ("Ada L.", False)
    assert [s.name for s in colleague.skills.all()] == ["code"]


def test_another_owners_skill_is_refused(owner, other_user):
    with pytest.raises(NotYours):
        colleague_create(owner=owner, name="Ada", skills=[SkillFactory(owner=other_user)])
    assert not Colleague.objects.exists()


def test_a_colleague_with_referrals_stays_in_history(owner):
    referral = ReferralFactory(colleague=ColleagueFactory(owner=owner))
    with pytest.raises(ColleagueInUse):
        colleague_delete(colleague=referral.colleague)
    assert Colleague.objects.filter(pk=referral.colleague_id).exists()


def test_a_colleague_without_referrals_can_be_removed(owner):
    colleague = ColleagueFactory(owner=owner)
    colleague_delete(colleague=colleague)
    assert not Colleague.objects.exists()


def test_a_referral_received_creates_the_client_and_a_new_request_for_triage(owner):
    colleague = ColleagueFactory(owner=owner)
    referral = referral_receive(
        owner=owner,
        colleague=colleague,
        client_name="Chloé Martin",
        client_email="chloe@boulangerie.fr",
        client_company="Boulangerie Martin",
        need="A logo and a menu board\nBefore the opening in June.",
    )
    incoming = referral.incoming
    assert (incoming.channel, incoming.state, incoming.source_colleague) == (Channel.REFERRAL, State.NEW, colleague)
    assert incoming.title == "A logo and a menu board"
    assert incoming.description.endswith("Before the opening in June.")
    assert (incoming.client.name, incoming.client.email, incoming.client.company) == (
        "Chloé Martin",
        "chloe@boulangerie.fr",
        "Boulangerie Martin",
    )
    assert incoming.owner == incoming.client.owner == owner
    assert (referral.direction, referral.outcome, referral.client) == (
        Direction.RECEIVED,
        Outcome.PENDING,
        incoming.client,
    )
    assert referral.referred_on == timezone.localdate()


def test_the_same_referral_received_sent_twice_is_recorded_once(owner):
    colleague = ColleagueFactory(owner=owner)
    fields = {"client_name": "Chloé", "client_email": "chloe@boulangerie.fr", "need": "A logo"}
    first = referral_receive(owner=owner, colleague=colleague, **fields)
    again = referral_receive(owner=owner, colleague=colleague, **fields)
    assert again == first
    assert IncomingRequest.objects.count() == Referral.objects.count() == Client.objects.count() == 1
    other_need = referral_receive(owner=owner, colleague=colleague, **{**fields, "need": "A menu board"})
    assert other_need != first
    assert other_need.client == first.client


def test_a_referral_received_twice_for_a_known_client_is_recorded_once(owner):
    ClientFactory(owner=owner, name="Chloé Martin", email="chloe@boulangerie.fr")
    colleague = ColleagueFactory(owner=owner)
    fields = {"client_name": "Chloé", "client_email": "chloe@boulangerie.fr", "need": "A logo"}
    assert referral_receive(owner=owner, colleague=colleague, **fields) == referral_receive(
        owner=owner, colleague=colleague, **fields
    )
    assert IncomingRequest.objects.count() == 1


def test_a_referral_received_for_a_known_email_reuses_the_client(owner, other_user):
    known = ClientFactory(owner=owner, email="chloe@boulangerie.fr")
    ClientFactory(owner=other_user, email="other@boulangerie.fr")
    referral = referral_receive(
        owner=owner,
        colleague=ColleagueFactory(owner=owner),
        client_name="Chloé",
        client_email="Chloe@Boulangerie.fr",
        need="A logo",
    )
    assert referral.client == known
    assert Client.objects.owned_by(owner).count() == 1


def test_a_referral_received_from_another_owners_colleague_creates_nothing(owner, other_user):
    with pytest.raises(NotYours):
        referral_receive(owner=owner, colleague=ColleagueFactory(owner=other_user), client_name="X", need="Y")
    assert not Client.objects.exists()
    assert not IncomingRequest.objects.exists()


def test_giving_a_request_records_a_pending_referral_with_its_client(owner):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    colleague = ColleagueFactory(owner=owner)
    referral = referral_give(owner=owner, colleague=colleague, incoming=incoming, value=Decimal("800"))
    assert (referral.direction, referral.outcome, referral.client, referral.incoming) == (
        Direction.GIVEN,
        Outcome.PENDING,
        incoming.client,
        incoming,
    )
    assert referral.description == incoming.title
    assert referral.value == Decimal("800")


def test_giving_to_another_owners_colleague_is_refused(owner, other_user):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    with pytest.raises(NotYours):
        referral_give(owner=owner, colleague=ColleagueFactory(owner=other_user), incoming=incoming)
    assert not Referral.objects.exists()


def test_a_thank_you_keeps_the_first_date(owner):
    referral = ReferralFactory(
        colleague=ColleagueFactory(owner=owner), direction=Direction.RECEIVED, outcome=Outcome.WON
    )
    assert referral.awaits_thanks
    first = timezone.localdate()
    referral_thank(referral=referral, on=first)
    referral_thank(referral=referral, on=first.replace(year=first.year + 1))
    referral.refresh_from_db()
    assert referral.thanked_on == first
    assert not referral.awaits_thanks


def test_a_referral_given_is_not_thanked_for(owner):
    referral = ReferralFactory(colleague=ColleagueFactory(owner=owner), direction=Direction.GIVEN)
    with pytest.raises(ValueError):
        referral_thank(referral=referral)
