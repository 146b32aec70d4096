from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import InboundMessage, MailAccount, OutboundMessage


@admin.register(MailAccount)
class MailAccountAdmin(OwnedAdmin):
    """The operator sees where each mailbox stands, never its passwords."""

    list_display = ["address", "imap_host", "enabled", "last_checked_at", "last_error_kind", "owner"]
    list_filter = ["enabled", "last_error_kind", "sending_mode"]
    search_fields = ["address", "imap_host", "owner__username"]
    exclude = ["imap_password", "smtp_password"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "uid_validity",
        "last_uid",
        "last_checked_at",
        "last_error_kind",
        "last_error",
        "last_error_at",
    ]


@admin.register(InboundMessage)
class InboundMessageAdmin(OwnedAdmin):
    list_display = ["subject", "from_address", "kind", "skip_reason", "received_at", "owner"]
    list_filter = ["kind", "skip_reason"]
    search_fields = ["subject", "from_address", "message_id"]
    raw_id_fields = ["owner", "account", "incoming"]
    date_hierarchy = "received_at"


@admin.register(OutboundMessage)
class OutboundMessageAdmin(OwnedAdmin):
    list_display = ["subject", "to_address", "state", "attempts", "sent_at", "owner"]
    list_filter = ["state"]
    search_fields = ["subject", "to_address", "message_id"]
    raw_id_fields = ["owner", "decision", "incoming"]
