"""Triage's pages. config/urls.py serves them in the "projects" namespace, beside the Requests page they belong to."""

from django.urls import path

from .views import sending, settings, triage

urlpatterns = [
    path("requests/<int:incoming_id>/", triage.incoming_detail_view, name="incoming_detail"),
    path("requests/<int:incoming_id>/prepare/", triage.incoming_prepare_view, name="incoming_prepare"),
    path("requests/<int:incoming_id>/decide/", triage.incoming_decide_view, name="incoming_decide"),
    path("replies/<int:outbound_id>/send/", sending.outbound_send_view, name="outbound_send"),
    path("replies/<int:outbound_id>/resend/", sending.outbound_resend_view, name="outbound_resend"),
    path("replies/<int:outbound_id>/sent/", sending.outbound_mark_sent_view, name="outbound_mark_sent"),
    path("settings/triage/", settings.triage_settings_view, name="triage_settings"),
    path("settings/replies/", settings.reply_template_list_view, name="reply_template_list"),
    # One case is named by ?decision=&reason=&language= (a default has no row, hence no id).
    path("settings/replies/edit/", settings.reply_template_edit_view, name="reply_template_edit"),
    path("settings/replies/reset/", settings.reply_template_reset_view, name="reply_template_reset"),
]
