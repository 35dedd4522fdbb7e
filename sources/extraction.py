"""Reducing a web page to its article: the text, block by block with its kinds, and what the
page says about itself.

The article text comes from trafilatura. Headings stay headings; captions and bylines, which
trafilatura would drop, are kept and marked as not body text. Metadata is taken only from what
the page states: a field the page does not state stays blank (unknown), and a publication date
keeps the precision the page gives it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from django.utils.translation import gettext
from trafilatura.metadata import extract_metadata

from sources.authors import Author, as_lines, from_stated, read_name
from sources.dates import PartialDate
from sources.importing import ImportRefused, SourceMetadata
from sources.structure import BlockKind
from sources.web_encodings import web_encoding

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
# Where pages state their publication date, most specific first.
_DATE_XPATHS = [
    '//meta[@property="article:published_time" or @name="article:published_time"]/@content',
    '//*[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//meta[@name="citation_publication_date" or @name="dc.date.issued" or @name="DC.date.issued"'
    ' or @name="dcterms.issued" or @name="dc.date" or @name="DC.date" or @name="pubdate"'
    ' or @name="publish-date" or @name="date"]/@content',
]
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def decode_html(data: bytes, *, charset: str | None = None, name: str = "the page") -> str:
    """The page's bytes as text: the declared encoding, else UTF-8; ImportRefused otherwise.

    Only the web's own encodings count as declared (sources.web_encodings): a page declaring
    `punycode` or `unicode_escape` is read as if it declared nothing.
    """
    candidates = []
    if charset:
        candidates.append(web_encoding(charset))
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.append("utf-8-sig")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        candidates.append(web_encoding(declared.group(1).decode("ascii")))
    candidates.append("utf-8")
    for encoding in candidates:
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            break
    raise ImportRefused(
        gettext("%(name)s is not UTF-8 and does not declare an encoding the desk can read.")
        % {"name": name}
    )


def _parse(html: str, name: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (lxml.etree.ParserError, ValueError):
        raise ImportRefused(
            gettext("%(name)s is not an HTML page the desk can read.") % {"name": name}
        ) from None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _text(element: lxml.etree._Element) -> str:
    for line_break in element.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    return _clean("".join(element.itertext()))


def _json_ld_dates(tree: lxml.html.HtmlElement) -> Iterator[str]:
    def walk(item) -> Iterator[str]:
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
            for child in item.values():
                yield from walk(child)
        elif isinstance(item, list):
            for child in item:
                yield from walk(child)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            yield from walk(json.loads(script.text or ""))
        except ValueError:
            continue


def _json_ld_author(value) -> Author | None:
    if isinstance(value, str):
        return read_name(value)
    if not isinstance(value, dict):
        return None
    kinds = value.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    name = value.get("name") if isinstance(value.get("name"), str) else ""
    if "Organization" in kinds or "NewsMediaOrganization" in kinds:
        return Author(organisation=_clean(name)) if name.strip() else None
    family, given = value.get("familyName"), value.get("givenName")
    if isinstance(family, str) and family.strip():
        return Author(family=_clean(family), given=_clean(given) if isinstance(given, str) else "")
    return read_name(name)


def _json_ld_authors(tree: lxml.html.HtmlElement) -> tuple[Author, ...]:
    """The first author list a page's JSON-LD gives (an article's `author`: one or a list)."""

    def walk(item) -> Iterator[list]:
        if isinstance(item, dict):
            if "author" in item:
                found = item["author"]
                yield found if isinstance(found, list) else [found]
            for child in item.values():
                yield from walk(child)
        elif isinstance(item, list):
            for child in item:
                yield from walk(child)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            for found in walk(json.loads(script.text or "")):
                authors = tuple(filter(None, map(_json_ld_author, found)))
                if authors:
                    return authors
        except ValueError:
            continue
    return ()


def stated_authors(tree: lxml.html.HtmlElement, found: str) -> tuple[Author, ...]:
    """The page's authors: its `citation_author` tags (one per author, as Google Scholar asks),
    else its JSON-LD's, else what trafilatura `found` (the author meta tag and bylines, which it
    joins with semicolons)."""
    tags = tree.xpath('//meta[@name="citation_author"]/@content')
    cited = tuple(filter(None, (read_name(str(tag)) for tag in tags)))
    return cited or _json_ld_authors(tree) or from_stated(found)


def stated_date(tree: lxml.html.HtmlElement) -> str:
    """The publication date the page states, to the precision it states it, or ""."""
    stated = [str(value) for xpath in _DATE_XPATHS for value in tree.xpath(xpath)]
    for value in [*stated[:1], *_json_ld_dates(tree), *stated[1:]]:
        match = _ISO_DATE_PREFIX.match(value)
        if not match:
            continue
        try:
            return PartialDate.parse("-".join(part for part in match.groups() if part)).iso()
        except ValueError:
            continue
    return ""


def _stated_language(tree: lxml.html.HtmlElement) -> str:
    language = (tree.get("lang") or "").strip().replace("_", "-")
    return language.lower() if _LANGUAGE.match(language) and len(language) <= 20 else ""


def page_metadata(tree: lxml.html.HtmlElement, url: str = "") -> SourceMetadata:
    """What the page says about itself; blank where it says nothing."""
    found = extract_metadata(copy.deepcopy(tree), default_url=url or None)
    sitename = _clean(found.sitename or "")
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    # trafilatura names an unnamed site after its domain: that is a guess, not the outlet.
    if sitename.lower().removeprefix("www.") in {host, host.split(".")[0]} and host:
        sitename = ""
    return SourceMetadata(
        title=_clean(found.title or "")[:500],
        author=as_lines(stated_authors(tree, _clean(found.author or ""))),
        outlet=sitename[:300],
        url=url,
        published=stated_date(tree),
        language=_stated_language(tree),
    )


def _asides(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Captions and bylines, turned into plain paragraphs so trafilatura keeps them."""
    asides: dict[str, str] = {}
    for caption in tree.xpath("//figcaption"):
        asides[_clean(caption.text_content())] = BlockKind.CAPTION
        caption.tag = "p"
    for figure in tree.xpath("//figure"):
        figure.tag = "div"
    for byline in tree.xpath(
        '//*[contains(concat(" ", normalize-space(@class), " "), " byline ")'
        ' or contains(@class, "byline")]'
    ):
        asides[_clean(byline.text_content())] = BlockKind.BYLINE
        byline.attrib.pop("class", None)
        byline.tag = "p"
    return asides


def _lines(element: lxml.etree._Element) -> Iterator[tuple[str, str | None]]:
    """The blocks of trafilatura's XML output, each with the kind its markup gives it."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "head":
            yield _text(child), BlockKind.HEADING
        elif tag in {"list", "quote", "div", "main"} and any(
            isinstance(grandchild.tag, str) for grandchild in child
        ):
            yield from _lines(child)
        elif tag == "table":
            for row in child.iter("row"):
                yield _clean(" ".join(_text(cell) for cell in row)), BlockKind.TABLE_ROW
        elif tag in {"graphic", "comments"}:
            continue
        elif tag == "item":
            yield _text(child), BlockKind.LIST_ITEM
        else:
            yield _text(child), BlockKind.PARAGRAPH


def reduce_html(html: str, *, url: str = "", name: str = "the page") -> tuple[list, SourceMetadata]:
    """The article of an HTML page as (line, kind) pairs, and the page's own metadata."""
    tree = _parse(html, name)
    metadata = page_metadata(tree, url)
    asides = _asides(tree)
    output = trafilatura.extract(
        tree,
        url=url or None,
        output_format="xml",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not output:
        raise ImportRefused(gettext("No article text was found in %(name)s.") % {"name": name})
    document = lxml.etree.fromstring(output.encode("utf-8"))
    main = document.find("main")
    lines = [
        (line, asides.get(line, kind))
        for line, kind in _lines(main if main is not None else document)
        if line
    ]
    if not lines:
        raise ImportRefused(gettext("No article text was found in %(name)s.") % {"name": name})
    return lines, metadata
