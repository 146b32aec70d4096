"""The profile's writes that are not the settings form's."""

from django.contrib.auth.models import AbstractUser

from .models import Language, Profile


def profile_language_set(*, owner: AbstractUser, language: str) -> None:
    """One language setting: the footer's switch writes the field the settings page shows."""
    if language not in Language.values:
        raise ValueError(f"not a language of Tact: {language!r}")
    Profile.objects.filter(user=owner).update(language=language)
