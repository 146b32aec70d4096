from django.urls import path

from .views import calendar, incoming

app_name = "projects"
urlpatterns = [
    path("requests/", incoming.incoming_list_view, name="incoming_list"),
    path("requests/<int:incoming_id>/", incoming.incoming_detail_view, name="incoming_detail"),
    path("calendar/", calendar.calendar_view, name="calendar"),
]
