"""The briefing in other shapes: Markdown for newsletters, and robots.txt."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from desk.models import Briefing, Excerpt
from desk.project.site_url import absolute
from desk.public import markdown_text
from desk.public.cache import cached_public_page
from desk.readers_view import Publication


def _day(moment: datetime) -> str:
    # The day as the item's page shows it: in the desk's time zone, not UTC's.
    return date_format(timezone.localtime(moment), "j F Y")


def _citation(source, pages: str = "") -> str:
    parts = [
        source.cited_title,
        source.author or "author unknown",
        source.outlet or "outlet unknown",
    ]
    date = str(source.published_date) if source.published_date else "date unknown"
    cited = markdown_text.text(", ".join(parts + [date] + ([pages] if pages else [])))
    return f"[{cited}]({source.url})" if markdown_text.safe_link(source.url) else cited


@cached_public_page
def briefing_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    """The briefing as Markdown: each published item quoted, cited and commented."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    # Every piece of user text is escaped for Markdown and HTML (desk.public.markdown_text): a
    # newsletter tool that renders this must show words, never run them.
    lines = [f"# {markdown_text.text(briefing.title)}", ""]
    if briefing.summary:
        lines += [markdown_text.text(briefing.summary), ""]
    items = Excerpt.objects.for_public_page().for_briefing(briefing)
    for excerpt in items.order_by("-visible_from", "-pk"):
        item = Publication.of(excerpt, briefing=briefing)
        lines += [
            markdown_text.quote_block(item.quote),
            "",
            f"— {_citation(item.citation, item.pages)}",
            "",
            markdown_text.annotation(item.annotation),
            "",
        ]
        for correction in item.corrections:
            lines += [
                f"*Corrected on {_day(correction.at)}: {markdown_text.text(correction.note)}*",
                "",
            ]
        lines += [f"[Permalink]({absolute(item.url)})", "", "---", ""]
    response = HttpResponse("\n".join(lines), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{briefing.slug}.md"'
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = absolute(reverse("sitemap"))
    body = "\n".join(
        [
            "User-agent: *",
            "Allow: /briefings/",
            "Disallow: /desk/",
            "Disallow: /sources/",
            "Disallow: /events/",
            "Disallow: /accounts/",
            "Disallow: /admin/",
            "Disallow: /api/",
            f"Sitemap: {sitemap}",
            "",
        ]
    )
    return HttpResponse(body, content_type="text/plain")
