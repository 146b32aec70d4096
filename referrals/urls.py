from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.colleague_list_view, name="colleague_list"),
    path("new/", views.colleague_create_view, name="colleague_create"),
    path("export.csv", views.colleague_export_view, name="colleague_export"),
    path("network/", views.network_view, name="network"),
    path("<int:colleague_id>/", views.colleague_detail_view, name="colleague_detail"),
    path("<int:colleague_id>/edit/", views.colleague_update_view, name="colleague_update"),
    path("<int:colleague_id>/delete/", views.colleague_delete_view, name="colleague_delete"),
    path("<int:colleague_id>/received/", views.referral_receive_view, name="referral_receive"),
    path("<int:colleague_id>/referrals/new/", views.referral_create_view, name="referral_create"),
    path("referrals/", views.referral_list_view, name="referral_list"),
    path("referrals/export.csv", views.referral_export_view, name="referral_export"),
    path("referrals/<int:referral_id>/edit/", views.referral_update_view, name="referral_update"),
    path("referrals/<int:referral_id>/delete/", views.referral_delete_view, name="referral_delete"),
    path("referrals/<int:referral_id>/thank/", views.referral_thank_view, name="referral_thank"),
]
