"""Quotes as journalists write them: the source's words with passages left out (…) and the
editor's own words added in square brackets.

"The talks … were conducted without publicity" is two passages of the source, in order, with
words between them left out; "[Lukashenka] released 52 prisoners" is the editor's word standing
for the source's "He". Each passage is found as any quote is (exact or forgiving, whole words,
the source's own text), and the passages must follow each other closely: in one paragraph or two
neighbouring ones, with at most MAX_ELIDED_WORDS words left out between two of them. Nothing is
guessed: a pasted quote whose passages fit more than one place, or none, is left to a person.

The result keeps the editor's words apart from the source's (`Insertion`), so that no insertion
is ever stored, shown or exported as the source's words, and the words left out or replaced can be
shown struck through to the editor and the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sources.anchoring.matching import Kind, Selector, locate
from sources.anchoring.words import is_whole_words, is_word_char

# Words of the source that one elision may leave out: an elision joins passages of one
# argument, it does not stitch together a page.
MAX_ELIDED_WORDS = 60
# Words of the source before the first passage, back to the sentence's start, that a leading
# insertion ("[He] said …" for "Lukashenka said …") is read as standing for.
MAX_REPLACED_WORDS = 4
# Passages in one quote, and places of its longest passage looked at.
MAX_PASSAGES = 12
_ANCHOR_PLACES = 200
# Readings of one quote offered to a person before asking for a longer quote.
MAX_READINGS = 25
# An insertion is the editor's few words, not a passage of their own.
MAX_INSERTION_CHARS = 120

# "…", "...", ". . .", and either in square brackets: words left out. Of four dots, the first is
# the full stop of the sentence before ("branch.... It" or "branch. . . . It").
_ELISION = r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\.\.(?!\.)|(?<!\S)\.\s\.\s\.(?!\s?\.)"
_INSERTION = rf"\[(?P<inserted>[^\[\]\n]{{1,{MAX_INSERTION_CHARS}}})\]"
_MARKS = re.compile(rf"(?P<elision>{_ELISION})|{_INSERTION}")
_SENTENCE_END = frozenset(".!?…")
_KIND_ORDER = [Kind.EXACT, Kind.FORGIVING]


@dataclass(frozen=True)
class Insertion:
    """The editor's words between two passages (`before` is the index of the passage it precedes;
    len(passages) when it comes last), and the source's words it stands for, if any."""

    before: int
    text: str
    replaces_start: int | None = None
    replaces_end: int | None = None

    @property
    def replaces(self) -> bool:
        return self.replaces_start is not None


@dataclass(frozen=True)
class Piece:
    """One piece of an elided quote as a person reads it."""

    SOURCE = "source"  # the source's words, quoted
    ELIDED = "elided"  # the source's words left out
    REPLACED = "replaced"  # the source's words an insertion stands for
    INSERTED = "inserted"  # the editor's words, shown in square brackets

    kind: str
    text: str


@dataclass(frozen=True)
class ElidedQuote:
    """Where each passage of an elided quote stands, and the editor's words between them."""

    passages: tuple[Selector, ...]
    insertions: tuple[Insertion, ...] = ()
    kinds: tuple[Kind, ...] = ()
    # An elision before the first passage or after the last ("… were conducted").
    leads_with_elision: bool = False
    ends_with_elision: bool = False

    @property
    def start(self) -> int:
        return self.passages[0].start

    @property
    def end(self) -> int:
        return self.passages[-1].end

    def pieces(self, text: str) -> tuple[Piece, ...]:
        """The quote in reading order: the source's words, what is left out, what is added."""
        out: list[Piece] = []
        if self.leads_with_elision:
            out.append(Piece(Piece.ELIDED, "…"))
        for index, passage in enumerate(self.passages):
            inserted = self._inserted_before(index)
            if index and not any(i.replaces for i in inserted):
                left_out = text[self.passages[index - 1].end : passage.start].strip()
                if left_out:
                    out.append(Piece(Piece.ELIDED, left_out))
            for insertion in inserted:
                if insertion.replaces:
                    replaced = text[insertion.replaces_start : insertion.replaces_end]
                    out.append(Piece(Piece.REPLACED, replaced))
                out.append(Piece(Piece.INSERTED, insertion.text))
            out.append(Piece(Piece.SOURCE, passage.exact))
        for insertion in self._inserted_before(len(self.passages)):
            out.append(Piece(Piece.INSERTED, insertion.text))
        if self.ends_with_elision:
            out.append(Piece(Piece.ELIDED, "…"))
        return tuple(out)

    def as_written(self, text: str) -> str:
        """The quote as readers read it: the source's passages, "…" where words are left out,
        the editor's words in square brackets (never the words they stand for)."""
        shown = {Piece.SOURCE: "{}", Piece.ELIDED: "…", Piece.INSERTED: "[{}]"}
        written = ""
        for piece in self.pieces(text):
            if piece.kind not in shown:
                continue
            words = shown[piece.kind].format(piece.text)
            # A passage starting with its own comma follows the word before it directly.
            joiner = "" if not written or words[0] in ",.;:!?)]»”’" else " "
            written += joiner + words
        return written

    def _inserted_before(self, index: int) -> list[Insertion]:
        return [i for i in self.insertions if i.before == index]


@dataclass(frozen=True)
class ElidedSearch:
    """What looking for an elided quote found: one reading, several (a person chooses), or none
    with the reason in the editor's words."""

    quote: str
    places: tuple[ElidedQuote, ...] = ()
    ambiguous: bool = False
    why_not: str = ""

    @property
    def best(self) -> ElidedQuote | None:
        return None if self.ambiguous or not self.places else self.places[0]


@dataclass(frozen=True)
class _Parsed:
    passages: tuple[str, ...]
    # (index of the passage it precedes, the editor's words, directly joined to its neighbours:
    # no elision mark between it and the passage after it)
    insertions: tuple[tuple[int, str, bool], ...] = ()
    elided_before: frozenset[int] = field(default_factory=frozenset)
    leads_with_elision: bool = False
    ends_with_elision: bool = False


def has_elisions(quote: str) -> bool:
    """Whether a pasted quote marks words left out or the editor's own words."""
    return bool(_MARKS.search(quote))


def parse(quote: str) -> _Parsed:
    """The pasted quote taken apart: the source's passages in order, the editor's insertions,
    and where words were left out."""
    passages: list[str] = []
    insertions: list[tuple[int, str, bool]] = []
    elided_before: set[int] = set()
    leads = ends = False
    pending: list[tuple[str, bool]] = []  # insertions waiting for the next passage
    elided_pending = False
    position = 0
    tokens: list[tuple[str, str]] = []
    for mark in _MARKS.finditer(quote):
        tokens.append(("words", quote[position : mark.start()]))
        if mark.group("elision"):
            tokens.append(("elision", ""))
        else:
            tokens.append(("insertion", " ".join(mark.group("inserted").split())))
        position = mark.end()
    tokens.append(("words", quote[position:]))
    for kind, value in tokens:
        if kind == "words":
            words = value.strip()
            if not words:
                continue
            if elided_pending and passages:
                elided_before.add(len(passages))
            elif elided_pending:
                leads = True
            # An insertion directly before these words, with no elision after it, stands for the
            # source's words there (a substitution); one followed by "…" is only added.
            insertions.extend((len(passages), text, joined) for text, joined in pending)
            pending = []
            elided_pending = False
            passages.append(words)
        elif kind == "elision":
            elided_pending = True
            pending = [(text, False) for text, _ in pending]
        elif value:
            pending.append((value, not elided_pending))
    if elided_pending:
        ends = True
    insertions.extend((len(passages), text, False) for text, _ in pending)
    return _Parsed(tuple(passages), tuple(insertions), frozenset(elided_before), leads, ends)


def locate_elided(text: str, quote: str) -> ElidedSearch:
    """Every reading of an elided quote in the text (see the module's docstring).

    Each passage must stand in the source as whole words (exact, or forgiving as every quote is);
    the passages follow each other in order and closely. The longest passage is looked for first
    and anchors the rest. When a passage could stand at two places within reach, the words left
    out differ between the readings, and a person chooses: the search is ambiguous.
    """
    quote = quote.strip()
    parsed = parse(quote)
    if not parsed.passages:
        return ElidedSearch(quote, why_not="The quote has no words of the source.")
    if len(parsed.passages) > MAX_PASSAGES:
        return ElidedSearch(quote, why_not="The quote leaves out words in too many places.")
    anchor = max(range(len(parsed.passages)), key=lambda i: len(parsed.passages[i]))
    found = locate(text, parsed.passages[anchor], approximate=False, limit=_ANCHOR_PLACES)
    if found.more:
        return ElidedSearch(quote, why_not="Its passages stand in too many places.")
    readings: list[ElidedQuote] = []
    for match in found.matches:
        for reading in _chains(text, parsed, anchor, match.selector, match.kind):
            if reading not in readings:
                readings.append(reading)
        if len(readings) >= MAX_READINGS:
            break
    if not readings:
        return ElidedSearch(
            quote, why_not="Its passages were not found together, in order, in the source."
        )
    return ElidedSearch(quote, tuple(readings), ambiguous=len(readings) > 1)


def _chains(
    text: str, parsed: _Parsed, anchor: int, selector: Selector, kind: Kind
) -> list[ElidedQuote]:
    """Every reading of the quote with its longest passage at this place (at most
    MAX_READINGS): each other passage may stand at any of its places within reach, since which
    words were left out is the editor's meaning, not the desk's guess."""
    order = [*range(anchor - 1, -1, -1), *range(anchor + 1, len(parsed.passages))]
    readings: list[ElidedQuote] = []

    def extend(places: dict[int, tuple[Selector, Kind]], step: int) -> None:
        if len(readings) >= MAX_READINGS:
            return
        if step == len(order):
            reading = _reading(text, parsed, places)
            if reading is not None:
                readings.append(reading)
            return
        index = order[step]
        if index < anchor:
            candidates = _places(text, parsed.passages[index], before=places[index + 1][0].start)
        else:
            candidates = _places(text, parsed.passages[index], after=places[index - 1][0].end)
        for candidate in candidates:
            extend({**places, index: candidate}, step + 1)

    extend({anchor: (selector, kind)}, 0)
    return readings


def _reading(
    text: str, parsed: _Parsed, places: dict[int, tuple[Selector, Kind]]
) -> ElidedQuote | None:
    ordered = [places[i] for i in range(len(parsed.passages))]
    passages = tuple(
        _with_own_ellipsis(text, p, i + 1 in parsed.elided_before or _last_elided(parsed, i))
        for i, (p, _) in enumerate(ordered)
    )
    inserted_at = {i for i, _, _ in parsed.insertions}
    # One paragraph, or two neighbouring ones.
    if text.count("\n", passages[0].start, passages[-1].end) > 1:
        return None
    for index in range(1, len(passages)):
        gap = text[passages[index - 1].end : passages[index].start]
        marked = index in parsed.elided_before
        joined = any(i == index and j for i, _, j in parsed.insertions)
        if _words(gap) and not (marked or joined):
            # Words of the source lie between passages the editor wrote as one run: not this place.
            return None
    insertions = [_insertion(text, passages, i, words, j) for i, words, j in parsed.insertions]
    kinds = [k for _, k in ordered]
    # A mark between passages with no word of the source between them left nothing out: it was
    # the source's own "…", or a mark for nothing. The passages are one run of the source's words.
    for index in range(len(passages) - 1, 0, -1):
        if _words(text[passages[index - 1].end : passages[index].start]) or index in inserted_at:
            continue
        joined = Selector.at(text, passages[index - 1].start, passages[index].end)
        passages = (*passages[: index - 1], joined, *passages[index + 1 :])
        kinds[index - 1 : index + 1] = [max(kinds[index - 1], kinds[index], key=_KIND_ORDER.index)]
        insertions = [
            replace(i, before=i.before - 1) if i.before > index else i for i in insertions
        ]
    return ElidedQuote(
        passages,
        tuple(insertions),
        tuple(kinds),
        parsed.leads_with_elision,
        parsed.ends_with_elision,
    )


def _last_elided(parsed: _Parsed, index: int) -> bool:
    return index == len(parsed.passages) - 1 and parsed.ends_with_elision


def _with_own_ellipsis(text: str, passage: Selector, before_a_mark: bool) -> Selector:
    """A passage followed in the source by the source's own ellipsis, where the editor wrote one:
    the mark was read as words left out, but the "…" is the source's and belongs to the quote."""
    if not before_a_mark:
        return passage
    for own in ("…", "..."):
        if text.startswith(own, passage.end) and not passage.exact.endswith(own):
            return Selector.at(text, passage.start, passage.end + len(own))
    return passage


def _places(
    text: str, passage: str, *, before: int | None = None, after: int | None = None
) -> list[tuple[Selector, Kind]]:
    """The places of a passage before (or after) an offset, within the words an elision may
    leave out, as whole words of the full text, nearest first."""
    reach = _reach(text, before if before is not None else after, backwards=before is not None)
    if before is not None:
        lo, hi = max(0, reach - len(passage) * 2), before
    else:
        lo, hi = after, min(len(text), reach + len(passage) * 2)
    found = locate(text[lo:hi], passage, approximate=False, limit=_ANCHOR_PLACES)
    places: list[tuple[int, tuple[Selector, Kind]]] = []
    for match in found.matches:
        start, end = lo + match.start, lo + match.end
        if not is_whole_words(text, start, end):
            continue
        if before is not None and _words(text[end:before]) > MAX_ELIDED_WORDS:
            continue
        if after is not None and _words(text[after:start]) > MAX_ELIDED_WORDS:
            continue
        distance = before - end if before is not None else start - after
        places.append((distance, (Selector.at(text, start, end), match.kind)))
    return [place for _, place in sorted(places, key=lambda p: p[0])]


def _reach(text: str, offset: int, *, backwards: bool) -> int:
    """The offset MAX_ELIDED_WORDS words away from `offset`, in one direction."""
    words = 0
    i = offset
    step = -1 if backwards else 1
    in_word = False
    while (0 < i <= len(text)) if backwards else (i < len(text)):
        ch = text[i - 1] if backwards else text[i]
        if is_word_char(ch):
            if not in_word:
                words += 1
                if words > MAX_ELIDED_WORDS + 1:
                    break
            in_word = True
        else:
            in_word = False
        i += step
    return i


def _words(gap: str) -> int:
    return len(re.findall(r"\w+", gap))


def _insertion(
    text: str, passages: tuple[Selector, ...], before: int, words: str, joined: bool
) -> Insertion:
    """An insertion, with the source's words it stands for: the words between two passages it
    joins, or the few words before the first passage back to the start of its sentence."""
    if joined and 0 < before < len(passages):
        start, end = passages[before - 1].end, passages[before].start
        gap = text[start:end]
        if _words(gap):
            lead = len(gap) - len(gap.lstrip())
            trail = len(gap) - len(gap.rstrip())
            return Insertion(before, words, start + lead, end - trail)
    if joined and before == 0:
        first = passages[0].start
        sentence = _sentence_start(text, first)
        between = text[sentence:first]
        if 0 < _words(between) <= MAX_REPLACED_WORDS:
            lead = len(between) - len(between.lstrip())
            trail = len(between) - len(between.rstrip())
            return Insertion(before, words, sentence + lead, first - trail)
    return Insertion(before, words)


def _sentence_start(text: str, offset: int) -> int:
    i = offset
    while i > 0 and text[i - 1] != "\n":
        if text[i - 1] in _SENTENCE_END and (i >= len(text) or text[i].isspace()):
            return i
        i -= 1
    return i
