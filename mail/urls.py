from django.urls import path

from . import views

app_name = "mail"

urlpatterns = [
    path("settings/", views.mail_settings_view, name="settings"),
    path("settings/check/", views.mail_check_view, name="check"),
    path("settings/read/", views.mail_read_now_view, name="read_now"),
    path("settings/enable/", views.mail_enable_view, name="enable"),
    path("settings/delete/", views.mail_delete_view, name="delete"),
    path("messages/<int:message_id>/", views.message_detail_view, name="message_detail"),
]
