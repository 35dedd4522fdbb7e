"""Citations (CSL-JSON, RIS, BibTeX, formatted) and embeds (oEmbed, card, image, JSON-LD)."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from desk.public.citations import bibtex_text, to_bibtex, to_ris
from tests.factories import BriefingFactory, excerpt_in, make_source

EVIL = 'He said </script><!-- {x} \\end{document} "quoted" & <b>bold</b> \u2028 RIS\nER  - done.'


@pytest.fixture
def world(db, editor, reviewer):
    source = make_source(
        text=f"First paragraph.\n{EVIL}\nLast one.",
        title="Report {on} \\input{x}\nTY  - JOUR",
        author="Jane <img src=x onerror=alert(1)> Doe",
        outlet="The Times",
        url="https://news.example/a?b=1&c=2",
        published="2024-03-05",
    )
    briefing = BriefingFactory(slug="cites")
    live = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=briefing,
        quote=EVIL.split("\n")[0],
    )
    draft = excerpt_in(
        "draft",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=briefing,
        quote="First paragraph.",
    )
    withdrawn = excerpt_in(
        "withdrawn",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=briefing,
        quote="Last one.",
    )
    return {
        "briefing": briefing,
        "live": live,
        "draft": draft,
        "withdrawn": withdrawn,
        "source": source,
    }


ITEM_ROUTES = ("item_csl", "item_ris", "item_bibtex", "card", "card_image")


def test_every_citation_and_embed_route_answers_404_for_drafts_and_withdrawn_items(world):
    client = Client()
    for name in ITEM_ROUTES:
        ok = client.get(reverse(f"briefings:{name}", args=["cites", world["live"].pk]))
        assert ok.status_code == 200, name
        for hidden in ("draft", "withdrawn"):
            url = reverse(f"briefings:{name}", args=["cites", world[hidden].pk])
            assert client.get(url).status_code == 404, (name, hidden)
        assert client.get(reverse(f"briefings:{name}", args=["cites", 999999])).status_code == 404


def test_a_private_briefing_s_live_item_is_404_everywhere(world):
    from desk.models import Briefing

    Briefing.objects.filter(pk=world["briefing"].pk).update(is_public=False)
    client = Client()
    for name in ITEM_ROUTES:
        url = reverse(f"briefings:{name}", args=["cites", world["live"].pk])
        assert client.get(url).status_code == 404, name
    live = f"http://testserver/briefings/cites/items/{world['live'].pk}/"
    assert client.get(reverse("briefings:oembed"), {"url": live}).status_code == 404


def test_hidden_items_are_404_for_staff_too(world, client, editor, reviewer):
    """Signed-in staff are served the public routes like anyone: no draft leaks through them."""
    for user in (editor, reviewer):
        client.force_login(user)
        for name in ITEM_ROUTES:
            url = reverse(f"briefings:{name}", args=["cites", world["draft"].pk])
            assert client.get(url).status_code == 404, (user, name)
        oembed = reverse("briefings:oembed")
        draft = f"http://testserver/briefings/cites/items/{world['draft'].pk}/"
        assert client.get(oembed, {"url": draft}).status_code == 404


def test_citation_files_escape_user_text_for_their_format(world):
    client = Client()
    pk = world["live"].pk
    csl = json.loads(client.get(reverse("briefings:item_csl", args=["cites", pk])).content)
    assert csl[0]["author"] == [{"family": "Doe", "given": "Jane <img src=x onerror=alert(1)>"}]
    assert csl[0]["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert csl[0]["container-title"] == "The Times"

    ris = client.get(reverse("briefings:item_ris", args=["cites", pk])).content.decode()
    lines = ris.split("\r\n")
    # The title's line break cannot start a field of its own.
    assert [line[:2] for line in lines if line].count("TY") == 1
    assert [line for line in lines if line.startswith("ER")] == ["ER  - "]
    assert "DA  - 2024/03/05" in lines

    bib = client.get(reverse("briefings:item_bibtex", args=["cites", pk])).content.decode()
    assert "\\input{x}" not in bib
    body = bib[bib.index("{") + 1 : bib.rindex("}")]
    depth = 0
    for char in body:  # BibTeX counts every brace: the user's must never unbalance a field
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert "title = {Report \\textbraceleft{}on\\textbraceright{} \\textbackslash{}input" in bib


def test_bibtex_and_ris_escaping_of_odd_text():
    assert (
        bibtex_text("50% & {x}\\")
        == "50\\% \\& \\textbraceleft{}x\\textbraceright{}\\textbackslash{}"
    )
    record = {"id": "item-1", "title": "A\r\nER  - \u2028B", "author": [{"literal": "X}{Y"}]}
    assert to_ris(record).count("\r\n") == 5  # TY, ID, TI, AU, ER: the breaks became spaces
    assert "author = {{X\\textbraceright{}\\textbraceleft{}Y}}" in to_bibtex(record)


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts, self._in = {}, [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta.setdefault(attrs["name"], attrs["content"])
        if tag == "meta" and "property" in attrs:
            self.meta.setdefault(attrs["property"], attrs["content"])
        if tag == "link":
            self.links.append(attrs)
        if tag == "script":
            self._in = attrs.get("type")
            self.scripts.append([self._in, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.scripts[-1][1] += data


def test_item_page_carries_citation_meta_json_ld_and_formatted_citations(world):
    response = Client().get(reverse("briefings:item", args=["cites", world["live"].pk]))
    page = response.content.decode()
    head = _Head()
    head.feed(page)
    assert head.meta["citation_title"].startswith("Report {on}")
    assert head.meta["citation_author"] == "Doe, Jane <img src=x onerror=alert(1)>"
    assert head.meta["citation_publication_date"] == "2024/03/05"
    assert head.meta["citation_journal_title"] == "The Times"
    assert head.meta["citation_public_url"].endswith(f"/items/{world['live'].pk}/")
    assert head.meta["og:image"].endswith("card.png")
    assert head.meta["twitter:card"] == "summary_large_image"
    # One JSON-LD block that the quote's "</script>" and "<!--" could not break out of.
    ld = [text for kind, text in head.scripts if kind == "application/ld+json"]
    assert len(ld) == 1
    data = json.loads(ld[0])
    assert data["@type"] == "Quotation"
    assert data["text"] == EVIL.split("\n")[0]
    assert data["citation"]["@type"] == "CreativeWork"
    assert data["isPartOf"] == {
        "@type": "CreativeWork",
        "name": world["briefing"].title,
        "url": "http://testserver/briefings/cites/",
        "inLanguage": "en",
    }
    assert "<img src=x" not in page and "<b>bold</b>" not in page
    assert "Chicago" in page and "APA" in page
    assert "Doe, Jane &lt;img src=x onerror=alert(1)&gt;. 2024. <span>“Report" in page  # Chicago
    assert "Edition." not in page
    # APA initials each given name, the markup's words too: text, never a tag.
    assert "Doe, J. &lt;img. src=x. onerror=alert(1)&gt;. (2024" in page  # APA


def test_an_oembed_consumer_embeds_an_item(world):
    """Like a consumer: find the discovery link, call it, frame the card it names."""
    client = Client()
    page = client.get(reverse("briefings:item", args=["cites", world["live"].pk]))
    head = _Head()
    head.feed(page.content.decode())
    (link,) = [each for each in head.links if each.get("type") == "application/json+oembed"]
    endpoint = urlsplit(link["href"])
    answer = client.get(endpoint.path + "?" + endpoint.query + "&maxwidth=300")
    assert answer.status_code == 200
    embed = answer.json()
    assert embed["type"] == "rich" and embed["version"] == "1.0"
    assert embed["width"] == 300 and embed["height"] > 0
    card = re.search(r'<iframe src="([^"]+)"', embed["html"]).group(1)
    assert card == f"http://testserver/briefings/cites/items/{world['live'].pk}/card/"
    framed = Client().get(urlsplit(card).path)
    assert framed.status_code == 200
    assert not framed.cookies
    assert "Set-Cookie" not in framed.headers
    assert "X-Frame-Options" not in framed.headers
    assert "frame-ancestors *" in framed.headers["Content-Security-Policy"]
    assert b"He said &lt;/script&gt;" in framed.content
    # Every other page still refuses to be framed.
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors *" not in page.headers["Content-Security-Policy"]


def test_oembed_refuses_what_it_cannot_embed(world):
    client = Client()
    url = reverse("briefings:oembed")
    base = "http://testserver/briefings/cites/items/"
    assert client.get(url).status_code == 400
    assert client.get(url, {"url": f"{base}{world['draft'].pk}/"}).status_code == 404
    assert client.get(url, {"url": f"{base}{world['withdrawn'].pk}/"}).status_code == 404
    assert (
        client.get(
            url, {"url": f"http://evil.example/briefings/cites/items/{world['live'].pk}/"}
        ).status_code
        == 404
    )
    assert client.get(url, {"url": "http://testserver/desk/"}).status_code == 404
    assert client.get(url, {"url": "http://[broken/"}).status_code == 404
    assert client.get(url, {"url": "http://testserver/briefings/cites/items/x/"}).status_code == 404
    live = f"{base}{world['live'].pk}/"
    assert client.get(url, {"url": live, "format": "xml"}).status_code == 501


def test_card_image_is_a_png_of_open_graph_size(world):
    response = Client().get(reverse("briefings:card_image", args=["cites", world["live"].pk]))
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_source_citation_files_are_for_staff_only(world, client, editor):
    url = reverse("sources:citation_bibtex", args=[world["source"].pk])
    assert Client().get(url).status_code == 302
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"@article{source-" in response.content
    reader = client.get(reverse("sources:reader", args=[world["source"].pk])).content.decode()
    assert f'href="{url}"' in reader
