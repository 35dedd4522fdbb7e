"""sitemap.xml: the public briefings and every published item."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from desk.models import Briefing, Excerpt


class BriefingSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Briefing.objects.public()

    def lastmod(self, briefing: Briefing):
        return briefing.updated_at


class ItemSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Excerpt.objects.published()
            .select_related("published_revision__briefing")
            .order_by("pk")
        )

    def location(self, item: Excerpt) -> str:
        return reverse("briefings:item", args=[item.published_revision.briefing.slug, item.pk])

    def lastmod(self, item: Excerpt):
        return item.published_revision.published_at


SITEMAPS = {"briefings": BriefingSitemap, "items": ItemSitemap}
