"""Reading a Word document (.docx): its headings as headings, its paragraphs and tables in
order, its footnotes as footnotes, and the title and author it states about itself.

A .docx is a ZIP archive: before anything is unpacked, the sizes it declares are checked, so a
small file that would expand to gigabytes (a decompression bomb) is refused unread.
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

from sources.importing import ImportRefused, PreparedText, SourceMetadata, size_in_words, tidy_lines
from sources.structure import BlockKind

HEADING_STYLES = ("heading", "title", "subtitle")


def check_archive(data: bytes, *, name: str) -> None:
    """ImportRefused for an archive that is damaged or would expand beyond the limit."""
    limit = settings.SOURCE_MAX_INFLATED_BYTES
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ImportRefused(
            gettext("%(name)s is not a Word document the desk can read.") % {"name": name}
        ) from None
    expanded = sum(member.file_size for member in members)
    if expanded > limit or len(members) > 10_000:
        raise ImportRefused(
            gettext(
                "%(name)s would expand to %(size)s when opened; the desk opens documents of up "
                "to %(most)s."
            )
            % {"name": name, "size": size_in_words(expanded), "most": size_in_words(limit)}
        )


def _text(element) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def _is_heading(paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.lower().startswith(HEADING_STYLES)


def _blocks(document) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = []
    paragraphs = {p._p: p for p in document.paragraphs}
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = paragraphs.get(child)
            text = _text(child)
            if paragraph is not None and _is_heading(paragraph):
                lines.append((text, BlockKind.HEADING))
            else:
                lines.append((text, BlockKind.PARAGRAPH))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [_text(cell) for cell in row.iter(qn("w:tc"))]
                lines.append((" | ".join(cell for cell in cells if cell.strip()), None))
    return lines


def _footnotes(document) -> list[tuple[str, str | None]]:
    """The document's footnotes, numbered in their order, as footnote blocks."""
    for relation in document.part.rels.values():
        if relation.reltype.endswith("/footnotes"):
            root = etree.fromstring(relation.target_part.blob)
            notes = []
            for note in root.iter(qn("w:footnote")):
                # Ids 0 and -1 are Word's separators, not notes.
                if int(note.get(qn("w:id"), "0")) <= 0:
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
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError):
        raise ImportRefused(
            gettext("%(name)s is not a Word document the desk can read.") % {"name": name}
        ) from None
    lines = _blocks(document) + _footnotes(document)
    if not any(text.strip() for text, _ in lines):
        raise ImportRefused(gettext("%(name)s holds no text.") % {"name": name})
    text, kinds = tidy_lines(lines)
    if len(text.encode("utf-8")) > settings.SOURCE_MAX_BYTES:
        raise ImportRefused(
            gettext("%(name)s holds more text than the desk stores for one source.")
            % {"name": name}
        )
    stated = document.core_properties
    metadata = SourceMetadata(
        title=" ".join((stated.title or "").split())[:500],
        author=" ".join((stated.author or "").split())[:500],
    )
    return PreparedText(text, metadata, kinds, name)
