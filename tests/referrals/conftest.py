"""Fixtures shared by the referral tests: one colleague of the owner's, and one referral from them."""

import pytest

from referrals.models import Direction, Outcome
from tests.factories import ColleagueFactory, ReferralFactory


@pytest.fixture
def colleague(owner):
    return ColleagueFactory(owner=owner, name="Ada Lovelace", email="ada@example.net")


@pytest.fixture
def referral(colleague):
    return ReferralFactory(colleague=colleague, direction=Direction.RECEIVED, outcome=Outcome.WON)
