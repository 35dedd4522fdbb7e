"""Reading documents for import: plain text, Markdown and HTML, their structure and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.documents import read_file, read_markdown, read_plain
from sources.extraction import decode_html, reduce_html, stated_date
from sources.importing import ImportRefused, import_source
from sources.structure import split_blocks
from tests.sources.pages import ARTICLE_HTML

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"


def kinds_of(prepared) -> dict[str, str]:
    blocks = split_blocks(prepared.text, known=prepared.kinds or None)
    return {prepared.text[b.start : b.end]: b.kind for b in blocks}


def test_plain_text_short_lines_without_closing_punctuation_are_headings():
    prepared = read_plain("A heading\nA body paragraph that ends.\nBy A. Writer")
    assert kinds_of(prepared) == {
        "A heading": "heading",
        "A body paragraph that ends.": "paragraph",
        "By A. Writer": "byline",
    }


def test_markdown_headings_are_headings_and_their_marks_go():
    text = "# The title\nBy Ann\n\nFirst paragraph\nwrapped here.\n\n## A section ##\n\n- a short item\n- another\n\nSetext heading\n--------------\n\nThe end."
    prepared = read_markdown(text)
    assert prepared.text.split("\n") == [
        "The title",
        "By Ann",
        "First paragraph wrapped here.",
        "A section",
        "- a short item",
        "- another",
        "Setext heading",
        "The end.",
    ]
    kinds = kinds_of(prepared)
    assert kinds["The title"] == kinds["A section"] == kinds["Setext heading"] == "heading"
    # Headings are explicit in Markdown: a short line is not taken for one.
    assert kinds["- a short item"] == "paragraph"
    assert kinds["By Ann"] == "byline"


def test_markdown_without_headings_reads_as_plain_text():
    assert read_markdown("Just words\nMore words.").kinds == []


def test_html_keeps_headings_captions_and_bylines_and_drops_the_page_around():
    lines, metadata = reduce_html(ARTICLE_HTML)
    text = [line for line, _ in lines]
    assert "Home" not in " ".join(text)
    assert dict(lines)["What ministers said"] == "heading"
    assert dict(lines)["Border crossing to reopen"] == "heading"
    assert dict(lines)["The crossing at Kuźnica in 2021."] == "caption"
    assert dict(lines)["By Ann Writer"] == "byline"
    assert dict(lines)[text[2]] == "paragraph"
    assert (metadata.title, metadata.outlet, metadata.language) == (
        "Border crossing to reopen",
        "The Local Paper",
        "en",
    )


def test_html_says_nothing_it_does_not_know():
    page = (
        "<html><body><article><p>"
        + "A paragraph of the article, long enough to keep. " * 3
        + "</p></article></body></html>"
    )
    _lines, metadata = reduce_html(page, url="https://www.example.org/2025/11/17/story")
    # No outlet made up from the domain, no date read from the URL, no title from the text.
    assert (metadata.title, metadata.author, metadata.outlet, metadata.published) == (
        "",
        "",
        "",
        "",
    )
    assert metadata.url == "https://www.example.org/2025/11/17/story"


@pytest.mark.parametrize(
    ("head", "date"),
    [
        (
            '<meta property="article:published_time" content="2025-11-17T08:00:00+02:00">',
            "2025-11-17",
        ),
        ('<meta name="citation_publication_date" content="2025-11">', "2025-11"),
        ('<meta name="date" content="2025">', "2025"),
        (
            '<script type="application/ld+json">{"@graph": [{"datePublished": "2024-02-29"}]}</script>',
            "2024-02-29",
        ),
        ('<meta name="date" content="2025-02-30">', ""),
        ('<meta name="date" content="last Tuesday">', ""),
        ("", ""),
    ],
)
def test_the_publication_date_keeps_the_precision_the_page_gives(head, date):
    import lxml.html

    tree = lxml.html.document_fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert stated_date(tree) == date


def test_an_html_page_without_an_article_is_refused():
    with pytest.raises(ImportRefused, match="No article text"):
        reduce_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", name="menu.html")


def test_html_is_decoded_by_its_declared_encoding():
    data = (
        '<html><head><meta charset="windows-1251"></head><body><p>Минск</p></body></html>'.encode(
            "cp1251"
        )
    )
    assert "Минск" in decode_html(data)
    assert "Минск" in decode_html("<p>Минск</p>".encode("koi8-r"), charset="koi8-r")
    with pytest.raises(ImportRefused, match="not UTF-8"):
        decode_html("<p>Café</p>".encode("latin-1"))


@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "data", "notes.docx"])
def test_only_text_html_and_markdown_files_are_read(name):
    with pytest.raises(ImportRefused, match="give a .txt, .md or .html file"):
        read_file(name, b"some text")


def test_an_html_file_is_reduced_to_its_article():
    prepared = read_file("article.html", ARTICLE_HTML.encode())
    assert prepared.imported_from == "article.html"
    assert prepared.text.startswith("Border crossing to reopen\nBy Ann Writer\n")
    assert prepared.metadata.author == "Writer, Ann"


@pytest.mark.django_db
def test_an_imported_html_file_stores_the_kinds_it_declares():
    prepared = read_file("article.html", ARTICLE_HTML.encode())
    source = import_source(text=prepared.text, metadata=prepared.metadata, kinds=prepared.kinds)
    kinds = [block.kind for block in source.current_version.block_list]
    assert kinds[:4] == ["heading", "byline", "paragraph", "heading"]
    assert "caption" in kinds


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_every_seed_reads_to_one_block_per_line(path):
    raw = path.read_text(encoding="utf-8")
    assert read_file(path.name, path.read_bytes()).text.split("\n") == [
        line for line in raw.split("\n") if line.strip()
    ]
