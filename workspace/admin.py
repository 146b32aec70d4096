from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import DigestSent, Reminder, RestoreJob


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


@admin.register(RestoreJob)
class RestoreJobAdmin(admin.ModelAdmin):
    """Where each restore stands, for the operator; the uploaded file itself is never shown."""

    list_display = ["owner", "status", "total_rows", "written_rows", "created_at", "finished_at"]
    list_filter = ["status"]
    exclude = ["document"]
    readonly_fields = ["total_rows", "checked_rows", "written_rows", "errors", "counts", "finished_at"]
    raw_id_fields = ["owner"]

    def has_add_permission(self, request) -> bool:
        return False  # a restore starts from the user's page, with their file
