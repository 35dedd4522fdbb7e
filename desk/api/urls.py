"""The API's URLs, mounted at /api/ (app namespace "api")."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from desk.api.briefings import (
    BriefingItemList,
    BriefingViewSet,
    PublishedItemViewSet,
    TopicViewSet,
)
from desk.api.discussion import AuditViewSet
from desk.api.docs import api_docs
from desk.api.excerpts import ExcerptViewSet
from desk.api.exports import ExcerptCsvExport, ExcerptJsonLdExport
from desk.api.imports import AnnotationImport
from desk.api.problems import not_found
from desk.api.register import ActorViewSet, EventViewSet
from desk.api.schema import FilterLimits  # noqa: F401 - registers the schema extension
from desk.api.sources import SourceViewSet
from desk.project.site_url import on_site


class Root(APIRootView):
    """The API's front door: links to every list. Open to all, like the schema."""

    permission_classes = [AllowAny]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # DRF builds these from the request's Host; the desk's links come from SITE_URL.
        response.data = {name: on_site(url) for name, url in response.data.items()}
        return response


class Router(DefaultRouter):
    APIRootView = Root
    # Exports have URLs of their own; "/excerpts/1.csv" and the like would only confuse.
    include_format_suffixes = False


router = Router()
router.register("sources", SourceViewSet, basename="source")
router.register("excerpts", ExcerptViewSet, basename="excerpt")
router.register("items", PublishedItemViewSet, basename="item")
router.register("briefings", BriefingViewSet, basename="briefing")
router.register("topics", TopicViewSet, basename="topic")
router.register("events", EventViewSet, basename="event")
router.register("actors", ActorViewSet, basename="actor")
router.register("audit", AuditViewSet, basename="audit")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    # Before the router, whose excerpt detail route would otherwise claim "import".
    path("excerpts/export.csv", ExcerptCsvExport.as_view(), name="excerpt-export-csv"),
    path("excerpts/export.jsonld", ExcerptJsonLdExport.as_view(), name="excerpt-export-jsonld"),
    path("excerpts/import/", AnnotationImport.as_view(), name="excerpt-import"),
    path("briefings/<slug:slug>/items/", BriefingItemList.as_view(), name="briefing-items"),
    path("", include(router.urls)),
    # Last: whatever else is asked under /api/ is a problem 404 (JSON), not the site's HTML page.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found, name="not-found"),
]
