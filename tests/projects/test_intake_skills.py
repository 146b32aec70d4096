"""Issue #17, finding 7: one public submission with 123 comma-separated skills created 122 skills in the owner's list.

The skills a prospect asks for are now text on the request, capped; the owner's skills of the same names are
attached; the owner turns the others into skills, if they want, by editing the request.
"""

from itertools import product
from string import ascii_lowercase

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.selectors import profile_get
from projects.models import SKILLS_REQUESTED_MAX, IncomingRequest, Skill
from projects.notifications import intake_notify
from tests.factories import SkillFactory
from tests.projects.test_intake import prospect

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def send(client, owner, skills: str) -> IncomingRequest:
    url = reverse("projects:intake", args=[profile_get(owner=owner).intake_token])
    assert client.post(url, prospect(skills=skills)).status_code == 200
    return IncomingRequest.objects.filter(owner=owner).latest("pk")


def test_123_skills_from_a_stranger_add_nothing_to_the_owner_s_list(client, owner):
    names = ["".join(pair) for pair in product(ascii_lowercase, repeat=2)][:123]
    incoming = send(client, owner, ",".join(names))
    assert Skill.objects.filter(owner=owner).count() == 0
    assert incoming.skills.count() == 0
    assert len(incoming.skills_requested) <= SKILLS_REQUESTED_MAX
    assert incoming.skills_requested.startswith("aa, ab, ac")


def test_the_owner_s_own_skills_are_attached_whatever_the_case(client, owner):
    wordpress = SkillFactory(owner=owner, name="WordPress")
    incoming = send(client, owner, "wordpress, Rust, RUST")
    assert list(incoming.skills.all()) == [wordpress]
    assert incoming.skills_requested == "wordpress, Rust"
    assert Skill.objects.filter(owner=owner).count() == 1


def test_the_owner_turns_them_into_skills_by_editing_the_request(client, owner):
    SkillFactory(owner=owner, name="WordPress")
    incoming = send(client, owner, "wordpress, Rust")
    client.force_login(owner)
    url = reverse("projects:incoming_edit", args=[incoming.pk])
    form = client.get(url).context["form"]
    assert form["skills"].value() == "WordPress, Rust"
    data = {name: form[name].value() or "" for name in form.fields}
    data["skills"] = "WordPress, Rust, SEO"
    assert client.post(url, data).status_code == 302
    incoming.refresh_from_db()
    assert sorted(s.name for s in incoming.skills.all()) == ["Rust", "SEO", "WordPress"]
    assert incoming.skills_requested == ""
    # What the owner removed is not offered again.
    data["skills"] = "WordPress"
    client.post(url, data)
    assert client.get(url).context["form"]["skills"].value() == "WordPress"


def test_the_owner_s_mail_lists_the_skills_asked_for(client, owner):
    incoming = send(client, owner, "Rust, Elm")
    assert intake_notify(incoming_id=incoming.pk)
    assert "Rust, Elm" in mail.outbox[0].body
