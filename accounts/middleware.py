"""A session ends after a fixed time since login, however active it is (the idle limit is SESSION_COOKIE_AGE)."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGIN_TIME_KEY = "tact_login_at"


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(time.time())


class AbsoluteSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            logged_in_at = request.session.get(LOGIN_TIME_KEY)
            if logged_in_at is None:
                request.session[LOGIN_TIME_KEY] = int(time.time())
            elif time.time() - logged_in_at > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
        return self.get_response(request)
