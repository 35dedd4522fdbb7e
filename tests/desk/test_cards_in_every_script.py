"""The card image, oEmbed and link-preview tags as other software reads them, in every script.

The card image is drawn in DejaVu Sans (the rinoh-typeface-dejavusans wheel): every character drawn is
checked against the font's own character map (fontTools), so no glyph is the missing-glyph box.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from desk.public import embeds
from tests.factories import BriefingFactory, excerpt_in, make_source

BELARUSIAN = "Для Аляксандра Лукашэнкі гэта магчымасць паказаць, што ізаляцыя слабее — ўсё."
POLISH = "Zażółć gęślą jaźń: Łódź i Gdańsk — „tak”, powiedział."
BALTIC = "Ruginienė, Šiauliai, Ķegums, Ūdre, Ģirts, ļoti, ņem — Lietuvos Respublika."
LONG = " ".join([BELARUSIAN, POLISH, BALTIC] * 3) + " He said “enough”"


@cache
def _cmap(path: str) -> set[int]:
    return set(TTFont(path).getBestCmap())


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[str, str]]:
    """Every (text, font file) the card draws."""
    seen: list[tuple[str, str]] = []
    draw_text = ImageDraw.ImageDraw.text

    def text(self, xy, words, *args, font=None, **kwargs):
        seen.append((words, font.path))
        return draw_text(self, xy, words, *args, font=font, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    return seen


def _live(quote_text: str, *, editor, reviewer, author="Inga Ruginienė", title="Зноў адкрытыя"):
    source = make_source(
        text=f"First.\n{quote_text}\nLast.", author=author, outlet="Nasha Niva", title=title
    )
    briefing = BriefingFactory(slug="cards", title="Białoruś i Litwa — przegląd")
    annotation = "Said in **2025**, see [the report](https://example.org/r) & _more_."
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=briefing,
        quote=quote_text,
        annotation=annotation,
    )
    return briefing, item


@pytest.mark.parametrize("quote", [BELARUSIAN, POLISH, BALTIC, LONG])
def test_every_character_drawn_has_a_glyph_in_the_card_font(quote, drawn, editor, reviewer):
    briefing, item = _live(quote, editor=editor, reviewer=reviewer)
    response = Client().get(reverse("briefings:card_image", args=[briefing.slug, item.pk]))
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    assert drawn, "the card drew no text"
    for words, path in drawn:
        missing = {char for char in words if ord(char) not in _cmap(path) and char != " "}
        assert not missing, (words, missing)
    text = " ".join(words for words, _ in drawn)
    assert "Ruginienė" in text and "Białoruś i Litwa" in text


def test_pillows_own_font_would_have_drawn_boxes():
    # The check above can fail: the font the card used before lacks these letters.
    own = ImageFont.load_default(size=20)
    assert not {ord(char) for char in "ўёłė—"} <= set(TTFont(own.path).getBestCmap())


def test_the_card_font_is_debians_dejavu():
    cmap = _cmap(embeds.CARD_FONT)
    for char in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻėįųūčšžĖĮŲŪČŠŽāēīķļņĀĒĪĶĻŅўіЎІёЁ—–“”„‘’«»…·":
        assert ord(char) in cmap, char


def test_a_long_quote_is_cut_with_an_ellipsis_and_still_closes_once(drawn, editor, reviewer):
    briefing, item = _live(LONG, editor=editor, reviewer=reviewer)
    Client().get(reverse("briefings:card_image", args=[briefing.slug, item.pk]))
    quote_lines = [words for words, _ in drawn[: embeds.QUOTE_LINES]]
    assert quote_lines[0].startswith("“")
    assert quote_lines[-1].endswith("…”")
    assert not any("””" in line for line in quote_lines)


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("He said “enough”", "“He said ‘enough’”"),
        ("“The whole quote is a quotation.”", "“The whole quote is a quotation.”"),
        ("Plain words.", "“Plain words.”"),
        ("“One” and “two”", "“‘One’ and ‘two’”"),
    ],
)
def test_a_quotation_inside_the_quote_is_never_closed_twice(quote, shown):
    assert embeds.in_quotes(quote) == shown


@pytest.mark.parametrize(
    ("max_width", "max_height", "size"),
    [(600, 600, (600, 315)), (300, 100, (190, 100)), (2000, 2000, (1200, 630)), (1, 1, (1, 1))],
)
def test_thumbnail_size_keeps_the_proportions_within_the_bounds(max_width, max_height, size):
    assert embeds.thumbnail_size(max_width, max_height) == size


@pytest.mark.parametrize(
    ("maxwidth", "maxheight"),
    [("600", ""), ("", "200"), ("320", "320"), ("1000", "100"), ("5000", "5000")],
)
def test_oembed_thumbnails_come_at_the_size_asked(maxwidth, maxheight, editor, reviewer):
    briefing, item = _live(POLISH, editor=editor, reviewer=reviewer)
    permalink = f"http://testserver{reverse('briefings:item', args=[briefing.slug, item.pk])}"
    query = {"url": permalink, "maxwidth": maxwidth, "maxheight": maxheight}
    answer = json.loads(Client().get(reverse("briefings:oembed"), query).content)
    width, height = answer["thumbnail_width"], answer["thumbnail_height"]
    assert width <= int(maxwidth or 10**6) and height <= int(maxheight or 10**6)
    assert answer["width"] <= int(maxwidth or 10**6)
    assert answer["height"] <= int(maxheight or 10**6)
    image = Client().get(answer["thumbnail_url"].removeprefix("http://testserver"))
    assert image.status_code == 200
    assert Image.open(io.BytesIO(image.content)).size == (width, height)


def test_a_card_image_width_out_of_range_is_the_full_image(editor, reviewer):
    briefing, item = _live(POLISH, editor=editor, reviewer=reviewer)
    url = reverse("briefings:card_image", args=[briefing.slug, item.pk])
    for junk in ("0", "1200", "99999", "abc", "-5", "١٢٣"):
        image = Client().get(url, {"width": junk})
        assert Image.open(io.BytesIO(image.content)).size == (1200, 630), junk


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)


def _head(briefing, item) -> _Head:
    page = Client().get(reverse("briefings:item", args=[briefing.slug, item.pk]))
    head = _Head()
    head.feed(page.content.decode())
    return head


def test_link_previews_describe_the_item_in_plain_text(editor, reviewer):
    briefing, item = _live(POLISH, editor=editor, reviewer=reviewer)
    head = _head(briefing, item)
    expected = "Said in 2025, see the report & more."
    assert head.meta["og:description"] == expected
    assert head.meta["description"] == expected
    assert not re.search(r"[*_\[\]]", head.meta["og:description"])


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        (
            "Inga Ruginienė",
            {"@type": "Person", "name": "Inga Ruginienė", "givenName": "Inga",
             "familyName": "Ruginienė"},
        ),
        # The outlet's own byline is the outlet.
        ("Nasha Niva", {"@type": "Organization", "name": "Nasha Niva"}),
    ],
)  # fmt: skip
def test_json_ld_authors_are_people_or_organisations(author, expected, editor, reviewer):
    briefing, item = _live(POLISH, editor=editor, reviewer=reviewer, author=author)
    (data,) = [json.loads(block) for block in _head(briefing, item).json_ld]
    assert data["citation"]["author"] == [expected]
    assert data["citation"]["publisher"] == {"@type": "Organization", "name": "Nasha Niva"}


def test_a_machine_without_the_font_or_pandoc_fails_the_startup_check(monkeypatch):
    from desk.public import checks

    assert checks.machine_check() == []
    monkeypatch.setattr(checks, "CARD_FONT", "/nowhere/DejaVuSans.ttf")
    monkeypatch.setattr(checks, "PANDOC", "no-such-pandoc")
    assert [error.id for error in checks.machine_check()] == ["public.E001", "public.E002"]
