"""Correcting a paragraph read by OCR: the corrected text becomes a new version of the source,
previewed first with the usual report of the excerpts it affects.

The new text keeps everything else of the current version: its other paragraphs, the pages they
are on (offsets after the corrected paragraph shift by the change in its length), their OCR
confidence, and the original file. The corrected paragraph loses its confidence score: a person
has read it.
"""

from __future__ import annotations

from django.utils.translation import gettext

from sources.importing import ImportRefused, PreparedText, SourceMetadata
from sources.models import ImportPreview, SourceVersion
from sources.previews import make_preview


def corrected_text(version: SourceVersion, number: int, text: str) -> PreparedText:
    """The version's text with paragraph `number` (from 1) replaced by `text`."""
    text = " ".join(text.split())
    if not text:
        raise ImportRefused(
            gettext("The corrected paragraph is empty: write its text, or leave it.")
        )
    blocks = version.block_list
    if not 1 <= number <= len(blocks):
        raise ImportRefused(
            gettext("Version %(version)s has no paragraph %(number)s.")
            % {"version": version.number, "number": number}
        )
    block = blocks[number - 1]
    if version.block_text(block) == text:
        raise ImportRefused(gettext("The paragraph is unchanged: there is nothing to correct."))
    new = version.text[: block.start] + text + version.text[block.end :]
    shift = len(text) - (block.end - block.start)
    pages = [
        [offset + shift if offset > block.start else offset, page]
        for offset, page in (version.pages or [])
    ]
    confidence = [None if item.index == block.index else item.confidence for item in blocks]
    return PreparedText(
        new,
        SourceMetadata(),
        [item.kind for item in blocks],
        f"correction of paragraph {number} of version {version.number}",
        pages=pages,
        confidence=confidence if any(c is not None for c in confidence) else [],
    )


def preview_correction(version: SourceVersion, number: int, text: str, *, user) -> ImportPreview:
    prepared = corrected_text(version, number, text)
    preview = make_preview(prepared, user=user, source=version.source)
    ImportPreview.objects.filter(pk=preview.pk).update(
        pages=prepared.pages, confidence=prepared.confidence, original=version.original
    )
    preview.refresh_from_db()
    return preview
