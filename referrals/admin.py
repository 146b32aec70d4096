from django.contrib import admin

from accounts.admin import OwnedAdmin

from .models import Colleague, Referral


class ReferralInline(admin.TabularInline):
    model = Referral
    extra = 0
    fields = ["direction", "referred_on", "outcome", "value", "currency", "thanked_on"]
    raw_id_fields = ["client", "incoming"]


@admin.register(Colleague)
class ColleagueAdmin(OwnedAdmin):
    list_display = ["name", "email", "phone", "trusted", "busy_until", "owner"]
    list_filter = ["trusted", "speaks_french", "speaks_english", "owner"]
    search_fields = ["name", "email", "notes"]
    filter_horizontal = ["skills"]
    inlines = [ReferralInline]


@admin.register(Referral)
class ReferralAdmin(OwnedAdmin):
    list_display = ["colleague", "direction", "referred_on", "outcome", "value", "thanked_on", "owner"]
    list_filter = ["direction", "outcome", "owner"]
    list_select_related = ["owner", "colleague"]
    search_fields = ["colleague__name", "description"]
    raw_id_fields = ["owner", "colleague", "client", "incoming"]
    date_hierarchy = "referred_on"
