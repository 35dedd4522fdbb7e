"""Hostile and damaged files, generated here (tests/sources/hostile.py), each read as the worker
reads an upload: in its box, with the box's limits in force. Each is refused with its reason
by the parser's own bound, long before the box's limits, and nothing of it is kept; the worker
(this process) reads the next file as if nothing had happened.

The last tests take the parsers' bounds away to show that the box alone still holds."""

from __future__ import annotations

import socket

import pytest

from sources.formats import read_document
from sources.jobs import recover_lost_jobs, start_reading
from sources.models import ImportPreview, Original, ReadingJob
from sources.reading_box import ReadingStopped
from tests.sources import hostile
from tests.sources.office import word_document

MB = 1 << 20


@pytest.fixture(autouse=True)
def box_limits(settings):
    """Never let a hostile file near the machine's memory: every reading here is boxed to 512 MB
    more than the worker maps, and a minute."""
    settings.SOURCE_READING_MAX_MEMORY = 512 * MB
    settings.SOURCE_READING_MAX_SECONDS = 60
    settings.SOURCE_MAX_INFLATED_BYTES = 8 * MB


def refused(editor, name: str, data: bytes) -> ReadingJob:
    """The job of an upload of `data`, once read, after checking that it ended refused for good
    with nothing of the file kept."""
    job = start_reading(user=editor, data=data, name=name)
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.FAILED
    assert not job.can_retry, "a refused file is never offered again"
    assert job.attempts == 1
    assert job.original is None and not Original.objects.exists()
    assert not ImportPreview.objects.exists()
    assert recover_lost_jobs() == 0
    return job


def a_good_document_still_reads() -> None:
    data = word_document([("paragraph", "The worker is still here to read this.")])
    assert read_document("after.docx", data).text == "The worker is still here to read this."


HOSTILE = [
    # E-mail: quadratic header parsing, header counts, nesting that overflows the parser.
    ("subject.eml", hostile.quadratic_subject_eml, "e-mail headers longer or more numerous"),
    ("headers.eml", hostile.many_headers_eml, "e-mail headers longer or more numerous"),
    ("nested.eml", hostile.nested_eml, "nests its parts more deeply than any real message"),
    # PDF: bombs that a zlib-only check missed, and a filter nobody can measure.
    ("hex.pdf", lambda: hostile.hex_flate_bomb(64 * MB), "would expand to more than 8.0 MB"),
    ("cr.pdf", lambda: hostile.bare_cr_bomb(64 * MB), "would expand to more than 8.0 MB"),
    ("escaped.pdf", lambda: hostile.escaped_name_bomb(64 * MB), "would expand to more than 8.0"),
    ("ref.pdf", lambda: hostile.referenced_filter_bomb(64 * MB), "would expand to more than 8.0"),
    ("rl.pdf", lambda: hostile.run_length_bomb(64 * MB), "would expand to more than 8.0 MB"),
    ("brotli.pdf", hostile.unknown_filter_pdf, "in a way the desk cannot measure"),
    # Scans: pages measured before anything is drawn or decoded.
    ("wide.pdf", hostile.huge_page_pdf, "Page 1 of wide.pdf is 200 × 200 inches, too large"),
    ("frames.tif", hostile.tiff_bomb, "Page 2 of frames.tif is 40,000 × 40,000 pixels"),
    (
        "page.tif",
        lambda: hostile.tiff_bomb(frames=1, first_side=14_000),
        "page.tif is too large an image to be a scanned page",
    ),
    # Word: lying archives and damaged parts.
    (
        "smaller.docx",
        lambda: hostile.lying_sizes_docx(stated=1000, expanded=32 * MB),
        "smaller.docx is damaged (its archive's sizes do not match its contents)",
    ),
    (
        "larger.docx",
        lambda: hostile.lying_sizes_docx(stated=4 * MB, expanded=MB),
        "larger.docx is damaged (its archive's sizes do not match its contents)",
    ),
    (
        "elsewhere.docx",
        hostile.external_footnotes_docx,
        "elsewhere.docx is damaged (its footnotes are said to be in another file)",
    ),
    (
        "unnumbered.docx",
        hostile.unnumbered_footnote_docx,
        "unnumbered.docx is damaged (a footnote has no number)",
    ),
    (
        "entity.docx",
        hostile.undefined_entity_docx,
        "entity.docx is damaged (its footnotes are not well-formed)",
    ),
    (
        "body.docx",
        hostile.undefined_entity_in_body_docx,
        "body.docx is damaged (a part of it is not well-formed XML)",
    ),
]


@pytest.mark.parametrize(("name", "make", "reason"), HOSTILE, ids=[name for name, _, _ in HOSTILE])
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_kept(editor, name, make, reason):
    job = refused(editor, name, make())
    assert reason in job.message
    a_good_document_still_reads()


def test_a_pdf_bomb_as_the_review_made_it_is_refused_unopened(editor, settings):
    settings.SOURCE_MAX_INFLATED_BYTES = 200 * MB
    data = hostile.hex_flate_bomb(1500 * MB)
    assert len(data) < 4 * MB
    job = refused(editor, "review.pdf", data)
    assert "would expand to more than 200.0 MB" in job.message


def test_a_stray_encrypt_spares_a_bomb_nothing(editor):
    data = hostile.pdf_with_stream(
        hostile.spaces(64 * MB), b"/Filter /FlateDecode /Note (/Encrypt 9 0 R)"
    )
    job = refused(editor, "bomb.pdf", data)
    assert "would expand to more than 8.0 MB" in job.message


@pytest.mark.parametrize("method", ["AES_128", "RC4"])
def test_an_encrypted_pdf_anyone_may_open_is_read(method):
    """Its streams cannot be measured (they fail at their first bytes, as a damaged stream does),
    and it is not refused for it: its reading is held by the box."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    from tests.sources.pdfs import FONT

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Serif", "", FONT)
    pdf.set_font("Serif", size=11)
    pdf.multi_cell(0, 6, "The ministry published its annual report on border crossings. " * 4)
    pdf.set_encryption(owner_password="owner", encryption_method=EncryptionMethod[method])
    data = bytes(pdf.output())
    assert b"/Encrypt" in data
    prepared = read_document("locked.pdf", data)
    assert prepared.text.startswith("The ministry published its annual report on border")


def test_a_damaged_footnote_never_brings_a_file_of_the_server_into_the_text():
    prepared = read_document("notes.docx", hostile.external_entity_docx())
    assert socket.gethostname() not in prepared.text
    assert prepared.kinds[-1] == "footnote"


def test_a_message_nested_a_few_levels_is_read():
    data = hostile.nested_eml(depth=5)
    assert read_document("forwarded.eml", data).text == "The statement at the bottom."


def test_a_large_page_is_drawn_smaller_rather_than_refused(settings, monkeypatch):
    from sources import ocr

    settings.SOURCE_MAX_PAGE_PIXELS = 10_000_000
    # A3 at 300 dpi is 17 megapixels: drawn at about 225 dpi instead.
    scale = ocr.render_scale(842, 1191, name="a3.pdf", page=1)
    assert 842 * scale * 1191 * scale <= 10_000_000
    assert scale * 72 > 200


# The box alone: each parser's own bound taken away, the box still stops the reading.


def test_without_its_header_bound_a_quadratic_e_mail_is_stopped_by_the_box(editor, monkeypatch):
    monkeypatch.setattr("sources.email.MAX_HEADER_BYTES", 10**9)
    monkeypatch.setattr("sources.email.MAX_HEADER_SECTION_BYTES", 10**9)
    with pytest.raises(ReadingStopped) as stopped:
        read_document("subject.eml", hostile.quadratic_subject_eml())
    assert stopped.value.reason == "memory"
    assert "subject.eml needs more memory than the desk allows for one document" in str(
        stopped.value
    )
    job = refused(editor, "subject.eml", hostile.quadratic_subject_eml())
    assert "needs more memory than the desk allows" in job.message
    a_good_document_still_reads()


@pytest.mark.slow
def test_without_its_stream_check_a_pdf_bomb_is_stopped_by_the_box(editor, monkeypatch):
    monkeypatch.setattr("sources.pdf.check_streams", lambda data, name: None)
    job = refused(editor, "review.pdf", hostile.hex_flate_bomb(1500 * MB))
    # PDFium, out of memory, aborts: the reader is reported stopped, not the worker.
    assert "review.pdf stopped the reader" in job.message or "more memory" in job.message
    a_good_document_still_reads()
