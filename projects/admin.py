from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import Booking, Decision, IncomingRequest, Invoice, Project, Skill, TimeOff


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["from_state", "to_state", "reason", "decided_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(IncomingRequest)
class IncomingRequestAdmin(OwnedAdmin):
    list_display = ["title", "client", "channel", "state", "received_at", "owner"]
    list_filter = ["state", "channel", "budget_kind", "owner"]
    list_select_related = ["owner", "client"]
    search_fields = ["title", "description", "client__name", "client__email"]
    raw_id_fields = ["owner", "client", "source_colleague"]
    filter_horizontal = ["skills"]
    date_hierarchy = "received_at"
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(OwnedAdmin):
    list_display = ["incoming", "from_state", "to_state", "reason", "decided_at", "owner"]
    list_filter = ["to_state", "reason", "owner"]
    list_select_related = ["owner", "incoming"]
    raw_id_fields = ["owner", "incoming"]
    date_hierarchy = "decided_at"


class BookingInline(admin.TabularInline):
    model = Booking
    fk_name = "project"
    extra = 0
    fields = ["start", "end", "hours"]


class InvoiceInline(admin.TabularInline):
    model = Invoice
    extra = 0
    fields = ["number", "amount", "currency", "issued_on", "due_on", "paid_on"]


@admin.register(Project)
class ProjectAdmin(OwnedAdmin):
    list_display = ["title", "client", "start", "end", "hours", "status", "owner"]
    list_filter = ["status", "owner"]
    list_select_related = ["owner", "client"]
    search_fields = ["title", "client__name"]
    raw_id_fields = ["owner", "client", "incoming"]
    inlines = [BookingInline, InvoiceInline]


@admin.register(Booking)
class BookingAdmin(OwnedAdmin):
    list_display = ["__str__", "start", "end", "hours", "tentative", "owner"]
    list_filter = ["tentative", "owner"]
    raw_id_fields = ["owner", "project", "incoming"]
    date_hierarchy = "start"


@admin.register(TimeOff)
class TimeOffAdmin(OwnedAdmin):
    list_display = ["label", "start", "end", "owner"]
    date_hierarchy = "start"


@admin.register(Invoice)
class InvoiceAdmin(OwnedAdmin):
    list_display = ["number", "project", "amount", "currency", "due_on", "paid_on", "owner"]
    list_filter = ["currency", "owner"]
    list_select_related = ["owner", "project"]
    search_fields = ["number", "project__title", "project__client__name"]
    raw_id_fields = ["owner", "project"]
    date_hierarchy = "due_on"


@admin.register(Skill)
class SkillAdmin(OwnedAdmin):
    list_display = ["name", "owner"]
    search_fields = ["name"]
