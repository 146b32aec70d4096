from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list_view, name="client_list"),
    path("<int:client_id>/", views.client_detail_view, name="client_detail"),
    path("blacklist/", views.blacklist_view, name="blacklist"),
]
