"""Template filters shared by every page: money, hours and dates written the same way everywhere."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html

from accounts import formatting
from accounts.cache import fragment_valid_until

register = template.Library()

register.filter("money", formatting.money)
register.filter("hours", formatting.hours)
register.filter("day", formatting.day)
register.filter("day_short", formatting.day_short)
register.filter("moment", formatting.moment)
register.filter("month_short", formatting.month_short)


@register.filter
def ago(value):
    """ "2 weeks ago" on one line; the exact moment in the tooltip and for machines."""
    if value in (None, ""):
        return ""
    instant = timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value
    now = timezone.now()
    fragment_valid_until(formatting.ago_changes_at(value, now))  # a cached fragment holding it expires then
    return format_html(
        '<time class="text-nowrap" datetime="{}" title="{}">{}</time>',
        instant.isoformat(),
        formatting.moment(value),
        formatting.ago(value, now),
    )


@register.filter
def older_than_hours(value, hours) -> bool:
    """True once `hours` have passed since the moment; a cached fragment that said "not yet" expires then."""
    if value in (None, ""):
        return False
    turns_at = value + timedelta(hours=int(hours))
    if turns_at <= timezone.now():
        return True
    fragment_valid_until(turns_at)
    return False
