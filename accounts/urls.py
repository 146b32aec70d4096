from django.urls import path

from . import views

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    # The footer's language switch, before logging in too (on the login page itself).
    path("i18n/setlang/", views.language_switch_view, name="set_language"),
]
