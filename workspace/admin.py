from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import DigestSent, Reminder


@admin.register(Reminder)
class ReminderAdmin(OwnedAdmin):
    list_display = ["kind", "subject_key", "owner", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "owner"]
    list_select_related = ["owner"]
    search_fields = ["subject_key"]
    raw_id_fields = ["owner", "incoming", "invoice", "referral"]
    date_hierarchy = "created_at"


@admin.register(DigestSent)
class DigestSentAdmin(OwnedAdmin):
    list_display = ["period", "owner", "created_at"]
    search_fields = ["period"]
