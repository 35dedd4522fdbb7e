"""Only the web's own encodings: a page that declares an exotic codec is read as UTF-8.

Python decodes `punycode` in quadratic time (960 KB took 33 s), and other codecs it knows are not
text encodings at all. The budget here is counted in calls to those codecs, never in seconds.
"""

from __future__ import annotations

import encodings.punycode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.documents import read_fetched
from sources.extraction import decode_html
from sources.fetching import Fetched
from sources.models import ImportPreview
from sources.web_encodings import web_encoding

EXOTIC = ["punycode", "unicode_escape", "raw_unicode_escape", "utf-7", "rot13", "idna", "uu", "hex"]


def hostile_page(charset: str, size: int = 960 * 1024) -> bytes:
    head = f'<html><head><meta charset="{charset}"><title>Crossings</title></head><body>'
    paragraph = "<p>Poland reopened two crossings on the border with Belarus on Monday.</p>\n"
    body = paragraph * ((size - len(head)) // len(paragraph))
    return (head + body + "</body></html>").encode("ascii")


@pytest.fixture
def punycode_calls(monkeypatch):
    """Every call into Python's punycode decoder, which must be none."""
    calls = []

    def counted(text, errors):
        calls.append(len(text))
        return ""

    monkeypatch.setattr(encodings.punycode, "punycode_decode", counted)
    return calls


@pytest.mark.parametrize("label", [*EXOTIC, "x" * 10_000, "", "utf-8\x00", "base64"])
def test_labels_outside_the_web_encodings_are_not_encodings(label):
    assert web_encoding(label) is None


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("windows-1251", "cp1251"),
        ("Shift_JIS", "shift_jis"),
        ("x-mac-cyrillic", "mac-cyrillic"),
        ("windows-874", "cp874"),
        ("latin1", "iso8859-1"),
        (' "koi8-r" ', "koi8-r"),
    ],
)
def test_the_web_encodings_are_known_by_their_labels(label, codec):
    assert web_encoding(label) == codec


@pytest.mark.parametrize("label", EXOTIC)
def test_a_page_declaring_an_exotic_codec_is_read_as_utf8(label, punycode_calls):
    data = f'<html><head><meta charset="{label}"></head><body><p>Kuźnica</p></body></html>'
    assert "Kuźnica" in decode_html(data.encode("utf-8"))
    assert "Kuźnica" in decode_html(data.encode("utf-8"), charset=label)
    assert punycode_calls == []


def test_a_fetched_text_with_an_exotic_charset_is_read_as_utf8(punycode_calls):
    fetched = Fetched(
        "https://example.org/a.txt",
        "https://example.org/a.txt",
        "text/plain",
        "punycode",
        b"Poland reopened two crossings.\n" * 30_000,
    )
    assert read_fetched(fetched).text.startswith("Poland reopened two crossings.")
    assert punycode_calls == []


@pytest.mark.slow
@pytest.mark.django_db
def test_a_960_kb_upload_declaring_punycode_is_never_decoded_as_punycode(
    as_user, editor, punycode_calls
):
    data = hostile_page("punycode")
    assert len(data) > 950 * 1024
    response = as_user(editor).post(
        reverse("sources:add"),
        {"how": "upload", "file": SimpleUploadedFile("crossings.html", data)},
    )
    assert response.status_code in {200, 302}
    assert punycode_calls == []
    assert "Poland reopened two crossings" in ImportPreview.objects.get().text
