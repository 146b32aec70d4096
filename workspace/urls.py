"""The workspace's pages. Its names have no namespace: "dashboard", "search", "reminder_list"…"""

from django.urls import path

from . import client_views, views
from .dashboard import dashboard_view

urlpatterns = [
    path("", dashboard_view, name="dashboard"),
    path("settings/backup/", views.backup_download_view, name="backup_download"),
    path("settings/restore/", views.backup_restore_view, name="backup_restore"),
    path("settings/delete-account/", views.account_delete_view, name="account_delete"),
    path("search/", views.search_view, name="search"),
    path("reminders/", views.reminder_list_view, name="reminder_list"),
    path("reminders/<int:reminder_id>/read/", views.reminder_read_view, name="reminder_read"),
    path("reminders/read-all/", views.reminder_read_all_view, name="reminder_read_all"),
]

# The client pages that read every app; config/urls.py serves them in the "clients" namespace.
client_urlpatterns = [
    path("", client_views.client_list_view, name="client_list"),
    path("export/", client_views.client_export_view, name="client_export"),
    path("blacklist/", client_views.blacklist_view, name="blacklist"),
    path("blacklist/export/", client_views.blacklist_export_view, name="blacklist_export"),
    path("<int:client_id>/", client_views.client_detail_view, name="client_detail"),
]
