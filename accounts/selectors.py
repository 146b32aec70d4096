from django.contrib.auth.models import AbstractUser

from .models import Profile


def profile_get(*, owner: AbstractUser) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=owner)
    return profile
