"""The project's URLs: the public briefing at the root, the desk and library for staff."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from desk.public import citations, exports
from desk.public.cache import cached_public_page
from desk.public.sitemaps import SITEMAPS
from desk.views import health
from desk.views.favicon import favicon
from desk.views.language import choose_language, javascript_catalog
from sources import urls as source_urls

SOURCE_CITATIONS = [
    path("<int:pk>/citation.json", citations.source_csl_json, name="citation_csl"),
    path("<int:pk>/citation.ris", citations.source_ris, name="citation_ris"),
    path("<int:pk>/citation.bib", citations.source_bibtex, name="citation_bibtex"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="briefings:list", permanent=False), name="home"),
    path("briefings/", include("desk.public.urls")),
    # Readers by e-mail: the subscribe form, confirming and leaving (desk.subscriptions).
    path("subscriptions/", include("desk.subscriptions.urls")),
    path("desk/webhooks/", include("desk.webhooks.urls")),
    path("desk/", include("desk.project.urls_desk")),
    # The library's routes, plus the citation files the desk makes of a source (the sources app
    # knows nothing of the desk, so they join its namespace here).
    path("sources/", include((source_urls.urlpatterns + SOURCE_CITATIONS, "sources"))),
    path("events/", include("events.urls")),
    path("api/", include("desk.api.urls")),
    path("accounts/", include("desk.project.urls_accounts")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        # Django's sitemap pages itself with ?p=.
        cached_public_page(sitemap, known=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", exports.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico whatever the page links to: answer with the app's own icon.
    path("favicon.ico", favicon),
    # The footer's language switch: a form posting (CSRF-protected) to Django's set_language.
    path("language/", choose_language, name="set_language"),
    # The scripts' words in the chosen language (gettext() and friends for static/js).
    path("language/words.js", javascript_catalog, name="javascript_catalog"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "desk.views.errors.bad_request"
