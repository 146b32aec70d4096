"""Django's password views, with the limits of accounts.throttle: no endless guessing, no mail bombing."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .throttle import password_check_failed, password_checks_exhausted, reset_requests_exhausted

TOO_MANY = "registration/too_many_attempts.html"


def too_many_attempts(request, *, logged_out: bool) -> HttpResponse:
    return render(request, TOO_MANY, {"logged_out": logged_out}, status=429)


def end_session_after_too_many_wrong_passwords(request) -> HttpResponse:
    """Whoever holds this session has typed too many wrong passwords: the session ends."""
    logout(request)
    return too_many_attempts(request, logged_out=True)


class PasswordChangeView(auth_views.PasswordChangeView):
    def post(self, request, *args, **kwargs):
        if password_checks_exhausted(request):
            return end_session_after_too_many_wrong_passwords(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            password_check_failed(self.request)
            if password_checks_exhausted(self.request):
                return end_session_after_too_many_wrong_passwords(self.request)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if reset_requests_exhausted(request):
            return too_many_attempts(request, logged_out=False)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Logging out says so, on the login page it lands on (the message outlives the session, in a cookie)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        return response
