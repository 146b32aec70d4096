from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .selectors import profile_get


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    """Every user has a profile from the start, so no page has to wonder."""
    if created and not raw:
        profile_get(owner=instance)
