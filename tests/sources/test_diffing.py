"""The diff between two versions: exactly the paragraphs that changed."""

from __future__ import annotations

from sources.diffing import paragraph_diff

TEXT = "\n".join(f"Paragraph number {n} of the article." for n in range(1, 11))


def test_a_changed_paragraph_is_the_only_one_removed_and_added():
    changed = TEXT.replace("number 5 of", "number five of")
    diff = paragraph_diff(TEXT, changed)
    assert (diff.removed, diff.added) == (1, 1)
    deleted = [row for row in diff.rows if row.op == "delete"]
    inserted = [row for row in diff.rows if row.op == "insert"]
    assert [(row.old_number, "".join(s.text for s in row.segments)) for row in deleted] == [
        (5, "Paragraph number 5 of the article.")
    ]
    assert [(row.new_number, "".join(s.text for s in row.segments)) for row in inserted] == [
        (5, "Paragraph number five of the article.")
    ]
    assert [s.text for s in inserted[0].segments if s.changed] == ["five"]
    # One paragraph of context each side; the rest is summed up.
    assert [(row.op, row.skipped) for row in diff.rows if row.op == "skip"] == [
        ("skip", 3),
        ("skip", 4),
    ]


def test_added_and_removed_paragraphs():
    lines = TEXT.split("\n")
    new = "\n".join(["A new opening.", *lines[:3], *lines[4:]])
    diff = paragraph_diff(TEXT, new)
    assert (diff.removed, diff.added) == (1, 1)
    ops = [
        (row.op, row.old_number, row.new_number)
        for row in diff.rows
        if row.op in {"delete", "insert"}
    ]
    assert ops == [("insert", None, 1), ("delete", 4, None)]


def test_the_same_text_has_no_changes():
    diff = paragraph_diff(TEXT, TEXT)
    assert diff.unchanged
