from django.contrib import admin
from django.db import models

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "currency", "minimum_hourly_rate", "target_hourly_rate", "intake_enabled"]
    list_filter = ["language", "currency", "digest_frequency"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["intake_token", "calendar_token"]


class OwnedAdmin(admin.ModelAdmin):
    """The operator's view of user rows: filter by owner, search by owner, never a giant owner select."""

    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    list_filter = ["owner"]
    readonly_fields = ["created_at", "updated_at"]
    # A website typed without a scheme is read as https, as in the app's own forms.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
