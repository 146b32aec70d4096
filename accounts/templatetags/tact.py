"""Template filters shared by every page."""

from django import template

from accounts import formatting

register = template.Library()

register.filter("money", formatting.money)
register.filter("hours", formatting.hours)
