"""The README's two commands stay clean: `make test` leaves the committed files alone and says what it needs,
`make run` takes another port."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"


def make(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- Screenshots: only `make screenshots` writes docs/screenshots/ ---------------------------------------------


def test_make_test_does_not_take_the_readme_screenshots():
    planned = make("-n", "test").stdout
    assert "pytest" in planned
    assert "TACT_SCREENSHOTS" not in planned and "screenshots" not in planned


def test_make_screenshots_runs_the_browser_tests_that_take_them_into_docs_screenshots():
    planned = make("-n", "screenshots").stdout.splitlines()[-1]
    assert planned.startswith(f'TACT_SCREENSHOTS="{ROOT}/docs/screenshots" ')
    assert "tests/browser/test_accessibility.py" in planned


class PageStandIn:
    """Playwright's page, as far as screenshot() uses it: it writes the image where it is told."""

    def __init__(self):
        self.paths = []

    def screenshot(self, *, path, **options):
        self.paths.append(path)
        Path(path).write_bytes(b"\x89PNG")


def test_a_browser_test_run_without_the_screenshots_folder_writes_no_image(monkeypatch):
    monkeypatch.delenv("TACT_SCREENSHOTS", raising=False)
    page = PageStandIn()
    screenshot(page, "dashboard")
    assert page.paths == []


def test_make_screenshots_writes_each_image_in_the_folder_it_names(monkeypatch, tmp_path):
    monkeypatch.setenv("TACT_SCREENSHOTS", str(tmp_path / "shots"))
    screenshot(PageStandIn(), "dashboard")
    assert [p.name for p in (tmp_path / "shots").iterdir()] == ["dashboard.png"]


# --- What the tests need from Debian: installed as root, named otherwise ----------------------------------------


@pytest.mark.parametrize(
    "chromium, dovecot, command",
    [
        ("/missing/chromium", "/missing/imap", "sudo apt-get install chromium dovecot-imapd"),
        (sys.executable, "/missing/imap", "sudo apt-get install dovecot-imapd"),
        ("/missing/chromium", sys.executable, "sudo apt-get install chromium"),
    ],
)
def test_without_root_make_test_says_what_to_install_instead_of_failing_in_apt_get(chromium, dovecot, command):
    result = make("test-deps", f"CHROMIUM={chromium}", f"DOVECOT_IMAP={dovecot}", "AS_ROOT=")
    assert result.returncode != 0
    assert result.stderr.splitlines()[1].strip() == command
    assert "apt-get update" not in result.stdout + result.stderr


def test_with_everything_installed_the_dependencies_step_says_nothing():
    result = make("test-deps", f"CHROMIUM={sys.executable}", f"DOVECOT_IMAP={sys.executable}", "AS_ROOT=")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# --- `PORT=8001 make run` ------------------------------------------------------------------------------------


def test_make_run_announces_and_starts_the_port_it_is_given():
    planned = make("-n", "run", PORT="8001").stdout
    assert "http://127.0.0.1:8001" in planned
    assert "honcho start -f Procfile.dev --port 8001" in planned


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_web_process_of_make_run_listens_on_that_port(tmp_path):
    port = free_port()
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "TACT_VAR_DIR": str(tmp_path)}
    env.pop("PORT", None)
    honcho = subprocess.Popen(
        [str(BIN / "honcho"), "start", "-f", "Procfile.dev", "--port", str(port), "web"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        answer = b""
        deadline = time.monotonic() + 60
        while not answer and time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
                    connection.sendall(b"GET /accounts/login/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    answer = connection.recv(64)
            except OSError:
                time.sleep(0.5)
    finally:
        os.killpg(honcho.pid, signal.SIGTERM)
        honcho.wait(timeout=30)
    assert answer.startswith(b"HTTP/1.1 200"), answer


# --- .env.example: safe to copy for local use, and complete ---------------------------------------------------


def test_env_example_copied_as_it_is_changes_nothing():
    lines = (ROOT / ".env.example").read_text().splitlines()
    assert [line for line in lines if line.strip() and not line.startswith("#")] == []


def test_env_example_documents_every_variable_the_settings_read():
    documented = (ROOT / ".env.example").read_text()
    settings_code = "".join(path.read_text() for path in (ROOT / "config" / "settings").glob("*.py"))
    read = set(re.findall(r'[Ee]nv(?:\(\))?\.\w+\(\s*"([A-Z_]+)"', settings_code))
    assert {"SECRET_KEY", "DATABASE_URL", "TACT_VAR_DIR"} <= read
    assert sorted(name for name in read if name not in documented) == []
