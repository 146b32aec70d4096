"""The page shell every app shares: the main navigation and where the current page sits in it."""

from django.utils.translation import gettext_lazy as _

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
