"""The public intake form a prospect fills in, its secret link in the user's settings, and filing a request it
brought under the client the owner recognises.

The form is public: it is limited per form and per visitor's address, and that address is taken from the
forwarding headers only when the connection comes through one of `settings.TRUSTED_PROXIES` (axes reads the
same address, through `AXES_CLIENT_IP_CALLABLE`).
"""

import ipaddress

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Language
from accounts.network import client_address
from accounts.selectors import profile_get
from clients.selectors import client_get

from ..forms.incoming import IntakeForm
from ..selectors import incoming_request_get, intake_profile_get
from ..services.incoming import incoming_request_client_link, incoming_request_intake, intake_token_regenerate

RATE_LIMIT = 5  # submissions per form and per address
RATE_WINDOW = 3600  # seconds
FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
MAX_ID = 2**63 - 1


def _rate_key(profile, address: str) -> str:
    """One counter per form and per address; an IPv6 visitor is counted by their /64, which they all get."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"intake-rate:{profile.pk}:{address[:64]}"
    if ip.version == 6:
        return f"intake-rate:{profile.pk}:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"intake-rate:{profile.pk}:{ip}"


def _over_limit(request: HttpRequest, profile) -> bool:
    """Count the submissions to this form from one address for an hour; refuse past the limit."""
    key = _rate_key(profile, client_address(request))
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _answer_language(profile) -> str:
    """The language the prospect reads the form in (their browser's or the one they picked), else the owner's."""
    active = (translation.get_language() or "")[:2]
    return active if active in Language.values else profile.language


def owner_display_name(profile) -> str:
    """The name the owner chose to show: their full name, else the first line of their signature with a letter in
    it; empty when neither (the pages then word it without a name). Never the login username."""
    full_name = " ".join(profile.user.get_full_name().split())
    if full_name:
        return full_name
    for line in profile.signature.splitlines():
        line = " ".join(line.split())
        if any(character.isalpha() for character in line):
            return line[:100]
    return ""


@login_not_required
@require_http_methods(["GET", "POST"])
def intake_view(request: HttpRequest, token: str) -> HttpResponse:
    profile = intake_profile_get(token=token)
    context = {"owner_name": owner_display_name(profile)}
    if request.method == "POST" and _over_limit(request, profile):
        return render(request, "projects/intake_limited.html", context, status=429)
    form = IntakeForm(request.POST or None, initial={"language": _answer_language(profile)})
    if request.method == "POST":
        if form.is_bot:  # a honeypot answer: thank the robot, keep nothing
            return render(request, "projects/intake_done.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                incoming_request_intake(
                    profile=profile,
                    name=data["name"],
                    email=data["email"],
                    company=data["company"],
                    phone=data["phone"],
                    language=data["language"],
                    skill_names=data["skills"],
                    **form.request_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return render(request, "projects/intake_done.html", context)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/intake.html", {**context, "form": form}, status=status)


@require_GET
def intake_settings_view(request: HttpRequest) -> HttpResponse:
    profile = profile_get(owner=request.user)
    url = request.build_absolute_uri(reverse("projects:intake", kwargs={"token": profile.intake_token}))
    return render(request, "projects/intake_settings.html", {"profile": profile, "intake_url": url})


@require_POST
def intake_regenerate_view(request: HttpRequest) -> HttpResponse:
    intake_token_regenerate(owner=request.user)
    messages.success(request, _("Your public form has a new link; the old one no longer works."))
    return redirect("projects:intake_settings")


@require_POST
def incoming_client_link_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """“It is this client”: the triage page's button beside a look-alike of the request's new contact."""
    incoming = incoming_request_get(owner=request.user, incoming_id=incoming_id)
    posted = request.POST.get("client", "")
    if not (posted.isascii() and posted.isdigit() and len(posted) <= 19 and 0 < int(posted) <= MAX_ID):
        raise Http404
    client = client_get(owner=request.user, client_id=int(posted))
    try:
        incoming_request_client_link(owner=request.user, incoming=incoming, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is now filed under %(client)s.") % {"client": client})
    return redirect("projects:incoming_detail", incoming_id=incoming.pk)
