"""Bringing a text into the library: checking it is text, tidying it, storing it once."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from sources.dates import PartialDate
from sources.models import Source, SourceVersion


class ImportRefused(ValueError):
    """A text the desk will not store, with a message for the person importing it."""


class DuplicateSource(ImportRefused):
    def __init__(self, message: str, existing: Source):
        super().__init__(message)
        self.existing = existing


@dataclass
class SourceMetadata:
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    note: str = ""

    def validated(self) -> SourceMetadata:
        if self.published:
            try:
                PartialDate.parse(self.published)
            except ValueError as error:
                raise ImportRefused(str(error)) from None
        return self


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode_text(data: bytes, *, name: str = "the file") -> str:
    """The bytes as UTF-8 text, or ImportRefused saying plainly why not."""
    limit = settings.SOURCE_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(
            f"{name} is {len(data) / 1_048_576:.1f} MB; the desk takes texts up to "
            f"{limit / 1_048_576:.0f} MB."
        )
    if not data.strip():
        raise ImportRefused(f"{name} is empty: there is no text to import.")
    if _looks_binary(data):
        raise ImportRefused(f"{name} is not a text file (it holds binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{name} is not UTF-8 text (undecodable byte at position {error.start}). "
            "Save it as UTF-8 and try again."
        ) from None
    return text


def tidy_text(text: str) -> str:
    """One block per line, as the reader shows it.

    Unicode is composed (NFC) so that the same letter is always the same character; line ends are
    unified, trailing spaces go, and where the text separates paragraphs by blank lines, the hard
    wraps inside a paragraph are joined.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    if any(not line.strip() for line in lines) and any(
        a.strip() and b.strip() for a, b in zip(lines, lines[1:], strict=False)
    ):
        paragraphs, current = [], []
        for line in lines:
            if line.strip():
                current.append(line.strip())
            elif current:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        lines = paragraphs
    tidy = "\n".join(line.strip() for line in lines if line.strip())
    if not tidy:
        raise ImportRefused("The text is empty once blank lines are removed.")
    return tidy


def find_duplicate(text: str, url: str = "") -> Source | None:
    """A source that already holds this exact text, or the same original URL."""
    version = (
        SourceVersion.objects.filter(text_hash=SourceVersion.hash_text(text))
        .select_related("source")
        .first()
    )
    if version:
        return version.source
    if url:
        return Source.objects.filter(url=url).first()
    return None


@transaction.atomic
def import_source(
    *, text: str, metadata: SourceMetadata, user=None, imported_from: str = ""
) -> Source:
    """Store a new source with its first version; refuse a duplicate of one already stored."""
    text = tidy_text(text)
    metadata.validated()
    duplicate = find_duplicate(text, metadata.url)
    if duplicate:
        raise DuplicateSource(
            f"This text is already in the library as “{duplicate.display_title}”.", duplicate
        )
    source = Source.objects.create(
        title=metadata.title.strip(),
        working_title=Source.working_title_for(text),
        author=metadata.author.strip(),
        outlet=metadata.outlet.strip(),
        url=metadata.url.strip(),
        published=metadata.published.strip(),
        language=metadata.language.strip(),
        note=metadata.note.strip(),
        added_by=user,
    )
    version = SourceVersion.objects.create(
        source=source, number=1, text=text, created_by=user, imported_from=imported_from
    )
    source.current_version = version
    source.save(update_fields=["current_version"])
    return source
