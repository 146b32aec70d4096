from django.urls import path

from . import views
from .dashboard import dashboard_view

urlpatterns = [
    path("", dashboard_view, name="dashboard"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/backup/", views.backup_download_view, name="backup_download"),
    path("settings/restore/", views.backup_restore_view, name="backup_restore"),
    path("settings/delete-account/", views.account_delete_view, name="account_delete"),
    path("search/", views.search_view, name="search"),
    path("reminders/", views.reminder_list_view, name="reminder_list"),
    path("reminders/<int:reminder_id>/read/", views.reminder_read_view, name="reminder_read"),
    path("reminders/read-all/", views.reminder_read_all_view, name="reminder_read_all"),
]
