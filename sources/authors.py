"""A source's authors: an ordered list, each a person, a person known by one name, or an
organisation.

A source keeps them as JSON (`Source.authors`); `Author.parse` is the one reader of an item of
that list, and every output (citations, feeds, meta tags, schema.org) works from `Author`:

- {"family": "Kowalczyk", "given": "Anna"}: a person; "given" may be missing when unknown.
- {"literal": "Madonna"}: a name that is not split (a person known by one name).
- {"organisation": "Reuters"}: an organisation, cited by its name as written.

Names arrive as text in three ways, each read here: the string a source kept before the list
(several authors separated by semicolons, as the form documented); the form's lines (one author
per line, "Family, Given"); and what a document states about itself (a PDF's Author, a Word
document's creator, a web page's author: "A; B", "A, B and C", "Family, Given"). Splitting names
by rule is never right every time: the form shows each author as it was read, to be corrected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Words that make a name an organisation's rather than a person's. Kept short on purpose: a
# person wrongly read as an organisation is worse than the reverse (an editor marks one with
# "(organisation)" on the form).
ORGANISATION_WORDS = (
    "agency",
    "associated",
    "centre",
    "center",
    "committee",
    "council",
    "institute",
    "ministry",
    "news",
    "office",
    "press",
    "reuters",
    "service",
    "times",
    "university",
)
_ORGANISATION = re.compile(r"\b(?:" + "|".join(ORGANISATION_WORDS) + r")\b", re.IGNORECASE)
# How the form marks an organisation the words above do not recognise (both spellings).
_MARKER = re.compile(r"\s*\((?:organisation|organization|organizacja)\)\s*$", re.IGNORECASE)
ORGANISATION_MARKER = "(organisation)"
_AND = re.compile(r"\s+(?:and|&|i|и)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Author:
    family: str = ""
    given: str = ""
    literal: str = ""
    organisation: str = ""

    @classmethod
    def parse(cls, data: Any) -> Author:
        """One stored author, or ValueError naming what is wrong with it."""
        if isinstance(data, str):  # a name kept as plain text
            return cls(literal=_tidy(data))
        if not isinstance(data, dict):
            raise ValueError(f"An author must be an object, not {type(data).__name__}.")
        values = {key: _tidy(value) for key, value in data.items() if isinstance(value, str)}
        if values.get("organisation") or values.get("organization"):
            return cls(organisation=values.get("organisation") or values["organization"])
        if values.get("family"):
            return cls(family=values["family"], given=values.get("given", ""))
        if values.get("literal") or values.get("name"):
            return cls(literal=values.get("literal") or values["name"])
        raise ValueError("An author needs a family name, a single name or an organisation.")

    def as_json(self) -> dict[str, str]:
        if self.organisation:
            return {"organisation": self.organisation}
        if self.family:
            return {"family": self.family, **({"given": self.given} if self.given else {})}
        return {"literal": self.literal}

    @property
    def is_organisation(self) -> bool:
        return bool(self.organisation)

    @property
    def kind(self) -> str:
        """ "organisation" or "person" (a single name is a person's)."""
        return "organisation" if self.organisation else "person"

    @property
    def name(self) -> str:
        """The name in reading order: "Anna Kowalczyk", "Reuters"."""
        if self.family:
            return f"{self.given} {self.family}".strip()
        return self.organisation or self.literal

    @property
    def sorted_name(self) -> str:
        """The name as bibliographies sort it: "Kowalczyk, Anna"; a single name as it is."""
        if self.family:
            return f"{self.family}, {self.given}" if self.given else self.family
        return self.organisation or self.literal

    def as_line(self) -> str:
        """The author as the form writes it, read back to the same author by `read_name`."""
        line = self.sorted_name
        if self.family and not self.given:
            # "Ioffe" alone would read back as a single name: the comma keeps it a family name.
            line += ","
        if self.organisation and not _ORGANISATION.search(line):
            line += " " + ORGANISATION_MARKER
        return line

    def csl(self) -> dict[str, str]:
        """CSL-JSON's name: family and given, or a literal that is never split."""
        if self.family:
            return {"family": self.family, **({"given": self.given} if self.given else {})}
        return {"literal": self.name}


def _tidy(value: str) -> str:
    return " ".join(str(value).split())


def parse_authors(data: Any) -> tuple[Author, ...]:
    """A stored list of authors; ValueError if it is not one."""
    if data in (None, ""):
        return ()
    if not isinstance(data, list):
        raise ValueError("The authors must be a list.")
    return tuple(Author.parse(item) for item in data)


def read_name(text: str) -> Author | None:
    """One author written as text: "Family, Given", "Given Family", a single name, or an
    organisation (named by one of ORGANISATION_WORDS, or marked "(organisation)")."""
    # A trailing comma is kept: "Ioffe," is a family name whose given names are unknown.
    text = _tidy(text).lstrip(" ,")
    if not text:
        return None
    marked = _MARKER.search(text)
    if marked:
        return Author(organisation=text[: marked.start()].strip(" ,"))
    if _ORGANISATION.search(text):
        return Author(organisation=text)
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return Author(family=family, given=given) if family else Author(literal=given)
    if " " in text:
        given, family = text.rsplit(" ", 1)
        return Author(family=family, given=given)
    return Author(literal=text)


def _names(parts) -> tuple[Author, ...]:
    return tuple(author for author in map(read_name, parts) if author)


def split_documented(text: str) -> tuple[Author, ...]:
    """The authors of a string kept before the list: separated by semicolons, as the form said."""
    return _names(text.split(";"))


def read_lines(text: str) -> tuple[Author, ...]:
    """The authors as the form takes them: one a line (semicolons separate them too)."""
    return _names(re.split(r"[\n;]", text))


def from_stated(text: str) -> tuple[Author, ...]:
    """The authors a document states about itself, in the ways producers write several:
    "A; B", "A, B and C", "Family, Given and Family, Given", "Family, Given"."""
    text = _tidy(text)
    if ";" in text:
        return split_documented(text)
    pieces = _AND.split(text)
    if len(pieces) > 1 and all(piece.count(",") == 1 for piece in pieces):
        return _names(pieces)  # "Kowalczyk, Anna and Sergeev, Pavel"
    parts = [part for piece in pieces for part in piece.split(",")]
    if len(pieces) == 1 and len(parts) == 2 and any(len(p.split()) == 1 for p in parts):
        return _names([text])  # "Ioffe, Grigory": one person, family name first
    return _names(parts)


def as_lines(authors) -> str:
    """The authors as the form shows them, one a line."""
    return "\n".join(author.as_line() for author in authors)


def names_as_written(authors) -> str:
    """The authors in reading order, separated by semicolons: "Anna Kowalczyk; Reuters"."""
    return "; ".join(author.name for author in authors)
