"""The project's URLs: the public briefing at the root, the desk and library for staff."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from desk.views import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="briefings:list", permanent=False), name="home"),
    path("briefings/", include("desk.urls_public")),
    path("desk/", include("desk.urls_desk")),
    path("sources/", include("sources.urls")),
    path("events/", include("events.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
