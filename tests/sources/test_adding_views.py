"""Adding a source in the UI: upload, paste or URL, always previewed, and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sources.documents import read_file
from sources.models import ImportPreview, Original, Source, SourceVersion
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
ADD = reverse("sources:add")


def upload(client, name: str, data: bytes, url: str = ADD):
    return client.post(url, {"how": "upload", "file": SimpleUploadedFile(name, data)})


def nothing_stored() -> bool:
    return not (
        Source.objects.exists() or ImportPreview.objects.exists() or Original.objects.exists()
    )


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 403), ("outsider", 403), (None, 302)]
)
def test_adding_is_for_editors(as_user, request, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = as_user(user).get(ADD)
    assert response.status_code == expected
    if persona is None:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["reviewer", "outsider"])
def test_those_who_may_not_add_cannot_post_either(as_user, request, persona):
    response = upload(as_user(request.getfixturevalue(persona)), "a.txt", b"Some text.")
    assert response.status_code == 403
    assert nothing_stored()


def test_the_add_page_takes_only_get_and_post(as_user, editor):
    assert as_user(editor).put(ADD).status_code == 405


def test_an_unknown_way_of_adding_is_a_bad_request(as_user, editor):
    assert as_user(editor).post(ADD, {"how": "telepathy"}).status_code == 400


def test_an_upload_is_previewed_then_saved_exactly(as_user, editor):
    client = as_user(editor)
    data = (SEEDS / "003_4c57bf254df6c335.txt").read_bytes()
    response = upload(client, "essay.txt", data)
    preview = ImportPreview.objects.get()
    assert response.status_code == 302 and response["Location"] == preview.get_absolute_url()
    assert not Source.objects.exists()  # nothing is saved before the editor has seen it

    page = client.get(preview.get_absolute_url()).content.decode()
    assert "Belarus Between East and West" in page
    assert "Save source" in page

    # The browser sends metadata, never the text: a forged text field is ignored.
    response = client.post(
        preview.get_absolute_url(),
        {
            "title": "Belarus Between East and West",
            "author": "Abby Poprocki",
            "published": "2025",
            "text": "forged",
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == source.get_absolute_url()
    source.refresh_from_db()
    assert source.text == preview.text == read_file("essay.txt", data).text
    assert (source.title, source.author, source.outlet, source.published) == (
        "Belarus Between East and West",
        "Abby Poprocki",
        "",
        "2025",
    )
    version = source.current_version
    assert (version.number, version.created_by, version.imported_from) == (1, editor, "essay.txt")
    assert not ImportPreview.objects.exists()


def test_seeds_uploaded_in_the_ui_are_stored_as_the_command_stores_them(as_user, editor):
    client = as_user(editor)
    for path in sorted(SEEDS.glob("*.txt")):
        upload(client, path.name, path.read_bytes())
        preview = ImportPreview.objects.get()
        client.post(preview.get_absolute_url(), {})
    by_ui = dict(
        Source.objects.values_list("current_version__imported_from", "current_version__text")
    )
    blocks_by_ui = {v.imported_from: v.blocks for v in SourceVersion.objects.all()}
    Source.objects.update(current_version=None)
    SourceVersion.objects.all().delete()
    Source.objects.all().delete()
    call_command("import_source", "--manifest", str(SEEDS / "sources.toml"))
    by_command = dict(
        Source.objects.values_list("current_version__imported_from", "current_version__text")
    )
    # Every seed in the folder, the demo's own Belarusian text included, came through the UI.
    assert len(by_ui) == len(list(SEEDS.glob("*.txt"))) == 4
    assert by_ui == by_command
    assert blocks_by_ui == {v.imported_from: v.blocks for v in SourceVersion.objects.all()}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "not a text file"),
        ("latin.txt", "Café crème".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"   \n", "is empty"),
        ("report.pdf", b"%PDF-1.7 text", "not a PDF the desk can read"),
        ("report.odt", b"PK\x03\x04 text", "not a file the desk imports"),
        (
            "menu.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "No article text",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_stored(
    as_user, editor, name, data, message
):
    response = upload(as_user(editor), name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_stored()


def test_a_file_over_the_size_limit_is_refused(as_user, editor, settings):
    settings.SOURCE_MAX_BYTES = 100
    response = upload(as_user(editor), "long.txt", b"word " * 100)
    assert "500 bytes; the desk takes texts up to 100 bytes" in response.content.decode()
    assert nothing_stored()


def test_an_upload_without_a_file_says_so(as_user, editor):
    response = as_user(editor).post(ADD, {"how": "upload"})
    assert "This field is required" in response.content.decode()
    assert nothing_stored()


def test_a_pasted_text_is_previewed_then_saved(as_user, editor):
    client = as_user(editor)
    response = client.post(
        ADD, {"how": "paste", "text": "A heading\r\n\r\nA paragraph of pasted text.\r\n"}
    )
    preview = ImportPreview.objects.get()
    assert response["Location"] == preview.get_absolute_url()
    assert preview.text == "A heading\nA paragraph of pasted text."
    client.post(preview.get_absolute_url(), {"title": ""})
    source = Source.objects.get()
    assert source.current_version.imported_from == "pasted text"
    assert source.display_title.startswith("[Untitled] A heading")


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_an_empty_paste_is_refused(as_user, editor, text):
    response = as_user(editor).post(ADD, {"how": "paste", "text": text})
    assert response.status_code == 200
    assert ("This field is required" in response.content.decode()) or (
        "empty" in response.content.decode()
    )
    assert nothing_stored()


def test_a_paste_over_the_size_limit_is_refused(as_user, editor, settings):
    settings.SOURCE_MAX_BYTES = 100
    response = as_user(editor).post(ADD, {"how": "paste", "text": "word " * 50})
    assert "The pasted text is 250 bytes" in response.content.decode()
    assert nothing_stored()


def test_a_fetched_page_is_previewed_with_what_it_states(as_user, editor, pages):
    client = as_user(editor)
    response = client.post(ADD, {"how": "url", "url": f"{pages}/hop1"})
    preview = ImportPreview.objects.get()
    assert response["Location"] == preview.get_absolute_url()
    page = client.get(preview.get_absolute_url()).content.decode()
    assert 'value="The Local Paper"' in page and 'value="2025-11"' in page
    assert ">\nWriter, Ann</textarea>" in page  # one author a line, family name first
    assert '<h3 class="block block-heading">What ministers said</h3>' in page
    assert '<p class="block block-caption">The crossing at Kuźnica in 2021.</p>' in page
    client.post(
        preview.get_absolute_url(),
        {
            "title": "Border crossing to reopen",
            "author": "Ann Writer",
            "outlet": "The Local Paper",
            "url": f"{pages}/hop1",
            "published": "2025-11",
            "language": "en",
        },
    )
    source = Source.objects.get()
    assert (source.url, source.published, source.published_precision) == (
        f"{pages}/hop1",
        "2025-11",
        "month",
    )
    assert source.current_version.block_list[1].kind == "byline"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "answered 404 Not Found"),
        pytest.param(
            "/slow", "did not answer within 1 second", marks=pytest.mark.slow
        ),  # waits out the timeout
        ("/image", "not a web page or text"),
        ("/binary-html", "not a text file"),
        ("/to-private", "private network address"),
        ("/loop", "redirects more than 5 times"),
    ],
)
def test_a_failed_fetch_is_reported_and_nothing_stored(as_user, editor, pages, path, message):
    response = as_user(editor).post(ADD, {"how": "url", "url": f"{pages}{path}"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_stored()


def test_a_page_too_large_is_refused(as_user, editor, pages, settings):
    settings.SOURCE_MAX_BYTES = 1000
    response = as_user(editor).post(ADD, {"how": "url", "url": f"{pages}/huge"})
    assert "the desk takes texts up to 1000 bytes" in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://10.0.0.1/article", "private network address"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("ftp://example.org/a.txt", "only http and https"),
        ("not a url", "no scheme"),
    ],
)
def test_addresses_the_desk_will_not_fetch(as_user, editor, url, message):
    response = as_user(editor).post(ADD, {"how": "url", "url": url})
    assert message in response.content.decode()
    assert nothing_stored()


def test_loopback_is_refused_outside_tests(as_user, editor, pages, settings):
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = False
    response = as_user(editor).post(ADD, {"how": "url", "url": f"{pages}/article"})
    assert "loopback address" in response.content.decode()
    assert nothing_stored()


def test_a_duplicate_text_is_reported_not_saved(as_user, editor):
    existing = make_source(text="Same words in both.", title="The first")
    client = as_user(editor)
    upload(client, "again.txt", b"Same words in both.\n")
    preview = ImportPreview.objects.get()
    page = client.get(preview.get_absolute_url()).content.decode()
    assert "already in the library as “The first”" in page
    assert "Save source" not in page
    response = client.post(preview.get_absolute_url(), {"title": "Copy"})
    assert "already in the library" in response.content.decode()
    assert list(Source.objects.all()) == [existing]


def test_the_same_url_with_a_new_text_becomes_a_new_version(as_user, editor, pages):
    existing = make_source(
        text="An older text of the article.", url=f"{pages}/article", title="Old"
    )
    client = as_user(editor)
    client.post(ADD, {"how": "url", "url": f"{pages}/article"})
    preview = ImportPreview.objects.get()
    page = client.get(preview.get_absolute_url()).content.decode()
    assert "already has a source from this URL" in page
    assert "Save as version 2" in page
    response = client.post(preview.get_absolute_url())
    existing.refresh_from_db()
    assert response["Location"] == existing.get_absolute_url()
    assert existing.current_version.number == 2
    assert existing.current_version.created_by == editor
    assert existing.title == "Old"  # a new version leaves the details as they are
    assert Source.objects.count() == 1


def test_a_bad_date_on_saving_keeps_the_preview_and_stores_nothing(as_user, editor):
    client = as_user(editor)
    client.post(ADD, {"how": "paste", "text": "Words of the text."})
    preview = ImportPreview.objects.get()
    response = client.post(preview.get_absolute_url(), {"published": "2025-02-30"})
    assert response.status_code == 200
    assert "February 2025 has 28 days" in response.content.decode()
    assert not Source.objects.exists()
    assert ImportPreview.objects.filter(pk=preview.pk).exists()


def test_someone_elses_preview_is_not_found(as_user, editor, editor2):
    as_user(editor).post(ADD, {"how": "paste", "text": "Words of the text."})
    preview = ImportPreview.objects.get()
    other = as_user(editor2)
    assert other.get(preview.get_absolute_url()).status_code == 404
    assert other.post(preview.get_absolute_url()).status_code == 404
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"), [("reviewer", 404), ("outsider", 403), (None, 302)]
)
def test_a_preview_is_for_its_editor(as_user, request, editor, persona, expected):
    as_user(editor).post(ADD, {"how": "paste", "text": "Words of the text."})
    preview = ImportPreview.objects.get()
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).post(preview.get_absolute_url()).status_code == expected
    assert not Source.objects.exists()


def test_a_preview_can_be_discarded(as_user, editor):
    client = as_user(editor)
    client.post(ADD, {"how": "paste", "text": "Words of the text."})
    preview = ImportPreview.objects.get()
    discard = reverse("sources:discard_preview", args=[preview.token])
    assert client.get(discard).status_code == 405
    response = client.post(discard, follow=True)
    assert "nothing was saved" in response.content.decode()
    assert nothing_stored()


def test_stale_previews_are_forgotten(as_user, editor):
    from datetime import timedelta

    from django.utils import timezone

    client = as_user(editor)
    client.post(ADD, {"how": "paste", "text": "Left behind."})
    ImportPreview.objects.update(created_at=timezone.now() - timedelta(days=2))
    client.post(ADD, {"how": "paste", "text": "A fresh text."})
    assert list(ImportPreview.objects.values_list("text", flat=True)) == ["A fresh text."]


FIFTY_MB = 50 * 1024 * 1024


def test_a_50_mb_upload_is_refused_with_the_limit_and_stores_nothing(as_user, editor):
    response = upload(as_user(editor), "huge.txt", b"word " * (FIFTY_MB // 5))
    assert response.status_code == 200
    assert "huge.txt is 50.0 MB; the desk takes texts up to 5.0 MB." in response.content.decode()
    assert nothing_stored()


def test_a_50_mb_paste_gets_a_clear_400_and_stores_nothing(as_user, editor):
    response = as_user(editor).post(ADD, {"how": "paste", "text": "word " * (FIFTY_MB // 5)})
    assert response.status_code == 400
    assert "larger than the desk accepts" in response.content.decode()
    assert nothing_stored()
