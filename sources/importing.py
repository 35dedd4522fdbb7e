"""Bringing a text into the library: checking it is text, tidying it, storing it once."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from sources.authors import read_lines
from sources.dates import PartialDate
from sources.languages import detect_language
from sources.models import Source, SourceVersion
from sources.quote_index import prepare_when_stored
from sources.structure import split_blocks

# A text whose lines are all at most this long, with blank lines between paragraphs, is taken
# to be hard-wrapped.
WRAP_WIDTH_MAX = 100


class ImportRefused(ValueError):
    """A text the desk will not store, with a message for the person importing it."""


class DuplicateSource(ImportRefused):
    """The library already holds this text (`by` is "text") or this URL (`by` is "url")."""

    def __init__(self, message: str, existing: Source, by: str = "text"):
        super().__init__(message)
        self.existing = existing
        self.by = by


@dataclass
class SourceMetadata:
    title: str = ""
    # The authors as the form writes them (sources.authors.as_lines): one a line.
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    note: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> SourceMetadata:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v or "") for k, v in data.items() if k in names})

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def validated(self) -> SourceMetadata:
        """The metadata itself, or ImportRefused naming the first value the library cannot keep."""
        if self.published:
            try:
                PartialDate.parse(self.published)
            except ValueError as error:
                raise ImportRefused(str(error)) from None
        for name in ("title", "author", "outlet", "url", "language"):
            limit = Source._meta.get_field(name).max_length
            if len(getattr(self, name).strip()) > limit:
                raise ImportRefused(
                    gettext("The %(field)s is longer than %(limit)s characters.")
                    % {"field": _FIELD_WORDS[name], "limit": limit}
                )
        if self.url.strip():
            try:
                URLValidator(schemes=["http", "https"])(self.url.strip())
            except ValidationError:
                raise ImportRefused(
                    gettext("“%(url)s” is not a web address (http or https).") % {"url": self.url}
                ) from None
        return self


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


# What the length limits name, in the interface language.
_FIELD_WORDS = {
    "title": gettext_lazy("title"),
    "author": gettext_lazy("author"),
    "outlet": gettext_lazy("outlet"),
    "url": gettext_lazy("url"),
    "language": gettext_lazy("language"),
}


def size_in_words(size: int) -> str:
    """A size in bytes as people read it: 900 bytes, 12 KB, 5.0 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1_048_576:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1_048_576:.1f} MB"


def too_large(size: int | None, name: str) -> ImportRefused:
    limit = size_in_words(settings.SOURCE_MAX_BYTES)
    if size is None:
        return ImportRefused(
            gettext("%(name)s is larger than %(limit)s, the most the desk takes.")
            % {"name": name, "limit": limit}
        )
    return ImportRefused(
        gettext("%(name)s is %(size)s; the desk takes texts up to %(limit)s.")
        % {"name": name, "size": size_in_words(size), "limit": limit}
    )


def check_text_bytes(data: bytes, *, name: str | None = None) -> None:
    """ImportRefused unless the bytes could be a text: not too large, not empty, not binary."""
    name = gettext("the file") if name is None else name
    if len(data) > settings.SOURCE_MAX_BYTES:
        raise too_large(len(data), name)
    if not data.strip():
        raise ImportRefused(
            gettext("%(name)s is empty: there is no text to import.") % {"name": name}
        )
    if _looks_binary(data):
        raise ImportRefused(
            gettext("%(name)s is not a text file (it holds binary data).") % {"name": name}
        )


def decode_text(data: bytes, *, name: str | None = None) -> str:
    """The bytes as UTF-8 text, or ImportRefused saying plainly why not."""
    name = gettext("the file") if name is None else name
    check_text_bytes(data, name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            gettext(
                "%(name)s is not UTF-8 text (undecodable byte at position %(position)s). "
                "Save it as UTF-8 and try again."
            )
            % {"name": name, "position": error.start}
        ) from None
    return text


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Whether paragraphs were broken into short lines (blank lines between paragraphs).

    A text with one paragraph per line (like most exports) has long lines; one wrapped at a
    fixed width has many lines of similar, short length.
    """
    inner = "\n".join(lines).strip("\n").split("\n")
    if "" not in [line.strip() for line in inner]:
        return False
    filled = [line for line in inner if line.strip()]
    return bool(filled) and max(len(line) for line in filled) <= WRAP_WIDTH_MAX


def tidy_text(text: str) -> str:
    """One block per line, as the reader shows it.

    Unicode is composed (NFC) so that the same letter is always the same character; line ends are
    unified, trailing spaces go, and where a text is hard-wrapped (paragraphs separated by blank
    lines, broken into short lines), the lines of each paragraph are joined.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    if _looks_hard_wrapped(lines):
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
        raise ImportRefused(gettext("The text is empty once blank lines are removed."))
    return tidy


def tidy_lines(lines: Iterable[tuple[str, str | None]]) -> tuple[str, list[str | None]]:
    """A stored text and the kind of each of its lines, from lines a document declared.

    Whitespace inside a line is collapsed as HTML does; the result is what tidy_text keeps.
    """
    kept = []
    for line, kind in lines:
        line = " ".join(unicodedata.normalize("NFC", line).split())
        if line:
            kept.append((line, str(kind) if kind else None))
    if not kept:
        raise ImportRefused(gettext("The text is empty once blank lines are removed."))
    return "\n".join(line for line, _ in kept), [kind for _, kind in kept]


@dataclass
class PreparedText:
    """A text read from a file, a paste or a web page, ready to store: tidy, one block per line.

    `kinds` holds, line by line, the kind the document declared (None where only the line's
    shape can tell), or is empty when the document declared nothing.
    """

    text: str
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    kinds: list[str | None] = field(default_factory=list)
    imported_from: str = ""
    # For a paged document: [offset, page] where the text of each page begins (sources.pages).
    pages: list[list[int]] = field(default_factory=list)
    page_count: int = 0
    # For a text read by OCR: the recognition confidence (0-100) of each line, else empty.
    confidence: list[int | None] = field(default_factory=list)
    # The kept file it was read from (a sources.models.Original), once kept.
    original: object | None = None
    # How it was read, where the editor would not assume it: a damaged text layer read as a scan.
    reading_note: str = ""


def find_duplicate(text: str, url: str = "") -> Source | None:
    """A source that already holds this exact text, or the same original URL."""
    found = find_duplicate_by(text, url)
    return found[0] if found else None


def find_duplicate_by(text: str, url: str = "") -> tuple[Source, str] | None:
    """The source that already holds this text ("text") or this original URL ("url")."""
    version = (
        SourceVersion.objects.filter(text_hash=SourceVersion.hash_text(text))
        .select_related("source")
        .first()
    )
    if version:
        return version.source, "text"
    if url.strip():
        source = Source.objects.filter(url=url.strip()).first()
        if source:
            return source, "url"
    return None


def duplicate_error(source: Source, by: str) -> DuplicateSource:
    if by == "url":
        message = f"A source from this URL is already in the library: “{source.display_title}”."
    else:
        message = f"This text is already in the library as “{source.display_title}”."
    return DuplicateSource(message, source, by)


def blocks_for(
    text: str, kinds: list[str | None] | None, carried: dict[str, str] | None = None
) -> list[dict]:
    """The stored blocks of a text, from declared kinds and kinds carried from a version."""
    known = kinds if kinds and len(kinds) == text.count("\n") + 1 else None
    return [block.as_json() for block in split_blocks(text, kinds=carried, known=known)]


@transaction.atomic
def import_source(
    *,
    text: str,
    metadata: SourceMetadata,
    user=None,
    imported_from: str = "",
    kinds: list[str | None] | None = None,
) -> Source:
    """Store a new source with its first version; refuse a duplicate of one already stored."""
    text = tidy_text(text)
    metadata.validated()
    duplicate = find_duplicate_by(text, metadata.url)
    if duplicate:
        raise duplicate_error(*duplicate)
    source = Source.objects.create(
        title=metadata.title.strip(),
        working_title=Source.working_title_for(text),
        authors=[author.as_json() for author in read_lines(metadata.author)],
        outlet=metadata.outlet.strip(),
        url=metadata.url.strip(),
        published=metadata.published.strip(),
        language=metadata.language.strip() or detect_language(text),
        note=metadata.note.strip(),
        added_by=user,
    )
    version = SourceVersion.objects.create(
        source=source,
        number=1,
        text=text,
        blocks=blocks_for(text, kinds),
        created_by=user,
        imported_from=imported_from[:2000],
    )
    source.current_version = version
    source.save(update_fields=["current_version"])
    prepare_when_stored(version)
    return source
