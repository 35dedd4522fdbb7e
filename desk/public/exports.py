"""The briefing in other shapes: Markdown for newsletters, and robots.txt."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from desk.models import Briefing, Excerpt
from desk.public import markdown_text
from desk.public.cache import cached_public_page
from desk.site_url import absolute
from sources.pages import quoted_pages


def _citation(source, revision=None) -> str:
    parts = [
        source.display_title,
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
        if revision.correction_note:
            lines += [
                f"*Corrected on {revision.published_at:%-d %B %Y}: "
                f"{markdown_text.text(revision.correction_note)}*",
                "",
            ]
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
