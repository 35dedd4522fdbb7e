"""sitemap.xml: the public briefings and every published item."""

from django.contrib.sitemaps import Sitemap

from desk.models import Briefing, Excerpt
from desk.project.site_url import site_domain, site_scheme
from desk.readers_view import Publication


class OnSite(Sitemap):
    """Locations on SITE_URL's scheme and host, never the request's."""

    def get_protocol(self, protocol=None) -> str:
        return site_scheme()

    def get_domain(self, site=None) -> str:
        return site_domain()


class BriefingSitemap(OnSite):
    changefreq = "daily"

    def items(self):
        return Briefing.objects.public()

    def lastmod(self, briefing: Briefing):
        return briefing.updated_at


class ItemSitemap(OnSite):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Excerpt.objects.published()
            .select_related("published_revision__briefing")
            .order_by("pk")
        )

    def location(self, item: Excerpt) -> str:
        return Publication.of(item).url

    def lastmod(self, item: Excerpt):
        return Publication.of(item).published_at


SITEMAPS = {"briefings": BriefingSitemap, "items": ItemSitemap}
