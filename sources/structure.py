"""The structure of a source text: which lines are headings, body paragraphs, or asides.

A stored text is one block per line. The kind of each block is worked out at import (and can be
corrected by an editor): the reader shows headings as headings, and captions, bylines and author
bios stay in the text but do not count as body text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockKind(models.TextChoices):
    HEADING = "heading", _("Heading")
    PARAGRAPH = "paragraph", _("Body paragraph")
    BYLINE = "byline", _("Byline")
    CAPTION = "caption", _("Caption")
    BIO = "bio", _("Author bio")
    FOOTNOTE = "footnote", _("Footnote")
    # A table's row, its cells in order; and an item of a list: body text, never headings,
    # however short (a document declares them; their shape alone cannot tell).
    TABLE_ROW = "table_row", _("Table row")
    LIST_ITEM = "list_item", _("List item")
    OTHER = "other", _("Other (not body text)")


BODY_KINDS = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM}
# Lines the reader labels as not the article's own words.
ASIDE_KINDS = {BlockKind.BYLINE, BlockKind.CAPTION, BlockKind.BIO, BlockKind.OTHER}
HEADING_MAX_CHARS = 120
# A line that ends a sentence, or runs on (a comma: "Colleagues," above a letter), is no heading.
_CLOSING = re.compile(r"[.!?…,][\"'”’)\]]*$")
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """One line of the text: its offsets in the whole text, its kind and its number.

    `marked` is true when an editor chose the kind: such a choice is carried over to the next
    version for a line whose text is unchanged, and wins over what the import worked out.
    """

    index: int
    start: int
    end: int
    kind: str
    marked: bool = False
    # For a text read by OCR: how sure the recognition was of this block (0-100).
    confidence: int | None = None

    @property
    def is_body(self) -> bool:
        return self.kind in BODY_KINDS

    @property
    def number(self) -> int:
        """The block's number as people count it, from 1."""
        return self.index + 1

    @property
    def aside_label(self) -> str:
        """What the reader writes before a line that is not the article's own text (a byline, a
        caption, an author's bio, other), in the interface language; "" for body and headings."""
        if self.kind in ASIDE_KINDS:
            return str(BlockKind(self.kind).label)
        return ""

    @property
    def anchor(self) -> str:
        """The fragment id of the block in the reader, stable for a given version."""
        return f"p{self.number}"

    def as_json(self) -> dict:
        data = {"start": self.start, "end": self.end, "kind": self.kind}
        if self.marked:
            data["marked"] = True
        if self.confidence is not None:
            data["confidence"] = self.confidence
        return data


def guess_kind(line: str) -> str:
    """The kind a line most likely is, from its shape alone."""
    stripped = line.strip()
    if len(stripped) <= 80 and _BYLINE.match(stripped):
        return BlockKind.BYLINE
    if len(stripped) <= HEADING_MAX_CHARS and not _CLOSING.search(stripped):
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def split_blocks(
    text: str,
    kinds: dict[str, str] | None = None,
    known: Sequence[str | None] | None = None,
) -> list[Block]:
    """Cut a stored text into its blocks, one per non-empty line.

    `kinds` maps a line's exact text to a kind an editor chose for it on an earlier version, so
    that marking a caption survives a re-import of the same article. `known` gives, block by
    block, the kind the imported document itself declared (an HTML heading, a Markdown heading)
    or None where only the line's shape can tell.
    """
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            index = len(blocks)
            marked = (kinds or {}).get(line)
            declared = known[index] if known is not None and index < len(known) else None
            kind = marked or declared or guess_kind(line)
            blocks.append(Block(index, offset, offset + len(line), kind, marked=bool(marked)))
        offset += len(line) + 1
    return blocks


def marked_kinds(blocks: Sequence[Block], text: str) -> dict[str, str]:
    """The kinds editors chose on a version, by line text, to carry over to the next one."""
    return {text[b.start : b.end]: b.kind for b in blocks if b.marked}
