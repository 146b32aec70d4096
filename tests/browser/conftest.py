"""Real Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; the test's own database calls are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleErrors(list):
    def attach(self, page):
        page.on(
            "console",
            lambda message: message.type == "error" and self.append(f"{message.text} ({message.location})"),
        )
        page.on("pageerror", lambda error: self.append(str(error)))


@pytest.fixture
def browser_context_factory(chromium):
    contexts = []

    def make(viewport="desktop", java_script_enabled=True, locale="fr-FR"):
        context = chromium.new_context(
            viewport=VIEWPORTS[viewport], java_script_enabled=java_script_enabled, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def console_errors():
    errors = ConsoleErrors()
    yield errors
    assert list(errors) == [], f"the browser console reported errors: {list(errors)}"


@pytest.fixture
def page(browser_context_factory, console_errors):
    page = browser_context_factory().new_page()
    console_errors.attach(page)
    return page


@pytest.fixture
def log_in(live_server):
    def do(page, username, password):
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form[action$='/login/'] button[type=submit]")
        page.wait_for_url(live_server.url + reverse("dashboard"))

    return do


def screenshot(page, name: str) -> None:
    """Key screens for the README, written only by `make screenshots`, which names the folder (docs/screenshots/)
    in TACT_SCREENSHOTS: `make test` leaves the committed images alone."""
    folder = os.environ.get("TACT_SCREENSHOTS", "")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret leaves style="" on every input, which htmx later copies onto the
    # swapped elements, and the Content-Security-Policy then reports it as an inline style.
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True, caret="initial")
