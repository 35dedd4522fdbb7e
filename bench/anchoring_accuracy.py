"""How often the desk finds a quote in the right place, and never in a wrong one (`make bench`).

Cases are made from the seed texts and from text generated out of their words:
- exact: word-aligned spans pasted as they are;
- copy damage: spans pasted the way copying damages them (straight quote marks, a spaced hyphen
  or two hyphens for a dash, line breaks and doubled spaces, soft hyphens, zero-width spaces,
  letters without their diacritics, ligatures, hyphenation at a line end, no-break spaces);
- neighbouring edits: spans of a text whose next version inserts, deletes, reorders and rewords
  text around them (the quote must move with its words) and inside them (a close passage must
  be found where the edited words now stand);
- repeated sentences: a sentence standing several times, told apart by its context;
- unrelated sentences: nothing may be offered as a match.

A place reported is right when it holds the quote's words (exact, forgiving) or overlaps where
the edited quote now stands (approximate); anything else counts against precision. Prints one
row per kind and the time to anchor a pasted quote in a 5 MB source (p50, p99, after the text
was folded once), with the targets of issue #21.

Run alone: .venv/bin/python bench/anchoring_accuracy.py [--cases N]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.copy_damage import damaged  # noqa: E402
from sources.anchoring import LONG_CONTEXT_CHARS, Kind, is_whole_words, locate  # noqa: E402
from sources.anchoring.elisions import Piece, locate_elided  # noqa: E402
from sources.anchoring.folding import fold  # noqa: E402

SEEDS = ROOT / "desk" / "demo" / "seeds"
TARGETS = {
    "copy damage": 0.99,
    "neighbouring edits": 0.95,
    "elided quotes (…)": 0.98,
    "elided quotes with copy damage": 0.98,
    "elided quotes with the editor's words ([…])": 0.98,
}
ELISION_MARKS = ("…", "...", "[…]", "[...]", ". . .")
P99_TARGET_MS = 50
# First pastes timed, each in a process that has not seen the text (its memory forgotten).
FIRST_PASTES = 20


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt"))]


def generated_text(rng: random.Random, words: list[str], paragraphs: int) -> str:
    """Paragraphs of sentences made of the seeds' words, in an order no seed has."""
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            chosen = [rng.choice(words) for _ in range(rng.randint(6, 22))]
            sentences.append(chosen[0].capitalize() + " " + " ".join(chosen[1:]) + ".")
        out.append(" ".join(sentences))
    return "\n".join(out)


def word_spans(text: str) -> list[tuple[int, int]]:
    spans, i = [], 0
    for word in text.split():
        start = text.index(word, i)
        spans.append((start, start + len(word)))
        i = start + len(word)
    return spans


def random_span(rng: random.Random, text: str, spans, most: int = 40) -> tuple[int, int]:
    """Whole words within one paragraph."""
    while True:
        first = rng.randrange(len(spans))
        count = rng.randint(1, most)
        last = min(len(spans) - 1, first + count - 1)
        start, end = spans[first][0], spans[last][1]
        if "\n" not in text[start:end]:
            return start, end


@dataclass
class Tally:
    cases: int = 0
    found: int = 0
    wrong: int = 0
    reported: int = 0
    kinds: Counter = field(default_factory=Counter)
    cut_words: int = 0
    # Searches that named no place but said several fit the context: left to a person.
    uncertain: int = 0

    def recall(self) -> float:
        return self.found / self.cases if self.cases else 1.0

    def precision(self) -> float:
        return (self.reported - self.wrong) / self.reported if self.reported else 1.0


def _same_words(a: str, b: str) -> bool:
    return fold(a)[0] == fold(b)[0]


def check_found(tally: Tally, text: str, quote: str, truth: tuple[int, int], **context) -> None:
    """A quote whose own words stand at `truth` (and perhaps elsewhere too)."""
    tally.cases += 1
    search = locate(text, quote, **context)
    if search.ambiguous:
        tally.uncertain += 1
        return
    for match in search.matches:
        tally.reported += 1
        tally.kinds[match.kind] += 1
        if not is_whole_words(text, match.start, match.end):
            tally.cut_words += 1
        if not _same_words(match.exact, text[truth[0] : truth[1]]):
            tally.wrong += 1
    places = [(m.start, m.end) for m in search.matches]
    if context:
        places = places[:1]
    if truth in places:
        tally.found += 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def check_moved(tally: Tally, text: str, quote: str, truth: tuple[int, int], exact: bool, **ctx):
    """A quote re-anchored on a new version: the best place must be where its words now are."""
    tally.cases += 1
    search = locate(text, quote, **ctx)
    if search.ambiguous:
        tally.uncertain += 1
        return
    if not search.matches:
        return
    best = search.matches[0]
    tally.reported += 1
    tally.kinds[best.kind] += 1
    if not is_whole_words(text, best.start, best.end):
        tally.cut_words += 1
    place = (best.start, best.end)
    right = place == truth if exact else _overlap(truth, place) >= 0.5
    if exact and not right and best.kind != Kind.APPROXIMATE:
        right = _same_words(best.exact, text[truth[0] : truth[1]])
    if right:
        tally.found += 1
    else:
        tally.wrong += 1


def neighbouring_case(rng: random.Random, paragraphs: list[str], tally_around, tally_inside):
    """A quote in paragraph i of version 1, then version 2 edited around it or inside it."""
    i = rng.randrange(len(paragraphs))
    paragraph = paragraphs[i]
    spans = word_spans(paragraph)
    if len(spans) < 8:
        return
    first = rng.randrange(0, len(spans) - 6)
    last = min(len(spans) - 1, first + rng.randint(5, 30))
    a, b = spans[first][0], spans[last][1]
    before, quote, after = paragraph[:a], paragraph[a:b], paragraph[b:]
    old = "\n".join(paragraphs)
    old_start = sum(len(p) + 1 for p in paragraphs[:i]) + a
    # Re-anchoring looks with the context the old version gives (desk.reanchoring).
    reach = LONG_CONTEXT_CHARS
    prefix = old[max(0, old_start - reach) : old_start]
    suffix = old[old_start + len(quote) :][:reach]
    others = paragraphs[:i] + paragraphs[i + 1 :]
    inside = rng.random() < 0.5
    if inside:
        words = quote.split(" ")
        k = rng.randrange(1, len(words) - 1)
        edit = rng.choice(["reword", "delete", "insert"])
        if edit == "reword":
            words[k] = "differently"
        elif edit == "delete":
            del words[k]
        else:
            words.insert(k, "reportedly")
        new_quote = " ".join(words)
    else:
        new_quote = quote
        edit = rng.choice(["insert before", "delete elsewhere", "reorder", "reword around"])
        if edit == "reword around" and before.strip():
            before = before.rstrip().rsplit(" ", 1)[0] + " meanwhile "
        elif edit == "insert before":
            others.insert(rng.randrange(0, len(others) + 1), "A paragraph added in the new text.")
        elif edit == "delete elsewhere" and others:
            del others[rng.randrange(len(others))]
        else:
            rng.shuffle(others)
    position = rng.randrange(0, len(others) + 1)
    new_paragraph = before + new_quote + after
    new = others[:position] + [new_paragraph] + others[position:]
    text = "\n".join(new)
    start = sum(len(p) + 1 for p in new[:position]) + len(before)
    truth = (start, start + len(new_quote))
    near = old_start
    if inside:
        check_moved(
            tally_inside, text, quote, truth, False, prefix=prefix, suffix=suffix, near=near
        )
    else:
        check_moved(tally_around, text, quote, truth, True, prefix=prefix, suffix=suffix, near=near)


def elided_case(rng: random.Random, text: str, spans, tally: Tally, *, damage: bool, insert: bool):
    """A span of one paragraph quoted with one to three runs of 2-12 words left out (each kept
    passage at least two words), pasted with one of the usual marks; with `damage`, each passage
    as copying damages it; with `insert`, the editor's words added in brackets as well, either in
    place of the words left out or in place of the words before the first passage."""
    while True:
        a, b = random_span(rng, text, spans, most=70)
        first = next(i for i, s in enumerate(spans) if s[0] == a)
        last = next(i for i, s in enumerate(spans) if s[1] == b)
        if last - first + 1 >= 16:
            break
    count = rng.randint(1, 3)
    kept: list[tuple[int, int]] = []  # word indexes of each passage, inclusive
    cursor = first
    for k in range(count):
        room = last - cursor - 2 * (count - k)
        keep = rng.randint(2, max(2, min(12, room // 2)))
        leave = rng.randint(2, 12)
        if cursor + keep + leave + 2 > last:
            break
        kept.append((cursor, cursor + keep - 1))
        cursor += keep + leave
    kept.append((cursor, last))
    truth = [(spans[i][0], spans[j][1]) for i, j in kept]
    passages = [text[s:e] for s, e in truth]
    if damage:
        passages = [damaged(rng, p) for p in passages]
    mark = rng.choice(ELISION_MARKS)
    inserted: list[str] = []
    if insert and len(passages) > 1 and rng.random() < 0.5:
        # The editor's words stand for the words left out between the first two passages.
        word = rng.choice(["[it]", "[the government]", "[in 2025]", "[sic]"])
        inserted.append(word[1:-1])
        quote = f"{passages[0]} {word} " + f" {mark} ".join(passages[1:])
    elif insert:
        word = rng.choice(["[He]", "[Minsk]", "[The authorities]"])
        inserted.append(word[1:-1])
        quote = f"{word} " + f" {mark} ".join(passages)
    else:
        quote = f" {mark} ".join(passages)
    tally.cases += 1
    search = locate_elided(text, quote)
    if search.ambiguous:
        tally.uncertain += 1
        return
    if not search.places:
        return
    reading = search.places[0]
    tally.reported += 1
    for passage in reading.passages:
        tally.kinds[reading.kinds[0]] += 1
        if not is_whole_words(text, passage.start, passage.end):
            tally.cut_words += 1
    editors = [p.text for p in reading.pieces(text) if p.kind == Piece.INSERTED]
    if editors != inserted:
        tally.wrong += 1  # the editor's words lost, or passed off as the source's
    elif [(p.start, p.end) for p in reading.passages] == truth:
        tally.found += 1
    else:
        tally.wrong += 1  # another place, or another reading of which words were left out


def _shared_cache() -> None:
    """The cache every process of the desk shares, as in production (files on disk), for the
    index a background task prepares when a version is stored."""
    import tempfile

    from django.conf import settings

    if not settings.configured:
        location = tempfile.mkdtemp(prefix="anchoring-bench-")
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        settings.configure(CACHES={"default": {"BACKEND": backend, "LOCATION": location}})


def timing(rng: random.Random, words: list[str], samples: int) -> dict:
    """Time to anchor pasted quotes (half of them damaged) in a 5 MB text, in ms: the first
    paste into a text nobody prepared, the first paste in a fresh process after the version was
    prepared when stored (sources.quote_index), and every paste after that."""
    _shared_cache()
    from sources.anchoring.folding import forget_folded
    from sources.quote_index import prepare, ready

    text = generated_text(rng, words, 1)
    while len(text) < 5_000_000:
        text += "\n" + generated_text(rng, words, 400)
    spans = word_spans(text[:200_000])

    def pasted(n: int) -> str:
        a, b = random_span(rng, text[:200_000], spans, most=25)
        return damaged(rng, text[a:b]) if n % 2 else text[a:b]

    forget_folded()
    began = time.perf_counter()
    locate(text, pasted(0))
    unprepared = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    text_hash = hashlib.sha256(text.encode()).hexdigest()
    prepare(text, text_hash)
    preparing = (time.perf_counter() - began) * 1000
    firsts, first_cpu = [], []
    for n in range(FIRST_PASTES):
        forget_folded()  # a process that never saw the text
        quote = pasted(n)
        began, cpu = time.perf_counter(), time.process_time()
        ready(text, text_hash)
        locate(text, quote)
        firsts.append((time.perf_counter() - began) * 1000)
        first_cpu.append((time.process_time() - cpu) * 1000)
    times = []
    for n in range(samples):
        quote = pasted(n)
        began = time.perf_counter()
        ready(text, text_hash)
        locate(text, quote)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "size": len(text),
        "unprepared_ms": unprepared,
        "preparing_ms": preparing,
        "first_ms": sorted(firsts),
        # CPU time of the slowest first paste: what it costs when no other program competes.
        "first_cpu_ms": max(first_cpu),
        "p50": times[len(times) // 2],
        "p99": times[int(len(times) * 0.99) - 1],
    }


def measure(cases: int = 2400, seed: int = 21) -> dict:
    rng = random.Random(seed)
    seeds = seed_texts()
    words = sorted({w.strip(".,;:“”\"'()") for t in seeds for w in t.split()} - {""})
    generated = generated_text(rng, words, 40)
    # A sentence standing three times, for telling occurrences apart by their context.
    repeated = "The border stays shut, officials said again on Monday."
    with_repeats = generated.split("\n")
    for k in (3, 17, 31):
        with_repeats[k] = with_repeats[k] + " " + repeated
    repeats = "\n".join(with_repeats)
    texts = [*seeds, generated, repeats]
    tallies = {
        name: Tally()
        for name in (
            "exact",
            "copy damage",
            "neighbouring edits",
            "edits inside the quote",
            "repeated sentences",
            "unrelated sentences",
            "elided quotes (…)",
            "elided quotes with copy damage",
            "elided quotes with the editor's words ([…])",
        )
    }
    share = cases // 5
    for _ in range(share):
        text = rng.choice(texts)
        spans = word_spans(text)
        a, b = random_span(rng, text, spans)
        check_found(tallies["exact"], text, text[a:b], (a, b))
        a, b = random_span(rng, text, spans)
        check_found(tallies["copy damage"], text, damaged(rng, text[a:b]), (a, b))
    for _ in range(share * 2):
        text = rng.choice([*seeds, generated])
        neighbouring_case(
            rng,
            text.split("\n"),
            tallies["neighbouring edits"],
            tallies["edits inside the quote"],
        )
    text = repeats
    starts = [i for i in range(len(text)) if text.startswith(repeated, i)]
    for _ in range(share // 2):
        start = rng.choice(starts)
        end = start + len(repeated)
        check_found(
            tallies["repeated sentences"],
            text,
            repeated,
            (start, end),
            prefix=text[max(0, start - 32) : start],
            suffix=text[end : end + 32],
        )
    unrelated = tallies["unrelated sentences"]
    for _ in range(share // 2):
        text = rng.choice(seeds)
        sentence = generated_text(rng, words, 1).split(". ")[0] + "."
        unrelated.cases += 1
        search = locate(text, sentence)
        unrelated.reported += len(search.matches)
        unrelated.wrong += len(search.matches)
        unrelated.cut_words += sum(not is_whole_words(text, m.start, m.end) for m in search.matches)
        unrelated.found += not search.matches
    for _ in range(share // 2):
        text = rng.choice([*seeds, generated])
        spans = word_spans(text)
        elided_case(rng, text, spans, tallies["elided quotes (…)"], damage=False, insert=False)
        elided_case(
            rng, text, spans, tallies["elided quotes with copy damage"], damage=True, insert=False
        )
        elided_case(
            rng,
            text,
            spans,
            tallies["elided quotes with the editor's words ([…])"],
            damage=rng.random() < 0.5,
            insert=True,
        )
    return {"tallies": tallies, **timing(rng, words, 200)}


def table(result: dict) -> str:
    rows = [
        "| Cases | Count | Precision | Recall | Wrong places | Left to a person "
        "| Cut inside a word | Target |"
    ]
    rows.append("|---|---:|---:|---:|---:|---:|---:|---|")
    total = 0
    for name, tally in result["tallies"].items():
        total += tally.cases
        target = TARGETS.get(name)
        goal = "0 wrong" + (f", recall ≥ {target:.0%}" if target else "")
        rows.append(
            f"| {name} | {tally.cases:,} | {tally.precision():.2%} | {tally.recall():.2%} | "
            f"{tally.wrong} | {tally.uncertain} | {tally.cut_words} | {goal} |"
        )
    firsts = result["first_ms"]
    rows.append(
        f"| time to anchor a pasted quote, {result['size'] / 1e6:.1f} MB source | 200 | "
        f"p50 {result['p50']:.1f} ms | p99 {result['p99']:.1f} ms | | | "
        f"| p99 < {P99_TARGET_MS} ms |"
    )
    rows.append(
        f"| first paste into it in a fresh process, prepared when stored | {len(firsts)} | "
        f"median {firsts[len(firsts) // 2]:.1f} ms | slowest {firsts[-1]:.1f} ms | | | "
        f"| < {P99_TARGET_MS} ms |"
    )
    rows.append(
        f"| the same, CPU time of the slowest (other programs' load left out) | {len(firsts)} "
        f"| | {result['first_cpu_ms']:.1f} ms | | | | |"
    )
    rows.append("")
    rows.append(
        f"{total:,} cases. Preparing the 5 MB text when its version is stored (a background "
        f"task: folding it and sharing it through the cache): {result['preparing_ms']:.0f} ms; "
        f"a first paste into a text nobody prepared folds it on the spot: "
        f"{result['unprepared_ms']:.0f} ms. Recall for unrelated sentences is the share that got "
        "no place at all; for repeated sentences, the share where the first place is the one "
        "whose context was given."
    )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2400)
    args = parser.parse_args()
    result = measure(args.cases)
    print(table(result))
    tallies = result["tallies"]
    failed = sum(t.wrong + t.cut_words for t in tallies.values())
    failed += sum(tallies[name].recall() < goal for name, goal in TARGETS.items())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
