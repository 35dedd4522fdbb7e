"""Reading a Word document (.docx): its headings as headings, its paragraphs and tables in
order, its footnotes as footnotes, and the title and author it states about itself.

A .docx is a ZIP archive: before python-docx opens it, every entry is unpacked with a running
count (whatever its header claims), so a small file that would expand to gigabytes (a
decompression bomb) or one lying about its sizes is refused. A damaged document (footnotes
elsewhere, a footnote without a number, XML that is not well-formed) is refused saying so.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
from django.conf import settings
from django.utils.translation import gettext
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from sources.authors import as_lines, from_stated
from sources.importing import ImportRefused, PreparedText, SourceMetadata, size_in_words, tidy_lines
from sources.structure import BlockKind

HEADING_STYLES = ("heading", "title", "subtitle")
MAX_ENTRIES = 10_000
CHUNK = 1 << 20
# As python-docx parses its own parts: entities are never expanded nor fetched, so a part can
# neither grow by them nor read a file of the server into the text.
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _not_word(name: str) -> ImportRefused:
    return ImportRefused(
        gettext("%(name)s is not a Word document the desk can read.") % {"name": name}
    )


def damaged(name: str, what: str) -> ImportRefused:
    return ImportRefused(
        gettext("%(name)s is damaged (%(what)s): the desk cannot read it.")
        % {"name": name, "what": what}
    )


def check_archive(data: bytes, *, name: str) -> None:
    """ImportRefused for an archive that is damaged or would expand beyond the limit: every
    entry is unpacked (and dropped) with a running count, whatever sizes its headers claim, and
    an entry whose contents are not the size its header states is damaged."""
    limit = settings.SOURCE_MAX_INFLATED_BYTES
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            declared = sum(member.file_size for member in members)
            if declared > limit or len(members) > MAX_ENTRIES:
                raise _expands_too_far(name, declared, limit)
            expanded = 0
            for member in members:
                found = 0
                try:
                    with archive.open(member) as entry:
                        while chunk := entry.read(CHUNK):
                            found += len(chunk)
                            expanded += len(chunk)
                            if expanded > limit:
                                raise _expands_too_far(name, expanded, limit, at_least=True)
                except zipfile.BadZipFile:
                    # zipfile stops at the size the header states, then finds the checksum
                    # wrong: an entry that holds more than its header says.
                    found = -1
                if found != member.file_size:
                    raise damaged(name, gettext("its archive's sizes do not match its contents"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        if isinstance(error, ImportRefused):
            raise
        raise _not_word(name) from None
    except NotImplementedError:  # A compression method zipfile does not have.
        raise _not_word(name) from None


def _expands_too_far(name: str, size: int, limit: int, *, at_least: bool = False):
    if at_least:
        return ImportRefused(
            gettext(
                "%(name)s would expand to more than %(most)s when opened, the most the desk opens."
            )
            % {"name": name, "most": size_in_words(limit)}
        )
    return ImportRefused(
        gettext(
            "%(name)s would expand to %(size)s when opened; the desk opens documents of up "
            "to %(most)s."
        )
        % {"name": name, "size": size_in_words(size), "most": size_in_words(limit)}
    )


def _text(element) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def _is_heading(paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.lower().startswith(HEADING_STYLES)


def _is_list_item(paragraph) -> bool:
    # Numbered or bulleted by Word's numbering (w:numPr), directly or by a list style.
    if paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
        return True
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.lower().startswith("list")


def _blocks(document) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = []
    paragraphs = {p._p: p for p in document.paragraphs}
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = paragraphs.get(child)
            text = _text(child)
            if paragraph is not None and _is_heading(paragraph):
                lines.append((text, BlockKind.HEADING))
            elif paragraph is not None and _is_list_item(paragraph):
                lines.append((text, BlockKind.LIST_ITEM))
            else:
                lines.append((text, BlockKind.PARAGRAPH))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [_text(cell) for cell in row.iter(qn("w:tc"))]
                lines.append(
                    (" | ".join(cell for cell in cells if cell.strip()), BlockKind.TABLE_ROW)
                )
    return lines


def _footnotes(document, name: str) -> list[tuple[str, str | None]]:
    """The document's footnotes, numbered in their order, as footnote blocks."""
    for relation in document.part.rels.values():
        if not relation.reltype.endswith("/footnotes"):
            continue
        if relation.is_external:
            raise damaged(name, gettext("its footnotes are said to be in another file"))
        try:
            root = etree.fromstring(relation.target_part.blob, parser=_SAFE_XML)
        except etree.XMLSyntaxError:
            raise damaged(name, gettext("its footnotes are not well-formed")) from None
        notes = []
        for note in root.iter(qn("w:footnote")):
            try:
                number = int(note.get(qn("w:id"), "0"))
            except ValueError:
                raise damaged(name, gettext("a footnote has no number")) from None
            # Ids 0 and -1 are Word's separators, not notes.
            if number <= 0:
                continue
            text = " ".join(_text(p) for p in note.iter(qn("w:p"))).strip()
            if text:
                notes.append((f"{len(notes) + 1} {text}", BlockKind.FOOTNOTE))
        return notes
    return []


def read_docx(data: bytes, *, name: str) -> PreparedText:
    check_archive(data, name=name)
    try:
        document = docx.Document(BytesIO(data))
    except etree.XMLSyntaxError:
        raise damaged(name, gettext("a part of it is not well-formed XML")) from None
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError):
        raise _not_word(name) from None
    try:
        # python-docx parses some parts only when asked (styles, properties): a damaged one
        # surfaces here, not when the document is opened.
        lines = _blocks(document) + _footnotes(document, name)
        stated = document.core_properties
        title, author = stated.title, stated.author
    except etree.XMLSyntaxError:
        raise damaged(name, gettext("a part of it is not well-formed XML")) from None
    except (KeyError, ValueError, TypeError, AttributeError, etree.LxmlError) as error:
        if isinstance(error, ImportRefused):
            raise
        raise damaged(name, gettext("a part of it is not what Word writes")) from None
    if not any(text.strip() for text, _ in lines):
        raise ImportRefused(gettext("%(name)s holds no text.") % {"name": name})
    text, kinds = tidy_lines(lines)
    if len(text.encode("utf-8")) > settings.SOURCE_MAX_BYTES:
        raise ImportRefused(
            gettext("%(name)s holds more text than the desk stores for one source.")
            % {"name": name}
        )
    metadata = SourceMetadata(
        title=" ".join((title or "").split())[:500],
        author=as_lines(from_stated(author or "")),
    )
    return PreparedText(text, metadata, kinds, name)
