"""A text's folding told as what differs from the text itself: small to share, quick to rebuild.

The folded text is the source's own characters but for a few (under 1% of a typical text: line
breaks, curly quote marks, dashes, letters with diacritics), and its map back to the source is a
few thousand runs. So a folding prepared in one process (when a version is stored) travels to
another as pieces of the source text and the few characters that differ, some hundreds of
kilobytes instead of megabytes, and is joined again there in a few milliseconds.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from sources.anchoring.folding import Offsets, fold_text, keep_folded


@dataclass(frozen=True)
class Prepared:
    """A text's folding as pieces to join: the folded text is `text + changed`, cut at
    `starts[i]:ends[i]` and joined, and `offsets` is its map back to the text."""

    offsets: Offsets
    starts: array
    ends: array
    # The folded characters that are not the source's own at their place, in order.
    changed: str
    # The folded text itself, only where the pieces would not give it back.
    folded: str | None = None

    def rebuild(self, text: str) -> tuple[str, Offsets]:
        """The folded text and its map, from the text they were prepared for."""
        if self.folded is not None:
            return self.folded, self.offsets
        # Every step in C (map, slice, join): tens of thousands of pieces in a few milliseconds.
        whole = text + self.changed
        return "".join(map(whole.__getitem__, map(slice, self.starts, self.ends))), self.offsets


def _pieces(text: str, folded: str, offsets: Offsets) -> tuple[array, array, str]:
    """Where the folded text agrees with the text, runs of the text; where not, its own
    characters (taken from after the text's end)."""
    runs, sources = offsets.folded_starts, offsets.source_starts
    starts, ends = array("q"), array("q")
    changed: list[str] = []
    for k in range(len(runs)):
        begin = runs[k]
        end = runs[k + 1] if k + 1 < len(runs) else len(offsets)
        shift = sources[k] - begin
        mine, theirs = folded[begin:end], text[shift + begin : shift + end]
        cursor = begin
        if mine != theirs:
            for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
                if a == b:
                    continue
                if begin + i > cursor:
                    starts.append(shift + cursor)
                    ends.append(shift + begin + i)
                starts.append(len(text) + len(changed))
                ends.append(len(text) + len(changed) + 1)
                changed.append(a)
                cursor = begin + i + 1
        if cursor < end:
            starts.append(shift + cursor)
            ends.append(shift + end)
    return starts, ends, "".join(changed)


def prepare(text: str) -> Prepared:
    """The text's folding (kept in this process too), as pieces to join."""
    folded, offsets = fold_text(text)
    prepared = Prepared(offsets, *_pieces(text, folded, offsets))
    if prepared.rebuild(text)[0] != folded:
        # Never expected; a folding that cannot be told this way travels whole.
        return Prepared(offsets, array("q"), array("q"), "", folded)
    return prepared


def load(text: str, prepared: Prepared) -> None:
    """Keep in this process the folding of `text` prepared elsewhere."""
    keep_folded(text, prepared.rebuild(text))
