"""What an item page carries for other software: citation_* meta tags, oEmbed discovery, card
image, JSON-LD, and the item's formatted citations and citation files (desk.public.citations)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from desk.project.site_url import absolute
from desk.public import citations, embeds
from desk.readers_view import Publication

register = template.Library()


@register.inclusion_tag("briefings/_item_head.html")
def item_head(briefing, item: Publication) -> dict:
    """Meta tags for reference managers (Google Scholar's citation_* names) and link previews."""
    item = Publication.of(item, briefing=briefing)
    citation = item.citation
    permalink = absolute(item.url)
    parts = citation.published.split("-") if citation.published else []
    return {
        "citation": citation,
        "publication_date": "/".join(parts),
        "permalink": permalink,
        "oembed": absolute(reverse("briefings:oembed")) + "?" + _query(permalink),
        "image": absolute(reverse("briefings:card_image", args=[briefing.slug, item.pk])),
        "json_ld": embeds.json_ld(briefing, item),
        "description": embeds.description(item),
    }


def _query(url: str) -> str:
    return urlencode({"url": url, "format": "json"})


@register.inclusion_tag("briefings/_item_cite.html")
def item_cite(briefing, item: Publication) -> dict:
    """The item's source formatted in each style, and its citation files."""
    args = [briefing.slug, item.pk]
    return {
        "styles": citations.formatted(citations.item_csl(briefing, item)),
        "files": [
            ("CSL-JSON", reverse("briefings:item_csl", args=args)),
            ("RIS", reverse("briefings:item_ris", args=args)),
            ("BibTeX", reverse("briefings:item_bibtex", args=args)),
        ],
    }
