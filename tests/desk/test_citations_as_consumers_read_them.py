"""Citations as the software people cite with reads them: pandoc's citeproc, its BibTeX reader.

A reader who downloads an item's CSL-JSON file and gives it to `pandoc --citeproc` with the
same style gets exactly the citation the item's page prints, on every demo item, in English and
Polish. pandoc runs here as its users run it: a Markdown document citing the downloaded file.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from desk.demo.loader import load_demo
from desk.models import Excerpt
from desk.public import citations
from tests.factories import BriefingFactory, excerpt_in, make_source

pytestmark = pytest.mark.django_db

ENTRY = re.compile(r'<div[^>]*class="csl-entry"[^>]*>(.*?)</div>', re.S)
PRINTED = re.compile(r'<dt>([^<]+)</dt><dd class="formatted-citation">(.*?)</dd>', re.S)


def _pandoc(arguments: list[str], stdin: str = "") -> str:
    command = [citations.PANDOC, *arguments]
    answer = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)
    assert answer.returncode == 0, answer.stderr
    return answer.stdout


def _as_pandoc_users_cite(csl_file: Path, style: str, locale: str) -> str:
    document = f"---\nnocite: '@*'\nlang: {locale}\n---\n"
    style_file = citations._style_file(style)
    html = _pandoc(
        ["--citeproc", f"--bibliography={csl_file}", f"--csl={style_file}", "--wrap=none"],
        document,
    )
    (entry,) = ENTRY.findall(html)
    return entry.strip()


@pytest.fixture
def demo_items():
    load_demo(password="a-long-demo-password-1")
    items = list(Excerpt.objects.for_public_page().select_related("published_revision__briefing"))
    assert len(items) >= 9
    return items


# Slow: pandoc runs four times for each of the demo's items.
@pytest.mark.slow
@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("pl", "pl-PL")])
def test_every_demo_item_is_printed_as_pandoc_prints_its_csl_file(
    demo_items, tmp_path, language, locale
):
    client = Client(headers={"accept-language": language})
    client.cookies["django_language"] = language
    compared = 0
    for item in demo_items:
        args = [item.published_revision.briefing.slug, item.pk]
        csl_file = tmp_path / f"item-{item.pk}.json"
        csl_file.write_bytes(client.get(reverse("briefings:item_csl", args=args)).content)
        page = client.get(reverse("briefings:item", args=args)).content.decode()
        printed = dict(PRINTED.findall(page))
        assert set(printed) == set(citations.STYLES), page
        for label, style in citations.STYLES.items():
            assert printed[label] == _as_pandoc_users_cite(csl_file, style, locale), (
                item.pk,
                label,
            )
            compared += 1
    assert compared == 2 * len(demo_items)


def test_the_demo_citations_say_what_citeproc_py_got_wrong(demo_items):
    shown = " ".join(
        str(text)
        for item in demo_items
        for _, text in citations.formatted(
            citations.item_csl(item.published_revision.briefing, item)
        )
    )
    # The en-US locale puts the full stop inside the closing quote.
    assert ".”" in shown and "”." not in shown
    assert "title unknown" not in shown.lower()


def test_a_belarusian_title_keeps_its_case_and_language(demo_items):
    (item,) = [item for item in demo_items if item.source.language == "be"]
    record = citations.item_csl(item.published_revision.briefing, item)
    assert record["language"] == "be"
    chicago = str(dict(citations.formatted(record))["Chicago"])
    assert record["title"] in chicago  # no English title case: "Памежныя пераходы зноў…"


@pytest.fixture
def odd_url(editor, reviewer):
    url = "https://news.example/a_b/~c?d=1&e=%20f#g_h"
    source = make_source(text="Words said here.\nMore.", title="", author="Anna Kowalczyk", url=url)
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=BriefingFactory(slug="odd"),
        quote="Words said here.",
    )
    return item, url


def _download(item, route: str) -> str:
    return Client().get(reverse(f"briefings:{route}", args=["odd", item.pk])).content.decode()


@pytest.mark.parametrize("reader", ["bibtex", "biblatex"])
def test_pandoc_reads_the_bibtex_url_with_every_character_intact(odd_url, reader):
    item, url = odd_url
    bib = _download(item, "item_bibtex")
    (record,) = json.loads(_pandoc([f"--from={reader}", "--to=csljson"], bib))
    assert record["URL"] == url


def test_an_untitled_source_is_exported_without_a_title(odd_url):
    item, _ = odd_url
    (record,) = json.loads(_download(item, "item_csl"))
    assert "title" not in record
    ris = _download(item, "item_ris")
    assert "TI  -" not in ris
    bib = _download(item, "item_bibtex")
    assert "title =" not in bib
    for text in (json.dumps(record), ris, bib):
        assert "unknown" not in text.lower()
    (read,) = json.loads(_pandoc(["--from=bibtex", "--to=csljson"], bib))
    assert "title" not in read


def test_a_url_with_braces_or_spaces_stays_the_same_address_in_bibtex():
    assert citations.bibtex_url("https://x.example/{a}\\b c") == (
        "https://x.example/%7Ba%7D%5Cb%20c"
    )


def test_the_formatted_citation_holds_no_markup_from_the_record(editor, reviewer):
    source = make_source(
        text="Words said here.\nMore.",
        title='Report <script>alert(1)</script> <img src=x onerror="alert(2)">',
        author="<b onclick=alert(3)>Doe</b>, Jane",
        url="https://news.example/a?b=<script>",
    )
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=BriefingFactory(slug="evil"),
        quote="Words said here.",
    )
    for _, text in citations.formatted(citations.item_csl(item.published_revision.briefing, item)):
        tags = _Tags()
        tags.feed(str(text))
        assert {tag for tag, _ in tags.found} <= {"span", "em", "i", "b", "strong", "a"}
        for tag, attributes in tags.found:
            for name, value in attributes:
                assert (tag, name) == ("a", "href") and value.startswith("https://"), (tag, name)
        assert "<b onclick=alert(3)>Doe</b>, J" in "".join(tags.words)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_data(self, data):
        self.words.append(data)
