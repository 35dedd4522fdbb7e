"""Quotes from paged sources carry their pages: "p. 4" or "pp. 4–5" on the excerpt's desk page,
the public item, the feed, the Markdown export and the new-excerpt page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.jobs import start_reading
from sources.pages import PageRange, page_range, quoted_pages
from sources.previews import preview_state, save_preview
from tests.factories import make_excerpt, publish
from tests.sources.pdfs import Report, prose, report_pdf


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [(0, 5, "p. 1"), (95, 105, "pp. 1–2"), (150, 160, "p. 2"), (210, 230, "p. 4")],
)
def test_a_stretch_of_text_is_on_the_pages_it_overlaps(start, end, label):
    # Page 3 is a footnote block placed after text of page 4 began: pages need not increase.
    breaks = [[0, 1], [100, 2], [200, 4], [250, 3]]
    assert str(page_range(breaks, start, end)) == label


def test_a_source_without_pages_has_no_page_label():
    assert page_range([], 0, 10) is None
    assert str(PageRange(4, 5)) == "pp. 4\u20135" and PageRange(4, 5).fragment == "page=4"


@pytest.fixture
def paged_source(editor):
    paragraphs = [prose(i, words=80) for i in range(12)]
    laid = report_pdf(Report(paragraphs, title="Annual review"))
    job = start_reading(user=editor, data=laid.data, name="review.pdf")
    version = save_preview(preview_state(job.preview), user=editor)
    crossing = next(i for i, (a, b) in enumerate(laid.pages) if a != b)
    return version.source, paragraphs, crossing


def test_a_quote_across_a_page_break_is_cited_pp(paged_source, editor, reviewer, as_user, briefing):
    source, paragraphs, crossing = paged_source
    assert source.current_version.original.name == "review.pdf"
    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, quote=paragraphs[crossing]
    )
    revision = excerpt.current_revision
    label = quoted_pages(revision)
    assert label.startswith("pp. ") and "–" in label
    desk_page = as_user(editor).get(excerpt.get_absolute_url()).content.decode()
    assert label in desk_page
    excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
    public = as_user(None).get(excerpt.get_public_url()).content.decode()
    assert f'<span class="pages">{label}</span>' in public
    feed = as_user(None).get(reverse("briefings:feed", args=[briefing.slug])).content.decode()
    assert label in feed
    markdown = as_user(None).get(reverse("briefings:markdown", args=[briefing.slug]))
    assert label in markdown.content.decode()


def test_a_quote_on_one_page_is_cited_p(paged_source, editor):
    source, paragraphs, _ = paged_source
    excerpt = make_excerpt(editor=editor, source=source, quote=paragraphs[0][:60].rsplit(" ", 1)[0])
    assert quoted_pages(excerpt.current_revision) == "p. 1"


def test_a_source_without_pages_is_cited_without(source, editor, as_user):
    excerpt = make_excerpt(editor=editor, source=source)
    assert quoted_pages(excerpt.current_revision) == ""
    assert 'class="pages"' not in as_user(editor).get(excerpt.get_absolute_url()).content.decode()


def test_the_web_annotation_names_the_page_and_is_read_back(paged_source, editor):
    from desk.api.webannotation import RFC_3778, read, to_annotation

    source, paragraphs, crossing = paged_source
    excerpt = make_excerpt(editor=editor, source=source, quote=paragraphs[crossing])
    revision = excerpt.current_revision
    annotation = to_annotation(
        excerpt,
        revision,
        iri="https://desk.example/a/1",
        source_iri="https://desk.example/s/1",
        staff=True,
    )
    fragment = annotation["target"]["selector"][-1]
    assert fragment["type"] == "FragmentSelector" and fragment["conformsTo"] == RFC_3778
    assert fragment["value"] == "page=1"
    assert fragment["refinedBy"]["exact"] == paragraphs[crossing]
    # Another tool may give only the page and the quote inside it.
    annotation["target"]["selector"] = [fragment]
    incoming = read(annotation)
    assert (incoming.page, incoming.exact) == (1, paragraphs[crossing])


def test_a_source_without_pages_has_no_fragment_selector(source, editor):
    from desk.api.webannotation import to_annotation

    excerpt = make_excerpt(editor=editor, source=source)
    annotation = to_annotation(
        excerpt, excerpt.current_revision, iri="i", source_iri="s", staff=True
    )
    assert [s["type"] for s in annotation["target"]["selector"]] == [
        "TextQuoteSelector",
        "TextPositionSelector",
    ]
