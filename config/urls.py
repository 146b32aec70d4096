"""The site's URLs. A namespace names a section of the site; its pages may come from several layers.

"clients" holds the clients app's pages and the workspace's client pages (which read every app);
"projects" holds the projects app's pages and triage's (the triage page sits beside the Requests page).
"""

from django.contrib import admin
from django.urls import include, path

import accounts.urls
import clients.urls
import mail.urls
import projects.urls
import referrals.urls
import triage.urls
import workspace.urls
from accounts import auth_views

urlpatterns = [
    path("", include(workspace.urls)),
    path("", include(accounts.urls)),
    path("clients/", include((workspace.urls.client_urlpatterns + clients.urls.urlpatterns, "clients"))),
    path("colleagues/", include(referrals.urls)),
    path("mail/", include(mail.urls)),
    path("", include((projects.urls.urlpatterns + triage.urls.urlpatterns, "projects"))),
    # The password views that check a password or send mail, with their limits; then Django's own.
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
