"""The public intake form a prospect fills in, and its secret link in the user's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Language
from accounts.selectors import profile_get

from ..forms.incoming import IntakeForm
from ..selectors import intake_profile_get
from ..services.incoming import incoming_request_intake, intake_token_regenerate

RATE_LIMIT = 5  # submissions per address
RATE_WINDOW = 3600  # seconds


def _over_limit(request: HttpRequest) -> bool:
    """Count every submission from one address for an hour; refuse past the limit."""
    key = f"intake-rate:{request.META.get('REMOTE_ADDR', '')}"
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


@login_not_required
@require_http_methods(["GET", "POST"])
def intake_view(request: HttpRequest, token: str) -> HttpResponse:
    profile = intake_profile_get(token=token)
    context = {"owner_name": profile.user.get_full_name() or profile.user.get_username()}
    if request.method == "POST" and _over_limit(request):
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
