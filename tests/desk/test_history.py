"""Every save is a revision; the history page shows any two side by side."""

from django.urls import reverse

from desk.history import word_diff
from tests.factories import edit


def test_each_edit_is_a_revision_with_who_and_when(draft, editor2):
    edited = edit(draft, editor2, "Second thoughts.")
    assert [r.number for r in edited.revisions.all()] == [1, 2]
    assert edited.current_revision.created_by == editor2
    assert edited.revisions.get(number=1).annotation == "A comment."


def test_history_page_diffs_two_revisions(as_user, draft, editor, reviewer):
    edit(draft, editor, "A remark.")
    response = as_user(reviewer).get(
        reverse("desk:excerpt_history", args=[draft.pk]) + "?from=1&to=2"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>comment.</del><ins>remark.</ins>" in html


def test_history_page_is_staff_only(as_user, draft, outsider):
    assert (
        as_user(outsider).get(reverse("desk:excerpt_history", args=[draft.pk])).status_code == 403
    )


def test_word_diff_escapes_html():
    html = word_diff("<b>old</b>", "<script>new</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html
