from django.urls import path

from .views import calendar, exports, incoming, intake, projects

app_name = "projects"
urlpatterns = [
    path("requests/", incoming.incoming_list_view, name="incoming_list"),
    path("requests/export.csv", exports.incoming_export_view, name="incoming_export"),
    path("invoices/export.csv", exports.invoice_export_view, name="invoice_export"),
    path("requests/new/", incoming.incoming_create_view, name="incoming_create"),
    path("requests/<int:incoming_id>/edit/", incoming.incoming_edit_view, name="incoming_edit"),
    path("requests/new/matches/", incoming.incoming_client_match_view, name="incoming_client_match"),
    path("intake/<str:token>/", intake.intake_view, name="intake"),
    path("settings/intake/", intake.intake_settings_view, name="intake_settings"),
    path("settings/intake/regenerate/", intake.intake_regenerate_view, name="intake_regenerate"),
    path("calendar/", calendar.calendar_view, name="calendar"),
    path("calendar/slot/", calendar.calendar_slot_view, name="calendar_slot"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed_view, name="calendar_feed"),
    path("calendar/feed/regenerate/", calendar.calendar_token_regenerate_view, name="calendar_token_regenerate"),
    path("calendar/time-off/", calendar.time_off_list_view, name="time_off_list"),
    path("calendar/time-off/new/", calendar.time_off_create_view, name="time_off_create"),
    path("calendar/time-off/<int:time_off_id>/", calendar.time_off_edit_view, name="time_off_edit"),
    path("calendar/time-off/<int:time_off_id>/delete/", calendar.time_off_delete_view, name="time_off_delete"),
    path("projects/", projects.project_list_view, name="project_list"),
    path("projects/export.csv", projects.project_export_view, name="project_export"),
    path("projects/new/", projects.project_create_view, name="project_create"),
    path("projects/<int:project_id>/", projects.project_detail_view, name="project_detail"),
    path("projects/<int:project_id>/edit/", projects.project_edit_view, name="project_edit"),
    path("projects/<int:project_id>/plan/", projects.project_plan_view, name="project_plan"),
    path("projects/<int:project_id>/calendar.ics", projects.project_ics_view, name="project_ics"),
    path("projects/<int:project_id>/invoices/new/", projects.invoice_add_view, name="invoice_add"),
    path("invoices/<int:invoice_id>/paid/", projects.invoice_paid_view, name="invoice_paid"),
    path("requests/<int:incoming_id>/link-client/", intake.incoming_client_link_view, name="incoming_client_link"),
]
