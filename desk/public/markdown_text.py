"""User text made safe for a Markdown document that newsletter tools will render.

Quotes, titles, citations and correction notes are text: every character that Markdown or HTML
would read as structure is escaped, so `<img onerror=…>` stays visible words and a quote that
starts with "* " stays a quote, not a list. Annotations are Markdown written by editors: they travel
as readers see them on the item's page, read from its sanitised HTML, so emphasis, lists and links
to http, https and mailto addresses stay and raw HTML never passes.

HTML's three special characters become character references (Python-Markdown does not honour a
backslash before `<`); Markdown's become backslash escapes, which CommonMark and Python-Markdown
both read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from desk.annotation import render_annotation

# Always significant inline (emphasis, code, links, images' brackets, escapes).
_INLINE = re.compile(r"([\\`*_\[\]{}()!])")
# Significant only at the start of a line: headings, lists, thematic breaks, tables, quotes.
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+(?=[.)]))")
# And those Python-Markdown has no backslash escape for: tables' bars, strikethrough's tildes, and
# the equals signs that underline a heading.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;", "=": "&#61;"}
_HTML_CHARS = re.compile("[&<>|~=]")

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def text(value: str) -> str:
    """Plain text as Markdown that renders as exactly these words, on these lines."""
    lines = []
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # Leading spaces would make an indented code block; they are layout, not words.
        lines.append(_escape(line.strip(" \t")))
    return "\n".join(lines)


def _escape(line: str) -> str:
    """One line's words escaped, its spaces kept (the words may sit beside emphasis)."""
    line = _HTML_CHARS.sub(lambda found: _HTML[found.group()], line)
    line = _INLINE.sub(r"\\\1", line)
    # Escaped wherever the words start: harmless mid-line, and a line start is not known here.
    return _LINE_START.sub(_escape_line_start, line)


def _escape_line_start(found: re.Match) -> str:
    spaces, mark = found.group(1), found.group(2)
    # "1." starts a numbered list: the escape goes between the number and its dot.
    return f"{spaces}{mark}\\" if mark.isdigit() else f"{spaces}\\{mark}"


def safe_link(address: str) -> bool:
    """Whether an address may be a link in the export: http, https or mailto only."""
    return address.lower().startswith(ALLOWED_SCHEMES) and len(address) > len("mailto:")


def annotation(value: str) -> str:
    """An annotation as Markdown showing what readers see of it on the item's page.

    It is read from the page's own sanitised HTML (desk.annotation.render_annotation), so what
    the page drops (raw HTML, images, links to javascript: or data:) is dropped here too, and what
    it keeps travels as Markdown: paragraphs, emphasis, links to http, https and mailto
    addresses, lists, block quotes and headings. Every word in it is escaped as text.
    """
    tree = _Tree()
    tree.feed(render_annotation(value.replace(_HARD_BREAK, "")))
    tree.close()
    return _blocks(tree.root.children).strip("\n")


@dataclass
class _Node:
    tag: str
    href: str = ""
    children: list = field(default_factory=list)


class _Tree(HTMLParser):
    """The sanitised HTML as a tree: nh3 balanced it, so every end tag closes its start."""

    _VOID = frozenset({"br", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = _Node(tag, href=dict(attrs).get("href") or "")
        self.open[-1].children.append(node)
        if tag not in self._VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


_BLOCKS = frozenset({"p", "ul", "ol", "li", "blockquote", "h3", "h4", "hr", "pre"})


def _inline(nodes: list) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            # Inside a paragraph a line break in the HTML is a soft one: kept as a line break.
            out.append("\n".join(_escape(line) for line in node.split("\n")))
            continue
        inner = _inline(node.children)
        words = inner.strip()
        # Emphasis marks must touch the words they wrap, or CommonMark reads them as text.
        before, after = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        if node.tag in ("strong", "b") and words:
            out.append(f"{before}**{words}**{after}")
        elif node.tag in ("em", "i") and words:
            out.append(f"{before}*{words}*{after}")
        elif node.tag == "a" and words and node.href and safe_link(node.href):
            out.append(f"{before}[{words}]({_address(node.href)}){after}")
        elif node.tag == "br":
            out.append(_HARD_BREAK + "\n")
        else:
            out.append(inner)
    return "".join(out)


def _address(href: str) -> str:
    # nh3 kept only http, https and mailto; brackets and spaces would end the link early.
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# Held by a private-use character while lines are trimmed, then two spaces: the hard line break
# both CommonMark and Python-Markdown read.
_HARD_BREAK = "\ue000"


def _lines(text: str) -> list[str]:
    # A line's leading spaces would make an indented code block: they are layout, not words.
    text = text.rstrip().removesuffix(_HARD_BREAK)  # a break that ends the block breaks nothing
    return [line.strip(" \t").replace(_HARD_BREAK, "  ") for line in text.split("\n")]


def _blocks(nodes: list) -> str:
    out: list[str] = []
    run: list = []

    def paragraph(nodes: list) -> None:
        text = "\n".join(line for line in _lines(_inline(nodes)) if line)
        if text:
            out.append(text)

    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCKS:
            run.append(node)
            continue
        paragraph(run)
        run = []
        if node.tag == "p" or node.tag == "pre":
            paragraph(node.children)
        elif node.tag in ("h3", "h4"):
            words = " ".join(_lines(_inline(node.children))).strip()
            if words:
                out.append(f"{'#' * int(node.tag[1])} {words}")
        elif node.tag == "hr":
            out.append("* * *")
        elif node.tag == "blockquote":
            inner = _blocks(node.children)
            out.append("\n".join(f"> {line}" if line else ">" for line in inner.split("\n")))
        elif node.tag in ("ul", "ol"):
            entries = [child for child in node.children if isinstance(child, _Node)]
            lines = []
            for number, entry in enumerate(entries, start=1):
                mark = f"{number}. " if node.tag == "ol" else "- "
                inner = _blocks(entry.children).split("\n")
                lines.append(mark + inner[0])
                lines += [" " * len(mark) + line if line else "" for line in inner[1:]]
            out.append("\n".join(lines))
        else:  # a stray <li>
            paragraph(node.children)
    paragraph(run)
    return "\n\n".join(out)


def quote_block(value: str) -> str:
    """A quote as a Markdown block quote, every line of it inside the quote."""
    return "\n".join(f"> {line}" if line else ">" for line in text(value).split("\n"))
