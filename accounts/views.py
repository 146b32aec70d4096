"""The freelancer's own settings: rates, working week, language, digests."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm
from .selectors import profile_get


@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = profile_get(owner=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save()
        translation.activate(profile.language)  # the confirmation, and every page after, in that language
        messages.success(request, _("Your settings are saved."))
        response = redirect("settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, profile.language, samesite="Lax")
        return response
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/settings.html", {"form": form, "profile": profile}, status=status)
