"""Mail to a freelancer, written in their language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Profile


def absolute_url(path: str) -> str:
    """A link for a mail, which has no request to build it from: the site's address (SITE_URL) and the path."""
    return settings.SITE_URL.rstrip("/") + path


def mail_profile(profile: Profile, subject: str, template: str, context: dict) -> None:
    with translation.override(profile.language):
        body = render_to_string(template, {"profile": profile, **context})
        send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, [profile.user.email])
