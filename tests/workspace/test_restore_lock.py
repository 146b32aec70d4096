"""During a 100,000-row restore, another user's pages keep answering in under a second (issue #17, finding 3).

Before, one restore held SQLite's write lock for 30 s: every other page, which saves its session, waited
20 s and failed. Here, as in production, the restore runs in a Celery worker of its own (a process, on the
configured broker and the test database); the upload goes through the live server, and another user
browses meanwhile (GET pages, each saving its session, and a POST), every answer timed. The figures asked
for are printed: rows per second, the longest transaction the restore held, the other user's p95.
This is the slowest test of the suite (about a minute); every other restore test is fast.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client as DjangoClient
from django.test.client import encode_multipart
from django.urls import reverse

from benchmarks.server import database_url_of
from config.celery import app as celery_app
from tests.factories import ClientFactory, IncomingRequestFactory, ProjectFactory, UserFactory
from workspace.backup import backup_export
from workspace.models import RestoreJob, RestoreStatus

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 100_000
ROOT = Path(__file__).resolve().parents[2]
PAGES = ["dashboard", "clients:client_list", "projects:incoming_list", "projects:project_list", "reminder_list"]


class Browser:
    """A logged-in browser over real HTTP: keeps its cookies, times every answer."""

    def __init__(self, base_url: str, session_key: str):
        parsed = urlparse(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}
        self.timings: list[tuple[str, float, int, float]] = []  # (request, seconds, status, started at)

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": self.host}
        if body:
            headers.update({"Content-Type": content_type, "Referer": f"http://{self.host}:{self.port}{path}"})
        started = time.perf_counter()
        http = HTTPConnection(self.host, self.port, timeout=60)
        try:
            http.request(method, path, body=body or None, headers=headers)
            response = http.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            http.close()
        self.timings.append((f"{method} {path}", time.perf_counter() - started, response.status, started))
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response.status, text

    def csrf_token(self, path: str) -> str:
        _, html = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def session_of(user) -> str:
    client = DjangoClient()  # one per user: logging another user in on the same client ends the first session
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def big_document(owner) -> bytes:
    """The owner's (empty) backup with 100,000 clients, each with a name and an email: about 7 MB."""
    document = backup_export(owner=owner)
    document["data"]["clients.client"] = [
        {"id": n, "name": f"Client {n}", "email": f"client{n}@example.com"} for n in range(1, ROWS + 1)
    ]
    return json.dumps(document).encode()


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "TACT_VAR_DIR": str(settings.VAR_DIR),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def browse(browser: Browser, stop: threading.Event) -> None:
    """The other user's session: every page in turn, and a POST (mark all reminders read) each round."""
    while not stop.is_set():
        for name in PAGES:
            assert browser.request("GET", reverse(name))[0] == 200
        token = browser.csrf_token(reverse("reminder_list"))
        body = urlencode({"csrfmiddlewaretoken": token}).encode()
        status, _ = browser.request("POST", reverse("reminder_read_all"), body, "application/x-www-form-urlencoded")
        assert status == 302


def p95(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20)[-1]


def test_another_user_keeps_browsing_during_a_100000_row_restore_held_in_short_locks(live_server, capsys):
    owner, other = UserFactory(username="restorer"), UserFactory(username="neighbour")
    for n in range(30):
        incoming = IncomingRequestFactory(client=ClientFactory(owner=other, name=f"Neighbour client {n}"))
        ProjectFactory(client=incoming.client, incoming=incoming)
    raw = big_document(owner)
    uploader = Browser(live_server.url, session_of(owner))
    neighbour = Browser(live_server.url, session_of(other))
    celery_app.control.purge()  # what earlier tests queued is not this test's business

    worker = start_worker()
    stop = threading.Event()
    browsing = threading.Thread(target=_browse_safely, args=(neighbour, stop), daemon=True)
    try:
        browse_before = Browser(live_server.url, neighbour.cookies[settings.SESSION_COOKIE_NAME])
        for name in PAGES * 6:  # the first round warms the templates up; the baseline is the rest
            browse_before.request("GET", reverse(name))
        del browse_before.timings[: len(PAGES)]
        boundary = uuid.uuid4().hex
        token = uploader.csrf_token(reverse("backup_restore"))
        upload = _NamedBytes(raw, "backup.json")
        body = encode_multipart(boundary, {"csrfmiddlewaretoken": token, "backup": upload})
        uploaded_at = time.perf_counter()
        multipart = f"multipart/form-data; boundary={boundary}"
        status, _ = uploader.request("POST", reverse("backup_restore"), body, multipart)
        assert status == 302
        upload_seconds = time.perf_counter() - uploaded_at
        # The neighbour starts now: the upload is another web worker's work in production (another process);
        # here it would share this process's interpreter lock with the neighbour's pages.
        browsing.start()
        job, writing_from, writing_to = _wait_for_the_end(owner, worker)
        restore_seconds = (job.finished_at - job.created_at).total_seconds()
    finally:
        stop.set()
        browsing.join(timeout=30)
        worker.terminate()
        worker.wait(timeout=30)

    before = [seconds for _, seconds, _, _ in browse_before.timings]
    during = [seconds for _, seconds, _, _ in neighbour.timings]
    while_writing = [seconds for _, seconds, _, started in neighbour.timings if writing_from <= started <= writing_to]
    report = (
        f"restore of {ROWS:,} rows ({len(raw) / 1e6:.1f} MB): upload answered in {upload_seconds:.1f} s, "
        f"job {restore_seconds:.1f} s = {ROWS / restore_seconds:,.0f} rows/s, "
        f"longest transaction held {job.longest_lock_ms} ms; the other user's pages: {len(during)} answers, "
        f"p95 {p95(during) * 1000:.0f} ms, max {max(during) * 1000:.0f} ms; {len(while_writing)} of them while it "
        f"wrote: p95 {p95(while_writing) * 1000:.0f} ms (before the restore: p95 {p95(before) * 1000:.0f} ms)"
    )
    with capsys.disabled():
        print("\n" + report)
    assert getattr(neighbour, "failure", None) is None, neighbour.failure
    assert job.status == RestoreStatus.DONE, job.errors
    assert job.written_rows == ROWS
    assert len(while_writing) > 20, report
    # Never the whole restore (tens of seconds in one lock); the bound leaves room for a loaded CI machine,
    # the lock itself is held under a second (next line).
    assert max(during) < 5.0, sorted(neighbour.timings, key=lambda timing: -timing[1])[:5]
    assert job.longest_lock_ms < 1000, report


class _NamedBytes:
    """A file for encode_multipart: bytes with a name."""

    def __init__(self, data: bytes, name: str):
        self.data, self.name = data, name

    def read(self) -> bytes:
        return self.data


def _browse_safely(browser: Browser, stop: threading.Event) -> None:
    try:
        browse(browser, stop)
    except Exception as error:  # reported by the test's own thread
        browser.failure = repr(error)
        stop.set()


def _wait_for_the_end(owner, worker: subprocess.Popen, seconds: float = 300) -> tuple[RestoreJob, float, float]:
    """The job once ended, and when it was first and last seen writing (perf_counter times)."""
    deadline = time.monotonic() + seconds
    writing_from = writing_to = None
    while time.monotonic() < deadline:
        job = RestoreJob.objects.filter(owner=owner).first()
        if job and job.status == RestoreStatus.WRITING:
            writing_from = writing_from or time.perf_counter()
            writing_to = time.perf_counter()
        if job and not job.active:
            return job, writing_from or 0.0, writing_to or 0.0
        if worker.poll() is not None:
            pytest.fail("the Celery worker stopped: " + worker.stderr.read().decode()[-2000:])
        time.sleep(0.5)
    pytest.fail(f"the restore did not end within {seconds} s")
