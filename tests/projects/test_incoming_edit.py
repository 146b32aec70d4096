"""Correcting a request while it is being triaged: what may change, who may change it, and when it no longer can."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone

from accounts.services import profile_language_set
from projects.models import BudgetKind, IncomingRequest, State
from projects.services.incoming import incoming_request_update
from tests.factories import ClientFactory, IncomingRequestFactory, SkillFactory

pytestmark = pytest.mark.django_db


def edit_url(incoming):
    return reverse("projects:incoming_edit", args=[incoming.pk])


def detail_url(incoming):
    return reverse("projects:incoming_detail", args=[incoming.pk])


@pytest.fixture
def english(owner_client):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return owner_client


@pytest.fixture
def incoming(owner):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner, language="fr"), title="Boutique en ligne")
    incoming.skills.set([SkillFactory(owner=owner, name="WordPress"), SkillFactory(owner=owner, name="SEO")])
    return incoming


def form_data(**changes):
    start = timezone.localdate() + timedelta(days=14)
    data = {
        "title": "Online shop, phase 1",
        "description": "Catalogue and payment only.",
        "client_language": "en",
        "skills": "Django, seo",
        "estimated_hours": "32.5",
        "budget_kind": BudgetKind.HOURLY,
        "budget_amount": "85",
        "desired_start": start.isoformat(),
        "deadline": (start + timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


def snapshot(incoming):
    """Everything an edit could change: the row, its skills, its client's language."""
    incoming = IncomingRequest.objects.select_related("client").get(pk=incoming.pk)
    row = {field.attname: getattr(incoming, field.attname) for field in IncomingRequest._meta.concrete_fields}
    return row, sorted(incoming.skills.values_list("name", flat=True)), incoming.client.language


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Editing an open request ----------------------------------------------------------------------------


def test_the_form_shows_the_request_as_it_is(english, incoming):
    response = english.get(edit_url(incoming))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Boutique en ligne"
    assert form["client_language"].value() == "fr"
    assert form["skills"].value() == "SEO, WordPress"
    assert form["estimated_hours"].value() == incoming.estimated_hours
    assert 'data-editable="yes"' in response.content.decode()


def test_every_field_is_edited_and_stored(english, incoming):
    data = form_data()
    response = english.post(edit_url(incoming), data, follow=True)
    assert response.redirect_chain == [(detail_url(incoming), 302)]
    assert "Request updated." in messages_of(response)
    incoming.refresh_from_db()
    assert (incoming.title, incoming.description) == ("Online shop, phase 1", "Catalogue and payment only.")
    assert (incoming.estimated_hours, incoming.budget_kind, incoming.budget_amount) == (
        Decimal("32.5"),
        BudgetKind.HOURLY,
        Decimal(85),
    )
    assert (incoming.desired_start, incoming.deadline) == (
        date.fromisoformat(data["desired_start"]),
        date.fromisoformat(data["deadline"]),
    )
    # the skills are replaced; a name already known is reused whatever its case
    assert sorted(incoming.skills.values_list("name", flat=True)) == ["Django", "SEO"]
    incoming.client.refresh_from_db()
    assert incoming.client.language == "en"


def test_optional_fields_can_be_emptied(english, incoming):
    data = form_data(description="", skills="", estimated_hours="", budget_amount="", desired_start="", deadline="")
    assert english.post(edit_url(incoming), data).status_code == 302
    incoming.refresh_from_db()
    assert incoming.description == "" and not incoming.skills.exists()
    assert (incoming.estimated_hours, incoming.budget_amount, incoming.desired_start, incoming.deadline) == (
        None,
        None,
        None,
        None,
    )


def test_a_request_in_negotiation_is_still_editable(english, owner):
    incoming = IncomingRequestFactory(client__owner=owner, state=State.NEGOTIATING)
    assert english.post(edit_url(incoming), form_data(title="Smaller scope")).status_code == 302
    incoming.refresh_from_db()
    assert (incoming.title, incoming.state) == ("Smaller scope", State.NEGOTIATING)


def test_the_page_speaks_french(owner_client, owner, incoming):
    profile_language_set(owner=owner, language="fr")  # the pages speak the profile's language
    body = owner_client.get(edit_url(incoming)).content.decode()
    assert "Langue du client" in body and "Enregistrer" in body


# --- Invalid input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"skills": "x" * 501}, "skills"),
        ({"skills": "y" * 61}, "skills"),
        ({"estimated_hours": "-1"}, "estimated_hours"),
        ({"estimated_hours": "123456789"}, "estimated_hours"),
        ({"budget_amount": "-5"}, "budget_amount"),
        ({"budget_kind": "barter"}, "budget_kind"),
        ({"client_language": "de"}, "client_language"),
        ({"desired_start": "2030-03-10", "deadline": "2030-03-01"}, "deadline"),
        ({"deadline": "9999-12-31"}, "deadline"),
        ({"desired_start": "not a date"}, "desired_start"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_invalid_input_saves_nothing_and_says_why(english, incoming, changes, field):
    before = snapshot(incoming)
    response = english.post(edit_url(incoming), form_data(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert 'class="invalid-feedback' in response.content.decode()
    assert snapshot(incoming) == before


def test_a_deadline_before_the_start_is_explained(english, incoming):
    response = english.post(edit_url(incoming), form_data(desired_start="2030-03-10", deadline="2030-03-01"))
    assert "The deadline cannot be before the desired start." in response.content.decode()


# --- A decided request is history ------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.ACCEPTED, State.REFERRED, State.DECLINED, State.IGNORED])
def test_a_decided_request_cannot_be_edited(english, owner, state):
    incoming = IncomingRequestFactory(client__owner=owner, state=state, title="Decided")
    page = english.get(edit_url(incoming))
    assert page.status_code == 200 and page.context["form"] is None
    body = page.content.decode()
    assert 'data-editable="no"' in body and "it can no longer be edited" in body
    assert 'name="title"' not in body
    before = snapshot(incoming)
    response = english.post(edit_url(incoming), form_data(), follow=True)
    assert response.redirect_chain == [(detail_url(incoming), 302)]
    assert "This request is decided: it can no longer be edited." in messages_of(response)
    assert snapshot(incoming) == before


def test_the_service_refuses_a_decided_request(owner, incoming):
    IncomingRequest.objects.filter(pk=incoming.pk).update(state=State.DECLINED)
    incoming.refresh_from_db()
    before = snapshot(incoming)
    with pytest.raises(ValidationError):
        incoming_request_update(owner=owner, incoming=incoming, skill_names=["Django"], client_language="en", title="X")
    assert snapshot(incoming) == before


def test_a_decision_taken_meanwhile_in_another_tab_wins(owner, incoming):
    """The user opened the form while the request was new; it was accepted before they saved."""
    IncomingRequest.objects.filter(pk=incoming.pk).update(state=State.ACCEPTED)
    before = snapshot(incoming)
    assert incoming.state == State.NEW  # the copy the edit works on is stale
    with pytest.raises(ValidationError):
        incoming_request_update(owner=owner, incoming=incoming, skill_names=["Django"], client_language="en", title="X")
    assert snapshot(incoming) == before


def test_the_service_edits_only_a_request_s_own_fields(owner, incoming):
    before = snapshot(incoming)
    with pytest.raises(TypeError):
        incoming_request_update(
            owner=owner, incoming=incoming, skill_names=[], client_language="fr", state=State.ACCEPTED
        )
    assert snapshot(incoming) == before


# --- Scoping and CSRF -----------------------------------------------------------------------------------


def test_another_user_gets_404_and_changes_nothing(other_client, incoming):
    before = snapshot(incoming)
    assert other_client.get(edit_url(incoming)).status_code == 404
    response = other_client.post(edit_url(incoming), form_data())
    assert response.status_code == 404
    assert b"Boutique" not in response.content
    assert snapshot(incoming) == before


def test_the_service_refuses_another_owner_s_request(other_user, incoming):
    before = snapshot(incoming)
    with pytest.raises(ValidationError):
        incoming_request_update(owner=other_user, incoming=incoming, skill_names=[], client_language="en", title="X")
    assert snapshot(incoming) == before


def test_a_post_without_the_csrf_token_is_refused(owner, incoming):
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(owner)
    before = snapshot(incoming)
    assert browser.post(edit_url(incoming), form_data()).status_code == 403
    assert snapshot(incoming) == before


def test_only_get_and_post_are_answered(english, incoming):
    assert english.put(edit_url(incoming)).status_code == 405
    assert english.delete(edit_url(incoming)).status_code == 405


# --- Queries --------------------------------------------------------------------------------------------


def test_the_form_s_queries_do_not_grow_with_the_skills(owner, english, django_assert_max_num_queries):
    incoming = IncomingRequestFactory(client__owner=owner)
    incoming.skills.add(SkillFactory(owner=owner))
    with django_assert_max_num_queries(20) as one:
        assert english.get(edit_url(incoming)).status_code == 200
    incoming.skills.add(*SkillFactory.create_batch(30, owner=owner))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = english.get(edit_url(incoming))
    assert len(response.context["form"]["skills"].value().split(", ")) == 31


# --- The recommendation follows the edit ----------------------------------------------------------------


def test_the_recommendation_follows_the_edit(owner, english):
    incoming = IncomingRequestFactory(
        client__owner=owner, estimated_hours=Decimal(10), budget_kind=BudgetKind.FIXED, budget_amount=Decimal(10)
    )
    assert 'data-recommendation="negotiating"' in english.get(detail_url(incoming)).content.decode()

    data = form_data(
        title=incoming.title,
        description=incoming.description,
        client_language="fr",
        skills="",
        estimated_hours="10",
        budget_kind=BudgetKind.HOURLY,
        budget_amount="200",
        desired_start=incoming.desired_start.isoformat(),
        deadline=incoming.deadline.isoformat(),
    )
    response = english.post(edit_url(incoming), data, follow=True)
    assert response.redirect_chain == [(detail_url(incoming), 302)]
    assert 'data-recommendation="accepted"' in response.content.decode()
