from django.urls import path

from . import views
from .dashboard import dashboard_view

urlpatterns = [
    path("", dashboard_view, name="dashboard"),
    path("settings/", views.settings_view, name="settings"),
]
