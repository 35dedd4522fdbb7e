"""A readable difference between two versions of a text, paragraph by paragraph.

Each version stores one block per line, so a paragraph is a line: the diff says which
paragraphs were removed, added or changed, and inside a changed paragraph which words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool = False


@dataclass(frozen=True)
class DiffRow:
    """One row of a diff: an unchanged, removed or added paragraph, or a run of unchanged ones
    left out ("skip", with `skipped` paragraphs)."""

    op: str
    old_number: int | None = None
    new_number: int | None = None
    segments: list[Segment] = field(default_factory=list)
    skipped: int = 0


@dataclass(frozen=True)
class Diff:
    rows: list[DiffRow]
    removed: int
    added: int

    @property
    def unchanged(self) -> bool:
        return not (self.removed or self.added)


def _word_segments(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Both sides of a changed paragraph, with the words that differ marked as changed."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), op != "equal"))
    return _joined(left), _joined(right)


def _joined(segments: list[Segment]) -> list[Segment]:
    """Changed words separated only by unchanged spaces read as one changed phrase."""
    out: list[Segment] = []
    for segment in segments:
        if out and out[-1].changed == segment.changed:
            out[-1] = Segment(out[-1].text + segment.text, segment.changed)
        elif (
            segment.changed
            and len(out) >= 2
            and out[-2].changed
            and not out[-1].changed
            and not out[-1].text.strip()
        ):
            spaces = out.pop()
            out[-1] = Segment(out[-1].text + spaces.text + segment.text, True)
        else:
            out.append(segment)
    return out


def paragraph_diff(old_text: str, new_text: str, context: int = 1) -> Diff:
    """The paragraphs that differ between two texts, with `context` unchanged ones around."""
    old, new = old_text.split("\n"), new_text.split("\n")
    rows: list[DiffRow] = []
    removed = added = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            count = i2 - i1
            head = context if position > 0 else 0
            tail = context if position < len(opcodes) - 1 else 0
            if count <= head + tail + 1:
                keep = list(range(count))
                skip_at, skipped = None, 0
            else:
                keep = [*range(head), *range(count - tail, count)]
                skip_at, skipped = head, count - head - tail
            for offset in range(count):
                if offset == skip_at:
                    rows.append(DiffRow("skip", skipped=skipped))
                if offset in keep:
                    rows.append(
                        DiffRow(
                            "equal", i1 + offset + 1, j1 + offset + 1, [Segment(old[i1 + offset])]
                        )
                    )
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for offset in range(pairs):
            left, right = _word_segments(old[i1 + offset], new[j1 + offset])
            rows.append(DiffRow("delete", old_number=i1 + offset + 1, segments=left))
            rows.append(DiffRow("insert", new_number=j1 + offset + 1, segments=right))
        for index in range(i1 + pairs, i2):
            rows.append(DiffRow("delete", old_number=index + 1, segments=[Segment(old[index])]))
        for index in range(j1 + pairs, j2):
            rows.append(DiffRow("insert", new_number=index + 1, segments=[Segment(new[index])]))
        removed += i2 - i1
        added += j2 - j1
    return Diff(rows, removed, added)
