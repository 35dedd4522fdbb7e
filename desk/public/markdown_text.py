"""User text made safe for a Markdown document that newsletter tools will render.

Quotes, titles, citations and correction notes are text: every character that Markdown or HTML
would read as structure is escaped, so `<img onerror=…>` stays visible words and a quote that
starts with "* " stays a quote, not a list. Annotations are Markdown written by editors, but of
their syntax only links travel, and only to http, https and mailto addresses; the rest is shown
as the editor typed it.

HTML's three special characters become character references (Python-Markdown does not honour a
backslash before `<`); Markdown's become backslash escapes, which CommonMark and Python-Markdown
both read.
"""

from __future__ import annotations

import re

# Always significant inline (emphasis, code, links, images' brackets, escapes).
_INLINE = re.compile(r"([\\`*_\[\]{}()!])")
# Significant only at the start of a line: headings, lists, thematic breaks, tables, quotes.
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+(?=[.)]))")
# And those Python-Markdown has no backslash escape for: tables' bars, strikethrough's tildes, and
# the equals signs that underline a heading.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;", "=": "&#61;"}
_HTML_CHARS = re.compile("[&<>|~=]")

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
# A link as editors write it: [words](address), the address without spaces, quotes or brackets.
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(\s*([^\s()<>\"'`]{1,2000})\s*\)")


def text(value: str) -> str:
    """Plain text as Markdown that renders as exactly these words, on these lines."""
    lines = []
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # Leading spaces would make an indented code block; they are layout, not words.
        line = line.strip(" \t")
        line = _HTML_CHARS.sub(lambda found: _HTML[found.group()], line)
        line = _INLINE.sub(r"\\\1", line)
        line = _LINE_START.sub(_escape_line_start, line)
        lines.append(line)
    return "\n".join(lines)


def _escape_line_start(found: re.Match) -> str:
    spaces, mark = found.group(1), found.group(2)
    # "1." starts a numbered list: the escape goes between the number and its dot.
    return f"{spaces}{mark}\\" if mark.isdigit() else f"{spaces}\\{mark}"


def safe_link(address: str) -> bool:
    """Whether an address may be a link in the export: http, https or mailto only."""
    return address.lower().startswith(ALLOWED_SCHEMES) and len(address) > len("mailto:")


def annotation(value: str) -> str:
    """An annotation's words as text, keeping its links to http, https and mailto addresses."""
    links: list[str] = []

    def hold(found: re.Match) -> str:
        words, address = found.group(1), found.group(2)
        # A link to anywhere else (javascript:, data:, a relative path) keeps only its words.
        links.append(f"[{text(words)}]({address})" if safe_link(address) else text(words))
        return f"\ue000{len(links) - 1}\ue001"

    # Private-use characters hold each link's place while the words around it are escaped.
    held = _LINK.sub(hold, value.replace("\ue000", "").replace("\ue001", ""))
    return re.sub("\ue000(\\d+)\ue001", lambda found: links[int(found.group(1))], text(held))


def quote_block(value: str) -> str:
    """A quote as a Markdown block quote, every line of it inside the quote."""
    return "\n".join(f"> {line}" if line else ">" for line in text(value).split("\n"))
