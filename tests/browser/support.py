"""What the journeys share: expected labels in either language, the footer's language switcher, the
navigation (behind the toggler on a phone), and the accessibility check.

Expected labels are never written in French here: they are computed from the English msgid with the
catalogue of the language under test, so the tests hold before and after the translation lands.
"""

import re
from contextlib import contextmanager

from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import VIEWPORTS

LANGUAGES = ("en", "fr")
# A browser that asks for the other language: the journey then switches with the footer, as a user would.
BROWSER_LOCALE = {"en": "fr-FR", "fr": "en-GB"}


def tr(language: str, msgid: str, **params) -> str:
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def ntr(language: str, singular: str, plural: str, n: int, **params) -> str:
    with translation.override(language):
        text = translation.ngettext(singular, plural, n)
    return text % {"n": n, **params} if "%" in text else text


def label(language: str, lazy) -> str:
    """A lazy label (a model choice, a form label) as the user reads it in `language`."""
    with translation.override(language):
        return str(lazy)


def money(language: str, amount, currency: str = "EUR") -> str:
    from accounts.formatting import money as money_filter

    with translation.override(language):
        return money_filter(amount, currency)


def exactly(text: str) -> re.Pattern:
    """A whole-text match, ignoring surrounding white space."""
    return re.compile(r"^\s*" + re.escape(text) + r"\s*$")


def switch_language(page: Page, language: str, *, javascript: bool = True) -> None:
    """Pick the language in the footer: with JavaScript the choice applies at once, without it the user
    presses the button next to it. The page comes back in that language."""
    footer = page.locator("footer")
    if javascript:
        with page.expect_navigation():
            footer.locator("select[name=language]").select_option(language)
    else:
        footer.locator("select[name=language]").select_option(language)
        footer.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def follow(page: Page, locator) -> None:
    """Click what loads a new page, and wait for that page rather than poll for its content."""
    with page.expect_navigation():
        locator.click()


@contextmanager
def swapped(page: Page, target: str = "#decide", path: str = "/prepare/"):
    """Around an action that makes htmx replace `target` (hx-swap="outerHTML"): wait for the answer from `path`
    and for the new element to be in place and settled, so that the next action works on the new form.

    The old element is marked with a JavaScript property (not an attribute: the page's HTML is left as is)."""
    page.locator(target).evaluate("element => { element.tactReplaced = true; }")
    with page.expect_response(lambda response: path in response.url):
        yield
    page.wait_for_function(
        """target => {
            const element = document.querySelector(target);
            return element !== null && !element.tactReplaced
                && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling");
        }""",
        arg=target,
    )


def is_phone(page: Page) -> bool:
    return page.viewport_size["width"] <= VIEWPORTS["phone"]["width"]


def go_to(page: Page, language: str, msgid: str) -> None:
    """Follow an entry of the main navigation; on a phone it hides behind the toggler."""
    navigation = page.get_by_role("navigation", name=tr(language, "Main navigation"))
    toggler = navigation.locator(".navbar-toggler")
    if is_phone(page):
        expect(toggler).to_be_visible()
        expect(navigation.locator("#main-nav")).to_be_hidden()
        toggler.click()
        expect(navigation.locator("#main-nav")).to_be_visible()
    else:
        expect(toggler).to_be_hidden()
    follow(page, navigation.get_by_role("link", name=tr(language, msgid), exact=True))
    expect(page.locator("h1")).to_have_count(1)


def h1(page: Page):
    return page.locator("h1")


def assert_accessible(page: Page) -> None:
    """axe-core in the page: no serious or critical violation; one h1; a main landmark."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"{page.url}\n{report}"
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one h1"
    assert page.locator("main").count() == 1, f"{page.url}: expected one main landmark"
    assert page.locator("footer").count() == 1, f"{page.url}: expected a footer (contentinfo)"
