from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("accounts.urls")),
    path("clients/", include("clients.urls")),
    path("colleagues/", include("referrals.urls")),
    path("", include("projects.urls")),
    # The language can be switched before logging in, on the login page itself.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
