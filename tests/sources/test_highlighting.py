"""Marks in the text: escaped, overlapping sensibly, and the coverage of body text."""

from __future__ import annotations

from sources.highlighting import block_html, collect_marks, coverage, legend
from sources.hooks import ReaderLayer, ReaderMark
from sources.structure import Block

STATUSES = [("draft", "Draft"), ("published", "Published")]


def layer(*marks):
    return ReaderLayer(
        statuses=STATUSES,
        marks=[ReaderMark(s, e, st, dict(STATUSES)[st], f"/x/{pk}/", pk) for s, e, st, pk in marks],
    )


def test_a_mark_is_a_focusable_highlight_coloured_by_status():
    text = "Say <b>“no”</b> twice."
    marks = collect_marks([layer((4, 15, "published", 7))], len(text))
    html = block_html(text, Block(0, 0, len(text), "paragraph"), marks)
    assert html == (
        'Say <mark class="hl hl-c1" data-href="/x/7/" tabindex="0" role="link" '
        'title="Excerpt 7 (Published) — press Enter to open">&lt;b&gt;“no”&lt;/b&gt;</mark> twice.'
    )


def test_overlapping_marks_are_cut_into_pieces_that_name_each_excerpt():
    text = "abcdefghij"
    marks = collect_marks([layer((0, 6, "draft", 1), (3, 10, "published", 2))], len(text))
    html = block_html(text, Block(0, 0, 10, "paragraph"), marks)
    assert html.count("<mark") == 3
    assert (
        'title="Excerpt 1 (Draft); Excerpt 2 (Published) — press Enter to open">def</mark>' in html
    )
    assert "hl-overlap" in html
    # Without the tags, the block holds exactly its text: the reader's offsets stay right.
    import re

    assert re.sub(r"<[^>]+>", "", html) == text


def test_marks_are_cut_at_block_edges_and_offsets_are_of_the_whole_text():
    text = "First line.\nSecond line."
    marks = collect_marks([layer((6, 18, "draft", 3))], len(text))
    first = block_html(text[0:11], Block(0, 0, 11, "paragraph"), marks)
    second = block_html(text[12:24], Block(1, 12, 24, "paragraph"), marks)
    assert first.endswith(">line.</mark>") and second.startswith('<mark class="hl hl-c0"')
    assert ">Second</mark> line." in second


def test_marks_outside_the_text_are_left_out():
    assert collect_marks([layer((5, 500, "draft", 1), (3, 3, "draft", 2))], 100) == []


def test_the_legend_counts_marks_by_status():
    marks = collect_marks([layer((0, 2, "draft", 1), (3, 4, "draft", 2))], 10)
    assert [(e.label, e.colour, e.count) for e in legend([layer()], marks)] == [
        ("Draft", 0, 2),
        ("Published", 1, 0),
    ]


def test_coverage_counts_body_text_once_however_many_marks_cover_it():
    blocks = [
        Block(0, 0, 10, "heading"),
        Block(1, 11, 61, "paragraph"),
        Block(2, 62, 112, "caption"),
    ]
    marks = collect_marks(
        [layer((0, 21, "draft", 1), (16, 36, "published", 2), (70, 80, "draft", 3))], 112
    )
    result = coverage(blocks, marks)
    assert (result.covered, result.total, result.percent) == (25, 50, 50)


def test_coverage_never_rounds_up_to_a_full_text():
    blocks = [Block(0, 0, 1000, "paragraph")]
    marks = collect_marks([layer((0, 999, "draft", 1))], 1000)
    assert coverage(blocks, marks).percent == 99
    assert coverage([], []).percent == 0
