"""The freelancer's own settings: rates, working week, language, digests; and the footer's language switch."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from .forms import ProfileForm
from .middleware import CHOSEN_LANGUAGE_KEY, language_cookie_set
from .selectors import profile_get
from .services import profile_language_set


@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = profile_get(owner=request.user)
    saved_intake_enabled = profile.intake_enabled  # the form writes the posted values onto the instance
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save()
        translation.activate(profile.language)  # the confirmation, and every page after, in that language
        messages.success(request, _("Your settings are saved."))
        response = redirect("settings")
        language_cookie_set(response, profile.language)
        return response
    context = {
        "form": form,
        "intake_enabled": saved_intake_enabled,
        "intake_url": request.build_absolute_uri(reverse("projects:intake", kwargs={"token": profile.intake_token})),
    }
    return render(request, "accounts/settings.html", context, status=400 if form.is_bound else 200)


@login_not_required
@require_POST
def language_switch_view(request: HttpRequest) -> HttpResponse:
    """The footer's switch. Logged in, it changes the profile's language: Tact has one language setting.
    Before login, the choice is kept for the login, which makes it the profile's (accounts.middleware)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            profile_language_set(owner=request.user, language=language)
        else:
            request.session[CHOSEN_LANGUAGE_KEY] = language
    return response
