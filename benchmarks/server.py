"""Gunicorn with the production profile on loopback, and a tiny HTTP client that logs in like a browser.

Shared by the throughput benchmark, the mixed write load and its test. Only 127.0.0.1 is ever used; the
server is always stopped (SIGTERM, then SIGKILL) when the `with` block ends, whatever happened inside.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LOGIN_PATH = "/accounts/login/"
SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"


def database_url_of(settings_dict: dict) -> str:
    """The DATABASE_URL naming the database Django is connected to (a test database included)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or HOST
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def server_env(*, var_dir: str, database_url: str) -> dict:
    """The environment of the production profile on plain http and loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        TACT_VAR_DIR=str(var_dir),
        SECRET_KEY="benchmark-" + "k" * 50,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def collect_static(env: dict) -> None:
    """Whitenoise's manifest storage needs collectstatic before the first page renders."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def worker_rss_mib(self) -> dict[int, float]:
        """Resident memory of each worker, from /proc/<pid>/status (VmRSS)."""
        sizes = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if found:
                sizes[pid] = int(found.group(1)) / 1024
        return sizes

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, ready_timeout: float = 60):
    """Start gunicorn (sync workers) on a free loopback port; stop it on exit, always."""
    port = free_port()
    log_path = Path(env["TACT_VAR_DIR"]) / f"gunicorn-{port}.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(port=port, process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log_tail()}")
            try:
                if Browser(server.base_url).get(LOGIN_PATH).status == 200 and len(server.worker_pids()) >= workers:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {ready_timeout} s:\n{server.log_tail()}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Browser:
    """One visitor: a cookie jar and http.client, one connection per request (gunicorn's sync workers close)."""

    base_url: str
    timeout: float = 30
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        host, port = self.base_url.removeprefix("http://").split(":")
        if host != HOST:
            raise ValueError("loopback only")
        connection = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get(CSRF_COOKIE, ""), **data}
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
            for header in raw.headers.get_all("Set-Cookie") or []:
                self._remember(header)
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, content)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _remember(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel.value and morsel["max-age"] != "0":
                self.cookies[name] = morsel.value
            else:
                self.cookies.pop(name, None)

    def login(self, username: str, password: str) -> Response:
        """The login form, as a person fills it in: the page (for its CSRF cookie), then the POST."""
        self.cookies.clear()
        self.get(LOGIN_PATH)
        response = self.post(LOGIN_PATH, {"username": username, "password": password})
        if response.status != 302 or SESSION_COOKIE not in self.cookies:
            raise RuntimeError(f"login as {username!r} failed: HTTP {response.status}")
        return response


def django_on_a_fresh_database(*, prefix: str, database_url: str) -> str:
    """Set Django up (base settings, no Redis) on a throw-away database, migrated and empty: SQLite in a new
    temporary folder, or the PostgreSQL named by `database_url`. Returns the temporary folder (TACT_VAR_DIR)."""
    var_dir = tempfile.mkdtemp(prefix=prefix)
    os.environ["TACT_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.pop("REDIS_URL", None)
    if database_url:
        ensure_database(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    return var_dir


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database named by the URL when it does not exist yet (CI starts with none)."""
    from urllib.parse import urlparse

    import psycopg
    from psycopg import sql

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    maintenance = url._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_comment(name: str) -> str | None:
    """The comment of a database of the server Django is connected to (None when there is no such database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone()
    return found[0] if found else None


@contextmanager
def database_named(name: str):
    """Point Django's connection at another database of the same server for the block (then back)."""
    from django.db import connection

    previous = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous


def database_recreate(name: str) -> None:
    """Drop and create a database of the server Django is connected to, from its maintenance database."""
    import psycopg
    from django.db import connection
    from psycopg import sql

    settings = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as maintenance:
        maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
