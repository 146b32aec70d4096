from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.colleague_list_view, name="colleague_list"),
    path("<int:colleague_id>/", views.colleague_detail_view, name="colleague_detail"),
]
