from django.utils.translation import gettext_lazy as _

from .notifications import reminder_unread_count


def unread_reminders(request):
    """The count shown in the navigation: one small query per page, only for a logged-in user."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"unread_reminder_count": reminder_unread_count(owner=request.user)}


NAVIGATION_SECTIONS = (  # the first path prefix that matches names the highlighted entry
    ("/clients/blacklist", "blacklist"),
    ("/clients", "clients"),
    ("/requests", "requests"),
    ("/projects", "projects"),
    ("/invoices", "projects"),
    ("/calendar", "calendar"),
    ("/colleagues", "colleagues"),
)


MAIN_NAVIGATION = (
    ("dashboard", "dashboard", _("Dashboard")),
    ("requests", "projects:incoming_list", _("Requests")),
    ("clients", "clients:client_list", _("Clients")),
    ("blacklist", "clients:blacklist", _("Blacklist")),
    ("calendar", "projects:calendar", _("Calendar")),
    ("projects", "projects:project_list", _("Projects")),
    ("colleagues", "referrals:colleague_list", _("Colleagues")),
)


def navigation_section(request):
    """The main navigation, and which of its entries the current page belongs to."""
    path = getattr(request, "path", "")
    section = (
        "dashboard" if path == "/" else next((n for prefix, n in NAVIGATION_SECTIONS if path.startswith(prefix)), "")
    )
    return {"main_navigation": MAIN_NAVIGATION, "nav_section": section}
