"""The exports carry a paged source's pages: a "pages" column in the CSV ("p. 1", "pp. 1–2"),
and in the W3C JSON-LD a FragmentSelector naming the page (RFC 3778), for staff and readers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sources.importing import PreparedText, SourceMetadata
from sources.models import ImportPreview
from sources.previews import make_preview, preview_state, save_preview
from tests.factories import make_excerpt, publish

FIRST = "The crossing reopens on Monday at dawn."
ACROSS = "Trucks wait at the border. Drivers sleep in their cabs."
LAST = "Talks resume next week in Warsaw."


@pytest.fixture
def paged_source(editor):
    """A two-page source whose second paragraph runs over the page break."""
    text = f"{FIRST}\n{ACROSS}\n{LAST}"
    prepared = PreparedText(
        text,
        SourceMetadata(title="Annual review"),
        ["paragraph"] * 3,
        "review.pdf",
        pages=[[0, 1], [text.index("Drivers"), 2]],
    )
    preview = make_preview(prepared, user=editor)
    ImportPreview.objects.filter(pk=preview.pk).update(pages=prepared.pages)
    return save_preview(preview_state(ImportPreview.objects.get()), user=editor).source


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _selectors(response) -> list[list[dict]]:
    items = json.loads(response.content)["first"]["items"]
    return [item["target"]["selector"] for item in items]


def test_the_staff_csv_names_each_quotes_pages(api, editor, briefing, paged_source, source):
    make_excerpt(editor=editor, source=paged_source, briefing=briefing, quote=ACROSS)
    make_excerpt(editor=editor, source=paged_source, briefing=briefing, quote=FIRST)
    make_excerpt(editor=editor, source=source, briefing=briefing)
    rows = _rows(api(editor).get("/api/excerpts/export.csv"))
    assert [row["pages"] for row in rows] == ["pp. 1\u20132", "p. 1", ""]


def test_readers_csv_and_json_ld_name_the_pages_of_live_items_only(
    api, editor, reviewer, briefing, paged_source
):
    live = make_excerpt(editor=editor, source=paged_source, briefing=briefing, quote=ACROSS)
    publish(live, editor=editor, reviewer=reviewer)
    make_excerpt(editor=editor, source=paged_source, briefing=briefing, quote=LAST)
    (row,) = _rows(api().get("/api/excerpts/export.csv"))
    assert row["pages"] == "pp. 1\u20132" and row["quote"] == ACROSS
    # The source has no address of its own: readers' JSON-LD targets the item's page, which
    # has no pages, by the quote's words alone (the CSV says which pages).
    (selectors,) = _selectors(api().get("/api/excerpts/export.jsonld"))
    assert [selector["type"] for selector in selectors] == ["TextQuoteSelector"]
    assert selectors[0]["exact"] == ACROSS


def test_the_staff_json_ld_names_the_page(api, editor, briefing, paged_source):
    make_excerpt(editor=editor, source=paged_source, briefing=briefing, quote=LAST)
    (selectors,) = _selectors(api(editor).get("/api/excerpts/export.jsonld"))
    assert selectors[-1]["value"] == "page=2"
