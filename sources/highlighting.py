"""Marks from the reader's layers, shown in the text: highlights, their legend and coverage.

A layer (SOURCE_READER_LAYERS, typed in sources/hooks.py) gives marks as character offsets into
the shown version's text. Each block's text is cut at every mark boundary, so overlapping marks
still show: a stretch covered by several marks is one highlight that names them all and opens
the shortest, the most specific one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sources.hooks import ReaderLayer
from sources.structure import Block

PALETTE_SIZE = 8


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    status: str
    label: str
    url: str | None
    pk: object
    colour: int

    @property
    def description(self) -> str:
        return f"Excerpt {self.pk} ({self.label})"


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    colour: int
    count: int


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int

    @property
    def percent(self) -> int:
        """Whole per cent, never rounded up to 100 while some body text is left."""
        if not self.total:
            return 0
        share = self.covered * 100 // self.total
        return share if self.covered < self.total else 100


def collect_marks(layers: Iterable[ReaderLayer], text_length: int) -> list[Mark]:
    """Every layer's marks that fit the text, each with the colour of its status."""
    marks = []
    for layer in layers:
        statuses = [value for value, _label in layer.statuses]
        for item in layer.marks:
            if not 0 <= item.start < item.end <= text_length:
                continue
            colour = statuses.index(item.status) % PALETTE_SIZE if item.status in statuses else 0
            label = item.label or item.status
            marks.append(Mark(item.start, item.end, item.status, label, item.url, item.pk, colour))
    return sorted(marks, key=lambda mark: (mark.start, -mark.end))


def legend(layers: Iterable[ReaderLayer], marks: Sequence[Mark]) -> list[LegendEntry]:
    """The statuses the layers declare, with their colours and how many marks each has."""
    entries, seen = [], set()
    for layer in layers:
        for position, (value, label) in enumerate(layer.statuses):
            if value in seen:
                continue
            seen.add(value)
            count = sum(1 for mark in marks if mark.status == value)
            entries.append(LegendEntry(value, str(label), position % PALETTE_SIZE, count))
    return entries


def _highlight(text: str, covering: list[Mark]) -> SafeString:
    primary = min(covering, key=lambda mark: (mark.end - mark.start, mark.start))
    classes = f"hl hl-c{primary.colour}" + (" hl-overlap" if len(covering) > 1 else "")
    title = "; ".join(mark.description for mark in covering)
    if primary.url:
        return format_html(
            '<mark class="{}" data-href="{}" tabindex="0" role="link" title="{}">{}</mark>',
            classes,
            primary.url,
            title + " — press Enter to open",
            text,
        )
    return format_html('<mark class="{}" title="{}">{}</mark>', classes, title, text)


def block_html(text: str, block: Block, marks: Sequence[Mark]) -> SafeString:
    """A block's text, escaped, with the marks that touch it as highlights.

    Nothing but the text's own characters goes inside the block, so that the reader's script
    can count offsets from the start of the block element.
    """
    touching = [mark for mark in marks if mark.start < block.end and mark.end > block.start]
    if not touching:
        return escape(text)
    cuts = {block.start, block.end}
    for mark in touching:
        cuts.update((max(mark.start, block.start), min(mark.end, block.end)))
    edges = sorted(cuts)
    parts = []
    for start, end in zip(edges, edges[1:], strict=False):
        piece = text[start - block.start : end - block.start]
        covering = [mark for mark in touching if mark.start <= start and mark.end >= end]
        parts.append(_highlight(piece, covering) if covering else escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def coverage(blocks: Iterable[Block], marks: Sequence[Mark]) -> Coverage:
    """How many characters of body text at least one mark covers, out of all body text."""
    spans = sorted((mark.start, mark.end) for mark in marks)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    covered = total = 0
    for block in blocks:
        if not block.is_body:
            continue
        total += block.end - block.start
        for start, end in merged:
            covered += max(0, min(end, block.end) - max(start, block.start))
    return Coverage(covered, total)
