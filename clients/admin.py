from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import BlacklistEvent, Client, RedFlag, Tag


class RedFlagInline(admin.TabularInline):
    model = RedFlag
    fk_name = "client"
    extra = 0
    fields = ["kind", "severity", "occurred_on", "status", "note"]
    show_change_link = True


class BlacklistEventInline(admin.TabularInline):
    model = BlacklistEvent
    extra = 0
    fields = ["action", "reason", "happened_at"]


@admin.register(Client)
class ClientAdmin(OwnedAdmin):
    list_display = ["name", "company", "email", "risk_level", "is_blacklisted", "archived_at", "owner"]
    list_filter = ["risk_level", "is_blacklisted", "language", "owner"]
    search_fields = ["name", "company", "email", "company_number"]
    filter_horizontal = ["tags"]
    inlines = [RedFlagInline, BlacklistEventInline]


@admin.register(RedFlag)
class RedFlagAdmin(OwnedAdmin):
    list_display = ["client", "kind", "severity", "occurred_on", "status", "owner"]
    list_filter = ["kind", "severity", "status", "owner"]
    list_select_related = ["owner", "client"]
    search_fields = ["client__name", "note"]
    raw_id_fields = ["owner", "client", "incoming", "project", "invoice"]
    date_hierarchy = "occurred_on"


@admin.register(BlacklistEvent)
class BlacklistEventAdmin(OwnedAdmin):
    list_display = ["client", "action", "happened_at", "owner"]
    list_filter = ["action", "owner"]
    list_select_related = ["owner", "client"]
    search_fields = ["client__name", "reason"]
    raw_id_fields = ["owner", "client"]


@admin.register(Tag)
class TagAdmin(OwnedAdmin):
    list_display = ["name", "owner"]
    search_fields = ["name"]
