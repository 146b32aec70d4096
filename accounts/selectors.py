from django.conf import settings
from django.contrib.auth.models import AbstractUser

from .models import Language, Profile


def site_language() -> str:
    """The site's default language as a profile stores it ("en" for "en-gb"): a new profile speaks it."""
    language = settings.LANGUAGE_CODE.split("-")[0]
    return language if language in Language.values else Language.FRENCH


def profile_get(*, owner: AbstractUser) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=owner, defaults={"language": site_language()})
    return profile
