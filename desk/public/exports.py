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
from sources.pages import quoted_pages


def corrections_shown(item: Excerpt) -> list[tuple[datetime, str]]:
    """The corrections an item shows readers beside it, in its page's order (when, note): its
    published revision's own, and a changed record's carried into its readers' copy."""
    revision, copy = item.published_revision, item.copy_for_readers
    shown = []
    if revision.correction_note:
        shown.append((revision.published_at, revision.correction_note))
    if copy.correction_note:
        shown.append((copy.corrected_at, copy.correction_note))
    return shown


def _day(moment: datetime) -> str:
    # The day as the item's page shows it: in the desk's time zone, not UTC's.
    return date_format(timezone.localtime(moment), "j F Y")


def _citation(source, revision=None) -> str:
    parts = [
        source.cited_title,
        source.author or "author unknown",
        source.outlet or "outlet unknown",
    ]
    date = str(source.published_date) if source.published_date else "date unknown"
    pages = quoted_pages(revision)
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
    for item in items.order_by("-visible_from", "-pk"):
        revision = item.published_revision
        link = absolute(reverse("briefings:item", args=[briefing.slug, item.pk]))
        lines += [
            markdown_text.quote_block(revision.quote),
            "",
            f"— {_citation(item.copy_for_readers.citation, revision)}",
            "",
            markdown_text.annotation(revision.annotation),
            "",
        ]
        for corrected_at, note in corrections_shown(item):
            lines += [f"*Corrected on {_day(corrected_at)}: {markdown_text.text(note)}*", ""]
        lines += [f"[Permalink]({link})", "", "---", ""]
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
