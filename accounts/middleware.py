"""What every request of a logged-in user goes through: the absolute session limit, and the profile's language.

A session ends after a fixed time since login, however active it is (the idle limit is SESSION_COOKIE_AGE).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .cache import bump_owner_version
from .models import Language, Profile
from .selectors import profile_get
from .services import profile_language_set

LOGIN_TIME_KEY = "tact_login_at"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})  # the methods that never write (RFC 9110)
# A language picked in the footer before logging in: the login makes it the profile's (see below).
CHOSEN_LANGUAGE_KEY = "tact_language_chosen"


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(time.time())


@receiver(user_logged_in)
def keep_the_language_chosen_before_login(sender, request, user, **kwargs):
    """Someone who switched the login page to English and logs in goes on in English: that is now their setting."""
    if request is None or not hasattr(request, "session"):
        return
    chosen = request.session.pop(CHOSEN_LANGUAGE_KEY, None)
    if chosen in Language.values:
        profile_language_set(owner=user, language=chosen)
        user._state.fields_cache.pop("profile", None)  # read again, with the language just saved


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


def profile_language(user) -> str | None:
    """The language of a logged-in user's profile (loaded with the user by accounts.backends), else None."""
    if not user.is_authenticated:
        return None
    try:
        return user.profile.language
    except Profile.DoesNotExist:
        return profile_get(owner=user).language


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """The same cookie as Django's set_language view: the login page after logging out speaks the profile's language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class ProfileLanguageMiddleware:
    """One language setting: logged in, the pages speak the profile's language, whatever the browser asks for.

    Before login the browser's language (or the footer's choice, kept in the language cookie) applies, as
    django's LocaleMiddleware decides; the footer's switch, logged in, writes the profile (accounts.views).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = profile_language(request.user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        language = profile_language(request.user)  # None once logged out; a view that changes it sets the cookie
        cookie = settings.LANGUAGE_COOKIE_NAME
        if language and cookie not in response.cookies and request.COOKIES.get(cookie) != language:
            language_cookie_set(response, language)
        return response


class OwnerCacheVersionMiddleware:
    """A request that may have written (any method but GET, HEAD, OPTIONS and TRACE) and reached a view
    leaves the owner's cached fragments out of date, whether the view succeeded or not: their version moves
    on once the response is ready (accounts/cache.py). Cheap, and no view can forget it.

    The owner is noted before the view runs, so that a view that logs out or deletes the account is covered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        owner_id = getattr(request, "_owner_may_have_written", None)
        if owner_id is not None:
            bump_owner_version(owner_id)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if request.method not in SAFE_METHODS and request.user.is_authenticated:
            request._owner_may_have_written = request.user.pk
