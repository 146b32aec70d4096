"""The benchmark's many tenants (benchmarks/crowd.py): each copy of a template user is a whole tenant of its own,
who logs in and sees their own history, and the app writes new rows after the copies. PostgreSQL only (COPY)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from benchmarks.crowd import PASSWORD, tenants_copy
from clients.models import Client, RedFlag
from projects.models import Booking, Decision, IncomingRequest, Invoice
from referrals.models import Referral
from tests import factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the copies are streamed by COPY")
OWNED = [Client, IncomingRequest, Decision, Booking, Invoice, RedFlag, Referral]


@pytest.mark.django_db(transaction=True)
def test_copies_of_the_template_users_are_whole_tenants_of_their_own(client):
    for number in range(2):
        call_command("demo", user=f"template{number:02d}", password=PASSWORD, scale=1, seed=7000 + number, verbosity=0)
    templates = list(get_user_model().objects.filter(username__startswith="template").order_by("pk"))

    tenants_copy([user.pk for user in templates], copies=3)

    for number in range(3):
        copy, template = get_user_model().objects.get(username=f"tenant{number:05d}"), templates[number % 2]
        for model in OWNED:
            assert model.objects.filter(owner=copy).count() == model.objects.filter(owner=template).count(), model
        requests = IncomingRequest.objects.filter(owner=copy)
        assert not requests.exclude(client__owner=copy).exists()
        assert not Booking.objects.filter(owner=copy, project__isnull=False).exclude(project__owner=copy).exists()
        assert not RedFlag.objects.filter(owner=copy, incoming__isnull=False).exclude(incoming__owner=copy).exists()
        assert sorted(c.skills.count() for c in requests) == sorted(
            c.skills.count() for c in IncomingRequest.objects.filter(owner=template)
        )
        assert copy.profile.intake_token != template.profile.intake_token
    copy = get_user_model().objects.get(username="tenant00001")
    client.force_login(copy)
    response = client.get(reverse("clients:client_list"))
    names = set(Client.objects.filter(owner=templates[1]).values_list("name", flat=True))
    assert response.status_code == 200
    assert any(name in response.content.decode() for name in names)
    factories.ClientFactory(owner=copy)  # the id sequences continue after the copies
    assert Client.objects.filter(owner=copy).count() == len(names) + 1
