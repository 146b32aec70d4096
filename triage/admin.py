from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(OwnedAdmin):
    list_display = ["decision", "reason", "language", "subject", "owner"]
    list_filter = ["decision", "reason", "language", "owner"]
