"""The reader: staff only, the text block by block with stable anchors."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_reader_is_for_staff(as_user, request, source, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).get(source.get_absolute_url()).status_code == expected


def test_reader_shows_paragraphs_with_anchors_and_offsets(as_user, editor, source):
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    second = source.text.split("\n")[1]
    offset = source.text.index(second)
    assert f'id="p2" class="block block-paragraph" data-start="{offset}"' in html
    assert "Make an excerpt from the selection" in html


def test_reviewers_are_not_offered_to_make_excerpts(as_user, reviewer, source):
    assert (
        "Make an excerpt" not in as_user(reviewer).get(source.get_absolute_url()).content.decode()
    )


def test_reader_escapes_the_source_text(as_user, editor):
    from tests.factories import make_source

    hostile = make_source(text="<script>alert('x')</script> said the text.")
    html = as_user(editor).get(hostile.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_source_list(as_user, editor, source):
    response = as_user(editor).get(reverse("sources:list"))
    assert "Border talk" in response.content.decode()


def test_unknown_version_is_404(as_user, editor, source):
    assert as_user(editor).get(source.get_absolute_url() + "?version=9").status_code == 404


# Highlights, legend and coverage, from a stand-in for the desk's layer.

PARAGRAPH_2 = "Ministers said the crossing would reopen “within weeks”, according to officials."


def mark(source, quote, status="draft", pk=1, url="/desk/excerpts/1/"):
    start = source.text.index(quote)
    labels = {"draft": "Draft", "submitted": "Submitted for review", "published": "Published"}
    return {
        "start": start,
        "end": start + len(quote),
        "status": status,
        "label": labels[status],
        "url": url,
        "pk": pk,
    }


def test_marks_are_highlighted_in_the_text_by_status(as_user, editor, source, fake_layer):
    fake_layer.append(
        mark(source, "reopen “within weeks”", "published", pk=7, url="/desk/excerpts/7/")
    )
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    offset = source.text.index(PARAGRAPH_2)
    assert (
        f'<p id="p2" class="block block-paragraph" data-start="{offset}">Ministers said the crossing would '
        '<mark class="hl hl-c2" data-href="/desk/excerpts/7/" tabindex="0" role="link" '
        'title="Excerpt 7 (Published) — press Enter to open">reopen “within weeks”</mark>, according to officials.</p>'
    ) in html
    assert (
        '<span class="swatch hl-c2" aria-hidden="true"></span> Published <span class="meta">(1)</span>'
        in html
    )


def test_coverage_of_the_body_text_is_shown(as_user, editor, source, fake_layer):
    fake_layer.append(mark(source, PARAGRAPH_2))
    fake_layer.append(mark(source, "according to officials.", pk=2))
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    total = source.current_version.body_length
    share = len(PARAGRAPH_2) * 100 // total
    assert f'<meter id="coverage-meter" min="0" max="100" value="{share}">' in html
    assert f"({len(PARAGRAPH_2)} of {total} characters)" in html


def test_a_layer_without_marks_shows_plain_text(as_user, editor, source, fake_layer):
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert "<mark" not in html and 'value="0"' in html


def test_the_reader_takes_only_get(as_user, editor, source):
    assert as_user(editor).post(source.get_absolute_url()).status_code == 405


def test_headings_are_headings_and_every_block_has_a_numbered_anchor(as_user, editor):
    from tests.factories import make_source

    source = make_source(text="A heading\nA paragraph of text.\nBy A. Writer")
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert '<h2 id="p1" class="block block-heading" data-start="0">A heading</h2>' in html
    assert (
        '<p id="p3" class="block block-byline" data-start="31" data-aside="Byline">By A. Writer</p>'
        in html
    )
    assert '<a class="paragraph-number" href="#p2" aria-label="Paragraph 2">2</a>' in html


def test_a_line_that_is_not_the_articles_own_is_labelled_in_the_interface_language(
    as_user, editor, settings
):
    from django.utils import translation

    from sources.structure import BlockKind
    from tests.factories import make_source

    source = make_source(text="A heading\nA paragraph of text.\nBy A. Writer")
    client = as_user(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    html = client.get(source.get_absolute_url()).content.decode()
    with translation.override("pl"):
        byline = str(BlockKind.BYLINE.label)
    assert byline != "Byline"
    assert f'data-aside="{byline}">By A. Writer</p>' in html


# Marking what a block is.


def mark_url(source, number=1):
    return reverse("sources:mark_block", args=[source.pk, number])


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 302), ("reviewer", 403), ("outsider", 403), (None, 302)]
)
def test_marking_a_block_is_for_editors(as_user, request, source, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = as_user(user).post(mark_url(source), {"block": 3, "kind": "caption"})
    assert response.status_code == expected
    source.current_version.refresh_from_db()
    kind = source.current_version.block_list[2].kind
    assert kind == ("caption" if persona == "editor" else "paragraph")


def test_marking_a_block_says_what_it_did(as_user, editor, source):
    response = as_user(editor).post(mark_url(source), {"block": 3, "kind": "bio"}, follow=True)
    assert "Paragraph 3 is now marked as: Author bio." in response.content.decode()
    assert 'id="p3" class="block block-bio"' in response.content.decode()


def test_the_mark_form_is_offered_to_editors_only(as_user, editor, reviewer, source):
    assert (
        "Mark what a paragraph is"
        in as_user(editor).get(source.get_absolute_url()).content.decode()
    )
    assert (
        "Mark what a paragraph is"
        not in as_user(reviewer).get(source.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"block": 9, "kind": "caption"}, "no paragraph 9"),
        ({"block": 1, "kind": "sidebar"}, "Choose a paragraph"),
    ],
)
def test_a_bad_mark_is_explained(as_user, editor, source, data, message):
    response = as_user(editor).post(mark_url(source), data, follow=True)
    assert message in response.content.decode()
    source.current_version.refresh_from_db()
    assert [b.kind for b in source.current_version.block_list] == ["paragraph"] * 3


def test_marking_takes_only_post_and_a_real_version(as_user, editor, source):
    client = as_user(editor)
    assert client.get(mark_url(source)).status_code == 405
    assert (
        client.post(mark_url(source, number=5), {"block": 1, "kind": "caption"}).status_code == 404
    )
