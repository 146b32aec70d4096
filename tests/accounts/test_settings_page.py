"""The settings page a person can fill: sections, the week in one row, searchable time zones, clear refusals,
the public form's link; and the first screens, logging in and out."""

import re

import pytest
from django.urls import reverse

from accounts.forms import NO_WORKING_HOURS
from accounts.models import Profile
from tests.accounts.test_settings import saved_settings, settings_data

pytestmark = pytest.mark.django_db

DAYS = [
    "monday_hours",
    "tuesday_hours",
    "wednesday_hours",
    "thursday_hours",
    "friday_hours",
    "saturday_hours",
    "sunday_hours",
]


def page(client) -> str:
    response = client.get(reverse("settings"))
    assert response.status_code == 200
    return response.content.decode()


def fieldset(html: str, legend: str) -> str:
    match = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>" + re.escape(legend) + r"</legend>(.*?)</fieldset>", html, re.S)
    assert match, f"no section {legend!r}"
    return match.group(1)


def test_the_settings_come_in_sections_with_the_working_week_as_one_row_of_seven_days(owner_client):
    html = page(owner_client)
    legends = re.findall(r'<legend class="h5">([^<]+)</legend>', html)
    assert legends == [
        "Language and region",
        "Rates",
        "Working week",
        "Signature",
        "Reminders and digest",
        "Public request form",
    ]
    week = fieldset(html, "Working week")
    rows = re.findall(r'<div class="row g-2">(.*)</div>', week, re.S)
    assert len(rows) == 1
    assert re.findall(r'name="(\w+_hours)"', rows[0]) == DAYS
    # Seven equal columns on a tablet and wider; four, then two a row on narrower screens.
    assert rows[0].count('<div class="col-6 col-sm-3 col-md">') == 7
    assert re.findall(r">\s*(\w+day)<span", week) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_the_time_zone_list_can_be_searched_and_still_works_without_javascript(owner_client):
    html = page(owner_client)
    select = re.search(r'<select name="time_zone"[^>]*>', html).group(0)
    assert 'data-filter="Find a time zone: Paris, Montreal, UTC…"' in select
    assert '<script src="/static/js/select-filter.js" defer></script>' in html
    assert owner_client.get("/static/js/select-filter.js").status_code == 200
    assert '<option value="Europe/Paris" selected>Paris</option>' in html  # the list itself needs no script
    currency = re.search(r'<select name="currency".*?</select>', html, re.S).group(0)
    assert currency.count("<option") == 5 and "<input" not in currency  # a short list, not free text


def test_the_language_setting_says_it_is_the_footer_s_too(owner_client):
    html = page(owner_client)
    assert "the switch at the foot of every page changes it too" in html


# --- Refusals: a clear message, nothing saved -------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"wednesday_hours": "25"}, "wednesday_hours", "A day has 24 hours at most."),
        ({"sunday_hours": "-1"}, "sunday_hours", "Hours cannot be negative."),
        ({"target_hourly_rate": "40", "minimum_hourly_rate": "50"}, "target_hourly_rate", "below your minimum"),
        ({"time_zone": "Europe/Atlantis"}, "time_zone", "Unknown time zone"),
        ({day: "0" for day in DAYS}, None, str(NO_WORKING_HOURS)),
    ],
    ids=["25 hours", "negative", "target below minimum", "unknown zone", "no hours at all"],
)
def test_a_refused_setting_says_why_next_to_it_and_nothing_is_saved(owner_client, owner, changes, field, message):
    before = saved_settings(owner)
    response = owner_client.post(reverse("settings"), settings_data(owner_client, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing is saved yet: correct what is marked below, then save again." in html
    assert message in html
    errors = response.context["form"].errors
    assert message in " ".join(errors[field] if field else errors["__all__"])
    assert saved_settings(owner) == before


def test_a_week_with_a_single_working_day_is_enough(owner_client, owner):
    week = {day: "0" for day in DAYS} | {"tuesday_hours": "3.5"}
    assert owner_client.post(reverse("settings"), settings_data(owner_client, **week)).status_code == 302
    assert Profile.objects.get(user=owner).weekly_hours()[1] == 3.5


# --- The public request form's link, in Settings ----------------------------------------------------------------


def test_the_settings_page_shows_my_public_form_link_with_a_copy_button(owner_client, owner, other_user):
    section = fieldset(page(owner_client), "Public request form")
    link = f"http://testserver/intake/{owner.profile.intake_token}/"
    assert f'id="intake-url" value="{link}"' in section
    assert 'data-copy-target="#intake-url"' in section
    assert other_user.profile.intake_token not in section
    assert owner_client.get(link).status_code == 200


def test_with_the_public_form_off_its_link_is_not_offered(owner_client, owner):
    Profile.objects.filter(user=owner).update(intake_enabled=False)
    section = fieldset(page(owner_client), "Public request form")
    assert owner.profile.intake_token not in section
    assert "answers “not found”" in section


def test_the_public_form_s_page_leads_back_to_its_place_in_settings(owner_client):
    html = page(owner_client)
    assert f'href="{reverse("projects:intake_settings")}"' in fieldset(html, "Public request form")
    assert 'id="public-form"' in html
    intake_page = owner_client.get(reverse("projects:intake_settings")).content.decode()
    assert f'<a href="{reverse("settings")}#public-form">Back to settings</a>' in intake_page


def test_the_settings_page_costs_the_same_queries_on_every_visit(owner_client, django_assert_max_num_queries):
    page(owner_client)
    with django_assert_max_num_queries(8):
        page(owner_client)


# --- Logging in and out -----------------------------------------------------------------------------------------


def test_the_login_page_names_the_product_and_says_what_it_is_for(client):
    html = client.get(reverse("login")).content.decode()
    assert '<p class="display-6 fw-semibold mb-1">Tact</p>' in html
    assert "Tact helps freelancers sort the requests they receive" in html
    assert "<h1" in html and html.count("<h1") == 1


def test_logging_out_says_so_on_the_page_you_land_on(owner_client):
    response = owner_client.post(reverse("logout"), follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "You are logged out." in response.content.decode()
    # Once only: the next page no longer says it.
    assert "You are logged out." not in owner_client.get(reverse("login")).content.decode()
