"""Reply templates and triage settings pages."""

import pytest
from django.urls import reverse

from clients.models import Client
from projects.models import DecisionReason, Skill, State
from tests.factories import IncomingRequestFactory, ReplyTemplateFactory, SkillFactory
from triage.models import ReplyTemplate
from triage.replies import template_cases

pytestmark = pytest.mark.django_db


def edit_url(decision="declined", reason="no_time", language="en"):
    return reverse("projects:reply_template_edit") + f"?decision={decision}&reason={reason}&language={language}"


CASE = {"decision": "declined", "reason": "no_time", "language": "en"}


def test_the_list_shows_every_case_with_a_filled_preview_and_the_variables(owner_client):
    response = owner_client.get(reverse("projects:reply_template_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "{client_name}" in body and "{colleague_contact}" in body  # the list of variables
    assert "Hello Camille," in body and "Bonjour Camille," in body  # previews are filled
    assert len(response.context["rows"]) == len(template_cases()) * 2


def test_the_list_runs_a_constant_number_of_queries(owner, owner_client, django_assert_max_num_queries):
    url = reverse("projects:reply_template_list")
    with django_assert_max_num_queries(20) as before:
        owner_client.get(url)
    for decision in (State.ACCEPTED, State.DECLINED):
        for reason in DecisionReason.values:
            ReplyTemplateFactory(owner=owner, decision=decision, reason=reason)
    with django_assert_max_num_queries(len(before.captured_queries)):
        owner_client.get(url)


def test_saving_my_wording_overrides_the_default_in_triage(owner, owner_client):
    response = owner_client.post(
        edit_url(), {"subject": "About {title}", "body": "Dear {client_name}, not now. {signature}"}
    )
    assert response.status_code == 302
    incoming = IncomingRequestFactory(client__owner=owner, client__language="en", client__name="Camille")
    page = owner_client.post(
        reverse("projects:incoming_prepare", args=[incoming.pk]), {"to": "declined", "reason": "no_time"}
    )
    assert page.context["draft"].body.startswith("Dear Camille, not now.")


def test_an_unknown_variable_is_refused(owner, owner_client):
    response = owner_client.post(edit_url(), {"subject": "Re", "body": "Hello {name}"})
    assert response.status_code == 400
    assert not ReplyTemplate.objects.exists()


def test_reset_goes_back_to_the_default(owner, owner_client):
    ReplyTemplateFactory(owner=owner)
    owner_client.post(reverse("projects:reply_template_reset"), CASE)
    assert not ReplyTemplate.objects.exists()


def test_an_unknown_case_is_404(owner_client):
    assert owner_client.get(edit_url(decision="new")).status_code == 404
    assert owner_client.get(edit_url(language="de")).status_code == 404


def test_templates_are_per_user(owner, other_user, other_client):
    ReplyTemplateFactory(owner=owner, body="Mine {client_name}")
    response = other_client.get(edit_url())
    assert "Mine" not in response.content.decode()
    other_client.post(reverse("projects:reply_template_reset"), CASE)
    assert ReplyTemplate.objects.filter(owner=owner).count() == 1


def test_my_offered_skills_are_saved(owner, owner_client):
    SkillFactory(owner=owner, name="Illustration", offered=True)
    response = owner_client.post(reverse("projects:triage_settings"), {"skills": "Python, Django"})
    assert response.status_code == 302
    assert sorted(Skill.objects.filter(owner=owner, offered=True).values_list("name", flat=True)) == [
        "Django",
        "Python",
    ]
    assert owner_client.get(reverse("projects:triage_settings")).status_code == 200


def test_the_previews_use_my_signature_and_vat_for_each_language(owner, owner_client):
    profile = owner.profile
    profile.signature, profile.signature_en, profile.vat_mode = "Dominique, graphiste", "Dominique, designer", "exempt"
    profile.save()
    rows = owner_client.get(reverse("projects:reply_template_list")).context["rows"]
    french = next(r["preview"] for r in rows if r["language"] == "fr" and r["reason"] == "rate_below_minimum")
    english = next(r["preview"] for r in rows if r["language"] == "en" and r["reason"] == "rate_below_minimum")
    assert french.body.endswith("Dominique, graphiste") and "TVA non applicable" in french.body
    assert english.body.endswith("Dominique, designer") and "VAT not applicable" in english.body
    assert french.body.startswith("Bonjour Camille,") and "montant\u00a0:" in french.body  # typography


def test_the_greeting_i_set_for_a_client_is_the_one_the_draft_uses(owner, owner_client):
    data = {"name": "Camille Martin", "language": "fr", "address_form": "tu", "greeting": "Camille"}
    owner_client.post(reverse("clients:client_create"), data)
    client = Client.objects.get(owner=owner)
    assert client.greeting == "Camille"
    incoming = IncomingRequestFactory(client=client, owner=owner)
    page = owner_client.post(
        reverse("projects:incoming_prepare", args=[incoming.pk]), {"to": "declined", "reason": "no_time"}
    )
    body = page.context["draft"].body
    assert body.startswith("Bonjour Camille,\n") and "Camille Martin" not in body
