"""What an imported document holds: plain text, Markdown or an HTML page, read into a text that
is ready to store, with the kinds of block the document itself declares.

The command line, the upload form, the paste form and the URL fetcher all come through here, so
the same file gives the same stored text whichever way it arrives.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django.utils.translation import gettext

from sources.extraction import decode_html, reduce_html
from sources.fetching import Fetched
from sources.importing import (
    ImportRefused,
    PreparedText,
    SourceMetadata,
    check_text_bytes,
    decode_text,
    tidy_lines,
    tidy_text,
)
from sources.structure import BlockKind, guess_kind
from sources.web_encodings import web_encoding

PLAIN_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = PLAIN_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-{2,})[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


def read_plain(text: str, *, imported_from: str = "") -> PreparedText:
    """A plain text: a short line without closing punctuation is taken for a heading."""
    return PreparedText(tidy_text(text), SourceMetadata(), [], imported_from)


def read_markdown(text: str, *, imported_from: str = "") -> PreparedText:
    """Markdown: its headings are headings, every other line a paragraph (or a byline)."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        previous = lines[-1] if lines else ""
        if previous.strip() and _SETEXT_UNDERLINE.match(line) and not _ATX_HEADING.match(previous):
            lines[-1] = f"# {previous.strip()}"
            continue
        lines.append(line)
    if not any(_ATX_HEADING.match(line) for line in lines):
        return read_plain(text, imported_from=imported_from)
    if any(not line.strip() for line in lines):
        # Headings and list items are blocks of their own even where no blank line parts them.
        spaced: list[str] = []
        for line in lines:
            if _ATX_HEADING.match(line):
                spaced += ["", line, ""]
            elif _LIST_ITEM.match(line):
                spaced += ["", line]
            else:
                spaced.append(line)
        lines = spaced
    pairs = []
    for line in tidy_text("\n".join(lines)).split("\n"):
        heading = _ATX_HEADING.match(line)
        if heading:
            pairs.append((heading["text"], BlockKind.HEADING))
        else:
            byline = guess_kind(line) == BlockKind.BYLINE
            pairs.append((line, BlockKind.BYLINE if byline else BlockKind.PARAGRAPH))
    stored, kinds = tidy_lines(pairs)
    return PreparedText(stored, SourceMetadata(), kinds, imported_from)


def read_html(html: str, *, url: str = "", name: str = "the page", imported_from: str = ""):
    """An HTML page reduced to its article, with the metadata the page states."""
    lines, metadata = reduce_html(html, url=url, name=name)
    stored, kinds = tidy_lines(lines)
    return PreparedText(stored, metadata, kinds, imported_from)


def read_file(name: str, data: bytes) -> PreparedText:
    """A file by its name's suffix: .txt, .md or .html; ImportRefused for anything else."""
    name = PurePath(name).name or "the file"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            gettext("%(name)s is not a file the desk imports: give a .txt, .md or .html file.")
            % {"name": name}
        )
    if suffix in HTML_SUFFIXES:
        check_text_bytes(data, name=name)
        return read_html(decode_html(data, name=name), name=name, imported_from=name)
    text = decode_text(data, name=name)
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown(text, imported_from=name)
    return read_plain(text, imported_from=name)


def read_fetched(fetched: Fetched) -> PreparedText:
    """A fetched web page or text, with the URL it was asked for as the source's URL."""
    name = fetched.url
    check_text_bytes(fetched.body, name=name)
    if fetched.is_html:
        html = decode_html(fetched.body, charset=fetched.charset, name=name)
        prepared = read_html(html, url=fetched.url, name=name, imported_from=fetched.url)
    else:
        # A label outside the web's encodings (punycode, unicode_escape) counts as none: UTF-8.
        encoding = web_encoding(fetched.charset)
        if encoding and encoding not in {"utf-8", "utf-8-sig"}:
            try:
                text = fetched.body.decode(encoding)
            except UnicodeDecodeError:
                raise ImportRefused(
                    gettext("%(name)s is not readable as %(charset)s.")
                    % {"name": name, "charset": fetched.charset}
                ) from None
        else:
            text = decode_text(fetched.body, name=name)
        reader = read_markdown if fetched.content_type != "text/plain" else read_plain
        prepared = reader(text, imported_from=fetched.url)
        prepared.metadata.url = fetched.url
    return prepared
