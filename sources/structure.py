"""The structure of a source text: which lines are headings, body paragraphs, or asides.

A stored text is one block per line. The kind of each block is worked out at import (and can be
corrected by an editor): the reader shows headings as headings, and captions, bylines and author
bios stay in the text but do not count as body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models


class BlockKind(models.TextChoices):
    HEADING = "heading", "Heading"
    PARAGRAPH = "paragraph", "Body paragraph"
    BYLINE = "byline", "Byline"
    CAPTION = "caption", "Caption"
    BIO = "bio", "Author bio"
    OTHER = "other", "Other (not body text)"


BODY_KINDS = {BlockKind.PARAGRAPH}
HEADING_MAX_CHARS = 120
_CLOSING = re.compile(r"[.!?…][\"'”’)\]]*$")
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """One line of the text: its offsets in the whole text, its kind and its number."""

    index: int
    start: int
    end: int
    kind: str

    @property
    def is_body(self) -> bool:
        return self.kind in BODY_KINDS

    @property
    def anchor(self) -> str:
        """The fragment id of the block in the reader, stable for a given version."""
        return f"p{self.index + 1}"

    def as_json(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind}


def guess_kind(line: str) -> str:
    """The kind a line most likely is, from its shape alone."""
    stripped = line.strip()
    if len(stripped) <= 80 and _BYLINE.match(stripped):
        return BlockKind.BYLINE
    if len(stripped) <= HEADING_MAX_CHARS and not _CLOSING.search(stripped):
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def split_blocks(text: str, kinds: dict[str, str] | None = None) -> list[Block]:
    """Cut a stored text into its blocks, one per non-empty line.

    `kinds` maps a line's exact text to a kind an editor chose for it on an earlier version, so
    that marking a caption survives a re-import of the same article.
    """
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            kind = (kinds or {}).get(line) or guess_kind(line)
            blocks.append(Block(len(blocks), offset, offset + len(line), kind))
        offset += len(line) + 1
    return blocks
