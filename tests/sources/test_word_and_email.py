"""Word documents and e-mails come in as sources: headings, paragraphs and footnotes from Word;
an e-mail's sender, date and subject become the source's author, date and title."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.formats import read_document
from sources.importing import ImportRefused
from sources.models import ImportPreview, Original, ReadingJob
from sources.structure import BlockKind
from tests.sources.office import email_message, word_document, zip_bomb_docx

STATEMENT = [
    ("heading", "Statement on the border crossings"),
    ("paragraph", "The ministry confirms that the crossings at Kuźnica will reopen on Monday."),
    ("heading", "Next steps"),
    ("paragraph", "Talks with the neighbouring side continue this week in Warsaw."),
]


def test_a_word_documents_headings_paragraphs_and_footnotes():
    data = word_document(
        STATEMENT,
        footnotes=["Figures from the border guard."],
        title="Border statement",
        author="Ministry of the Interior",
    )
    prepared = read_document("statement.docx", data)
    assert prepared.text.split("\n") == [text for _, text in STATEMENT] + [
        "1 Figures from the border guard."
    ]
    assert prepared.kinds == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.FOOTNOTE,
    ]
    assert prepared.metadata.title == "Border statement"
    assert prepared.metadata.author == "Ministry of the Interior"


def test_an_emails_sender_date_and_subject_become_its_metadata():
    data = email_message(
        subject="Press release: crossings reopen",
        sender="Anna Nowak <press@example.gov.pl>",
        date="Mon, 17 Nov 2025 09:30:00 +0100",
        body="The crossings reopen on Monday.\n\nTalks continue in Warsaw this week.",
    )
    prepared = read_document("release.eml", data)
    assert prepared.text == "The crossings reopen on Monday.\nTalks continue in Warsaw this week."
    metadata = prepared.metadata
    assert (metadata.title, metadata.author, metadata.published) == (
        "Press release: crossings reopen",
        "Nowak, Anna",  # one person, as the form writes her: family name, given names
        "2025-11-17",
    )


def test_an_html_only_email_is_read_as_a_page():
    html = (
        "<html><body><article><h1>Crossings reopen</h1><p>The crossings at Kuźnica reopen on"
        " Monday, the ministry said in a statement sent to journalists this morning.</p>"
        "<p>Talks with the neighbouring side continue in Warsaw this week, officials said.</p>"
        "</article></body></html>"
    )
    data = email_message(
        subject="Crossings",
        sender="press@example.gov.pl",
        date="17 Nov 2025 09:30 +0100",
        html=html,
    )
    prepared = read_document("release.eml", data)
    assert "The crossings at Kuźnica reopen on Monday" in prepared.text
    assert prepared.metadata.author == "press@example.gov.pl"


def test_a_word_document_uploaded_is_previewed_with_its_metadata(as_user, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = word_document(STATEMENT, title="Border statement")
    response = as_user(editor).post(
        reverse("sources:add"),
        {"how": "upload", "file": SimpleUploadedFile("statement.docx", data)},
    )
    preview = ImportPreview.objects.get()
    assert response["Location"] == preview.get_absolute_url()
    assert preview.metadata["title"] == "Border statement"
    assert preview.original.checksum and preview.original.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("statement.docx", b"PK\x03\x04 broken", "not a Word document the desk can read"),
        ("statement.docx", b"%PDF-1.7\n...", "is not a Word document: its contents are a PDF"),
        ("report.pdf", b"PK\x03\x04" + b"\0" * 50, "is not a PDF: its contents are a ZIP"),
        ("empty.docx", b"", "is empty"),
        ("letter.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not an Outlook"),
    ],
)
def test_a_bad_office_file_is_refused_and_nothing_kept(as_user, editor, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_user(editor).post(
        reverse("sources:add"), {"how": "upload", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Original.objects.exists() and not ImportPreview.objects.exists()
    assert not ReadingJob.objects.exists()


def test_a_docx_decompression_bomb_is_refused_unopened(settings):
    settings.SOURCE_MAX_INFLATED_BYTES = 10 * 1024 * 1024
    with pytest.raises(ImportRefused, match="would expand to 64.0 MB"):
        read_document("bomb.docx", zip_bomb_docx(64 * 1024 * 1024))


PANDOC_MARKDOWN = """# Statement on the border crossings

The ministry confirms that the crossings will reopen on Monday.[^1]

## Figures

| Crossing | Trucks per day | Status |
|----------|---------------|--------|
| Kuźnica | 1200 | Open |
| Bobrowniki | 800 | Closed |

Steps agreed:

- Inspections resume at 6 a.m.
- Lorries wait at the parking area.

1. First numbered step
2. Second numbered step

Talks continue.

[^1]: Figures from the border guard.
"""


def test_a_word_document_made_by_pandoc_keeps_its_tables_lists_and_footnotes(tmp_path):
    """Another producer than ours (pandoc, from the pypandoc-binary wheel): a table's rows are
    rows, never headings; list items are list items; the footnote is labelled."""
    import pypandoc

    out = tmp_path / "statement.docx"
    pypandoc.convert_text(PANDOC_MARKDOWN, "docx", format="markdown", outputfile=str(out))
    prepared = read_document("statement.docx", out.read_bytes())
    found = list(zip(prepared.kinds, prepared.text.split("\n"), strict=True))
    assert found == [
        (BlockKind.HEADING, "Statement on the border crossings"),
        (BlockKind.PARAGRAPH, "The ministry confirms that the crossings will reopen on Monday."),
        (BlockKind.HEADING, "Figures"),
        (BlockKind.TABLE_ROW, "Crossing | Trucks per day | Status"),
        (BlockKind.TABLE_ROW, "Kuźnica | 1200 | Open"),
        (BlockKind.TABLE_ROW, "Bobrowniki | 800 | Closed"),
        (BlockKind.PARAGRAPH, "Steps agreed:"),
        (BlockKind.LIST_ITEM, "Inspections resume at 6 a.m."),
        (BlockKind.LIST_ITEM, "Lorries wait at the parking area."),
        (BlockKind.LIST_ITEM, "First numbered step"),
        (BlockKind.LIST_ITEM, "Second numbered step"),
        (BlockKind.PARAGRAPH, "Talks continue."),
        (BlockKind.FOOTNOTE, "1 Figures from the border guard."),
    ]


def test_a_web_pages_table_rows_and_list_items_keep_their_kinds():
    from sources.documents import read_html

    html = (
        "<html><body><article><h1>Crossings</h1><p>The crossings at Kuźnica reopen on Monday,"
        " the ministry said in a statement sent to journalists this morning.</p>"
        "<table><tr><td>Kuźnica</td><td>Open</td></tr><tr><td>Bobrowniki</td><td>Closed</td>"
        "</tr></table><ul><li>Inspections resume at six</li><li>Lorries wait</li></ul>"
        "<p>Talks with the neighbouring side continue in Warsaw this week, officials said.</p>"
        "</article></body></html>"
    )
    prepared = read_html(html, name="page.html")
    kinds = dict(zip(prepared.text.split("\n"), prepared.kinds, strict=True))
    assert kinds["Kuźnica Open"] == BlockKind.TABLE_ROW
    assert kinds["Inspections resume at six"] == BlockKind.LIST_ITEM
    assert kinds["Lorries wait"] == BlockKind.LIST_ITEM
