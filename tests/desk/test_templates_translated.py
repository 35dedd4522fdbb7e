"""Every template's visible words are marked for translation ({% translate %}/{% blocktranslate %}).

Each template is read with Django's own lexer: the text between template tags, outside
translate blocks and comments, is parsed as HTML, and any words left in it (or in a title,
aria-label, placeholder or alt attribute) are English the Polish reader would see untranslated.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Names, not words: the product's, the date standard's and the file formats' are the same in
# every language.
NOT_WORDS = ("Briefing Desk", "EDTF", "CSL-JSON", "BibTeX", "RIS", "SHA-256")
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# What stands for a template tag or variable: a space, so that `<p{% if %} class…>` parses.
HOLE = " "


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            # A <link>'s title names a feed for software, never shown on the page.
            if name in SHOWN_ATTRIBUTES and value and tag not in ("link", "meta"):
                self._keep(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._keep(data)

    def _keep(self, text: str) -> None:
        for name in NOT_WORDS:
            text = text.replace(name, "")
        if re.search(r"[^\W\d_]{2,}", text):
            self.found.append(" ".join(text.split()))


def untranslated_words(source: str) -> list[str]:
    """The visible words of a template's source that no translate tag covers."""
    kept: list[str] = []
    skipping: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type is TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skipping:
                if name == skipping:
                    skipping = None
                continue
            if name in ("blocktranslate", "blocktrans"):
                skipping = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name in ("comment", "verbatim"):
                skipping = "end" + name
            elif token.contents.split()[1:2] == ["body_class"]:
                # The body's class attribute: class names, not words.
                skipping = "endblock"
            kept.append(HOLE)
        elif token.token_type is TokenType.TEXT and not skipping:
            kept.append(token.contents)
        elif not skipping:
            kept.append(HOLE)
    parser = _Words()
    parser.feed("".join(kept))
    parser.close()
    return parser.found


def all_templates() -> list[str]:
    return [path.relative_to(TEMPLATES).as_posix() for path in sorted(TEMPLATES.rglob("*.html"))]


@pytest.mark.parametrize("name", all_templates())
def test_template_has_no_untranslated_words(name):
    assert untranslated_words((TEMPLATES / name).read_text()) == []


def test_the_check_finds_words_left_untranslated():
    source = (
        '{% load i18n %}<h1>{% translate "Items" %}</h1><p>{{ count }} left</p>'
        '<a title="Open it" href="{% url "x" %}">{% blocktranslate %}Go {{ x }}{% endblocktranslate %}</a>'
        "{# a note #}{% comment %}Why this is so{% endcomment %}<script>var x;</script>"
        "<title>{{ t }} — Briefing Desk</title> · ← {{ y }}"
    )
    assert untranslated_words(source) == ["left", "Open it"]
