"""Atom feeds of a briefing: its published items, and its corrections."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from desk.models import Briefing, Excerpt
from desk.project.site_url import absolute
from desk.readers_copy import Correction, corrections_seen
from desk.readers_view import Publication

FEED_SIZE = 50


class AtomWithAuthors(Atom1Feed):
    """Atom with one <author> per author of an entry's source (RFC 4287 §4.2.1 allows several);
    Django's feed writes one at most."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class BriefingItemsFeed(Feed):
    """Every link absolute from SITE_URL: Django would otherwise add the request's Host."""

    feed_type = AtomWithAuthors
    route = "briefings:feed"

    def get_object(self, request, slug: str) -> Briefing:
        return get_object_or_404(Briefing.objects.public(), slug=slug)

    def get_feed(self, obj: Briefing, request):
        feed = super().get_feed(obj, request)
        # Django names the interface's language (its `language` cannot depend on the briefing);
        # the feed's words are the briefing's own, so xml:lang says the briefing's language.
        feed.feed["language"] = obj.language
        return feed

    def title(self, briefing: Briefing) -> str:
        return briefing.title

    def subtitle(self, briefing: Briefing) -> str:
        return briefing.summary

    def author_name(self, briefing: Briefing) -> str:
        # RFC 4287 §4.1.1: a feed whose entries may have no author of their own names one.
        return f"{briefing.title} (Briefing Desk)"

    def link(self, briefing: Briefing) -> str:
        return absolute(briefing.get_absolute_url())

    def feed_url(self, briefing: Briefing) -> str:
        return absolute(reverse(self.route, args=[briefing.slug]))

    def feed_guid(self, briefing: Briefing) -> str:
        # Django would give every feed of a briefing the briefing's page as its atom:id; each
        # feed is its own (RFC 4287 §4.2.6), so each is named by its own address.
        return self.feed_url(briefing)

    def items(self, briefing: Briefing) -> list[Publication]:
        items = Excerpt.objects.for_public_page().for_briefing(briefing)
        return [Publication.of(item) for item in items.order_by("-visible_from", "-pk")[:FEED_SIZE]]

    def item_title(self, item: Publication) -> str:
        quote = item.quote
        return f"“{quote[:120]}{'…' if len(quote) > 120 else ''}”"

    def item_description(self, item: Publication) -> str:
        pages = f", {item.pages}" if item.pages else ""
        return (
            f"<blockquote><p>{escape(item.quote)}</p></blockquote>"
            f"<p>— {escape(item.citation.cited_title)}{escape(pages)}</p>{item.annotation_html}"
        )

    def item_link(self, item: Publication) -> str:
        return absolute(item.url)

    def item_pubdate(self, item: Publication):
        return item.first_published_at

    def item_updateddate(self, item: Publication):
        # A correction moves it: a corrected revision's or a carried record's, whichever is later.
        return max([item.published_at] + [correction.at for correction in item.corrections])

    def item_extra_kwargs(self, item: Publication) -> dict:
        # No author leaves the entry without an <author> (the feed's applies); an empty name
        # would name nobody.
        authors = item.citation.authors
        return {"authors": [author.name for author in authors if author.name]}


class BriefingCorrectionsFeed(BriefingItemsFeed):
    route = "briefings:corrections_feed"

    def title(self, briefing: Briefing) -> str:
        return f"{briefing.title}: corrections"

    def items(self, briefing: Briefing):
        return corrections_seen(Excerpt.objects.all(), briefing, limit=FEED_SIZE)

    def item_title(self, revision: Correction) -> str:
        return f"Correction: {revision.correction_note[:120]}"

    def item_description(self, revision: Correction) -> str:
        return f"<p>{escape(revision.correction_note)}</p>"

    def item_link(self, revision: Correction) -> str:
        return absolute(
            reverse("briefings:item", args=[revision.briefing.slug, revision.excerpt_id])
        )

    def item_guid(self, revision: Correction) -> str:
        return f"{self.item_link(revision)}#correction-{revision.number}"

    def item_pubdate(self, revision: Correction):
        return revision.published_at

    def item_updateddate(self, revision: Correction):
        return revision.published_at

    def item_author_name(self, revision: Correction) -> None:
        return None

    def item_extra_kwargs(self, revision: Correction) -> dict:
        return {}
