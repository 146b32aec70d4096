from django.urls import path

from . import export_views, views

app_name = "clients"
urlpatterns = [
    path("new/", views.client_create_view, name="client_create"),
    path("import/", views.client_import_view, name="client_import"),
    path("import/confirm/", views.client_import_confirm_view, name="client_import_confirm"),
    path("import/cancel/", views.client_import_cancel_view, name="client_import_cancel"),
    path("red-flags/export/", export_views.red_flag_export_view, name="red_flag_export"),
    path("<int:client_id>/edit/", views.client_edit_view, name="client_edit"),
    path("<int:client_id>/archive/", views.client_archive_view, name="client_archive"),
    path("<int:client_id>/unarchive/", views.client_unarchive_view, name="client_unarchive"),
    path("<int:client_id>/blacklist/", views.client_blacklist_view, name="client_blacklist"),
    path("<int:client_id>/blacklist/lift/", views.client_blacklist_lift_view, name="client_blacklist_lift"),
    path("<int:client_id>/flags/new/", views.red_flag_add_view, name="red_flag_add"),
    path("flags/<int:red_flag_id>/edit/", views.red_flag_edit_view, name="red_flag_edit"),
    path("flags/<int:red_flag_id>/withdraw/", views.red_flag_withdraw_view, name="red_flag_withdraw"),
    path("flags/<int:red_flag_id>/confirm/", views.red_flag_confirm_view, name="red_flag_confirm"),
]
