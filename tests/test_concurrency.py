"""Two of the same action at the same instant: the data stays as if they had come one after the other."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from clients.models import Client
from clients.services import client_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CSV = "name,email,company\n" + "".join(f"Client {n},client{n}@example.org,Company {n}\n" for n in range(20))


def run_together(action, times=2):
    start = Barrier(times)

    def attempt(_):
        start.wait()
        try:
            return action()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(attempt, range(times)))


def test_two_imports_of_the_same_file_at_once_create_each_client_once():
    owner = UserFactory()
    results = run_together(lambda: client_import(owner=owner, text=CSV))
    assert sorted(len(created) for created, _skipped in results) == [0, 20]
    assert Client.objects.filter(owner=owner).count() == 20
    assert Client.objects.filter(owner=owner).values("email").distinct().count() == 20
