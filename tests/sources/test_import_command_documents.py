"""The import command reads PDFs, Word documents and e-mails too, with a progress bar for long
documents, and keeps each original with the version it became."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from sources.models import Source
from sources.originals import checksum
from tests.sources.office import word_document
from tests.sources.pdfs import Report, prose, report_pdf


def test_a_pdf_is_imported_with_a_progress_bar_its_pages_and_its_original(db, tmp_path):
    laid = report_pdf(Report([prose(i) for i in range(20)], title="Annual review"))
    path = tmp_path / "review.pdf"
    path.write_bytes(laid.data)
    out = StringIO()
    call_command("import_source", str(path), "--outlet", "Centre for Eastern Studies", stdout=out)
    output = out.getvalue()
    assert f"[{'#' * 30}] {laid.page_count}/{laid.page_count} pages" in output
    assert "imported as source" in output
    version = Source.objects.get().current_version
    assert version.text.startswith("Annual review\nParagraph 0 opens")
    assert version.pages[0] == [0, 1] and version.pages[-1][1] == laid.page_count
    assert version.original.checksum == checksum(laid.data)
    assert version.source.outlet == "Centre for Eastern Studies"


def test_a_folder_of_documents_is_imported(db, tmp_path):
    (tmp_path / "statement.docx").write_bytes(
        word_document([("paragraph", "The ministry confirms the crossings reopen on Monday.")])
    )
    (tmp_path / "notes.txt").write_text("Talks continue in Warsaw this week, officials said.")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 nothing")
    out = StringIO()
    call_command("import_source", str(tmp_path), stdout=out)
    assert Source.objects.count() == 2
    assert "broken.pdf is not a PDF the desk can read" in out.getvalue()
