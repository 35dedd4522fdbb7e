"""A source's authors as an ordered list of people and organisations: read from the string the
form used to keep, from the form's lines and from what documents state about themselves; kept
as the list; corrected on the form. (Issue #32.)"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from fpdf import FPDF

from sources.authors import Author, as_lines, from_stated, parse_authors, read_lines, read_name
from sources.extraction import reduce_html
from sources.models import Source
from sources.pdf import read_pdf
from sources.word import read_docx
from tests.factories import make_source
from tests.sources.office import word_document

KOWALCZYK = Author(family="Kowalczyk", given="Anna")
SERGEEV = Author(family="Sergeev", given="Pavel")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna Kowalczyk", KOWALCZYK),
        ("Kowalczyk, Anna", KOWALCZYK),
        ("Ioffe, G.", Author(family="Ioffe", given="G.")),
        ("Ioffe,", Author(family="Ioffe")),
        ("Madonna", Author(literal="Madonna")),
        ("Reuters", Author(organisation="Reuters")),
        ("Ministry of Foreign Affairs, Belarus", Author(organisation="Ministry of Foreign Affairs, Belarus")),
        ("Viasna (organisation)", Author(organisation="Viasna")),
        ("  ", None),
    ],
)  # fmt: skip
def test_one_name_is_read_as_a_person_a_single_name_or_an_organisation(text, expected):
    assert read_name(text) == expected


@pytest.mark.parametrize(
    "stated",
    [
        "Anna Kowalczyk; Pavel Sergeev",
        "Anna Kowalczyk, Pavel Sergeev",
        "Anna Kowalczyk and Pavel Sergeev",
        "Kowalczyk, Anna and Sergeev, Pavel",
        "Anna Kowalczyk & Pavel Sergeev",
    ],
)
def test_two_authors_are_two_however_a_document_states_them(stated):
    assert from_stated(stated) == (KOWALCZYK, SERGEEV)


def test_a_list_of_three_with_and_is_three():
    assert [a.name for a in from_stated("Ann Writer, Bo Other and Cy Third")] == [
        "Ann Writer",
        "Bo Other",
        "Cy Third",
    ]


def test_one_person_family_name_first_stays_one_person():
    assert from_stated("Ioffe, Grigory") == (Author(family="Ioffe", given="Grigory"),)


@pytest.mark.parametrize(
    "authors",
    [
        (KOWALCZYK, Author(organisation="Viasna"), Author(literal="Madonna"), Author(family="Ioffe")),
        (Author(organisation="Reuters"), SERGEEV),
    ],
)  # fmt: skip
def test_the_forms_lines_read_back_as_the_same_authors(authors):
    assert read_lines(as_lines(authors)) == authors


def test_a_stored_list_is_read_in_any_shape_it_was_written_and_refused_if_not_one():
    assert parse_authors([{"family": "Kowalczyk", "given": "Anna"}, "Reuters"]) == (
        KOWALCZYK,
        Author(literal="Reuters"),
    )
    assert parse_authors([{"organization": "Reuters"}]) == (Author(organisation="Reuters"),)
    with pytest.raises(ValueError, match="needs a family name"):
        parse_authors([{"given": "Anna"}])
    with pytest.raises(ValueError, match="must be a list"):
        parse_authors({"family": "Kowalczyk"})


@pytest.mark.django_db
def test_a_source_saved_with_a_bad_author_list_is_refused_and_nothing_is_stored():
    with pytest.raises(ValueError):
        Source.objects.create(title="Bad", authors=[{"given": "Anna"}])
    assert not Source.objects.filter(title="Bad").exists()


@pytest.mark.django_db
def test_the_migration_splits_a_stored_string_on_semicolons():
    source = make_source(title="Old", author="placeholder")
    # As stored before the list: one string, no list.
    Source.objects.filter(pk=source.pk).update(author="Kowalczyk, Anna; Reuters", authors=[])
    migration = importlib.import_module("sources.migrations.0011_source_authors_split")
    migration.split(apps, None)
    source.refresh_from_db()
    assert source.authors == [
        {"family": "Kowalczyk", "given": "Anna"},
        {"organisation": "Reuters"},
    ]
    assert source.author == "Anna Kowalczyk; Reuters"


# The form: one author a line, each shown as the desk reads it, to be corrected.


@pytest.mark.django_db
def test_the_form_shows_each_author_a_line_and_how_it_reads_them(as_user, editor):
    source = make_source(title="Border talk", author="Anna Kowalczyk; Reuters")
    page = as_user(editor).get(reverse("sources:edit", args=[source.pk])).content.decode()
    assert "Kowalczyk, Anna\nReuters</textarea>" in page
    assert "family name Kowalczyk, given names Anna" in page
    assert "Reuters — organisation" in page


@pytest.mark.django_db
def test_the_editor_corrects_an_author_on_the_form(as_user, editor):
    source = make_source(title="Border talk", author="Grigory Ioffe Jr; Viasna")
    response = as_user(editor).post(
        reverse("sources:edit", args=[source.pk]),
        {"title": "Border talk", "author": "Ioffe Jr, Grigory\nViasna (organisation)"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.authors == [
        {"family": "Ioffe Jr", "given": "Grigory"},
        {"organisation": "Viasna"},
    ]
    assert source.author == "Grigory Ioffe Jr; Viasna"


@pytest.mark.django_db
def test_names_too_long_to_keep_are_refused_and_nothing_changes(as_user, editor):
    source = make_source(title="Border talk", author="Anna Kowalczyk")
    response = as_user(editor).post(
        reverse("sources:edit", args=[source.pk]),
        {"title": "Border talk", "author": "\n".join(f"Name{i}, Given" for i in range(300))},
    )
    assert response.status_code == 200
    assert "up to 2000 characters of author names" in response.content.decode()
    source.refresh_from_db()
    assert source.authors == [{"family": "Kowalczyk", "given": "Anna"}]


# What documents state about themselves fills the list.


def test_a_pdfs_author_field_fills_several_authors():
    pdf = FPDF()
    pdf.set_author("Anna Kowalczyk, Pavel Sergeev and Reuters")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "The crossings reopened in March after a long closure. " * 5)
    metadata = read_pdf(bytes(pdf.output()), name="crossings.pdf").metadata
    assert read_lines(metadata.author) == (KOWALCZYK, SERGEEV, Author(organisation="Reuters"))


def test_a_word_documents_creator_fills_several_authors():
    data = word_document(
        [("paragraph", "Words said here.")], author="Anna Kowalczyk; Pavel Sergeev"
    )
    metadata = read_docx(data, name="note.docx").metadata
    assert metadata.author == "Kowalczyk, Anna\nSergeev, Pavel"


def test_a_web_pages_authors_fill_the_list():
    page = (
        "<html><head><title>Crossings</title>"
        '<meta name="citation_author" content="Kowalczyk, Anna">'
        '<meta name="citation_author" content="Sergeev, Pavel">'
        "</head><body><article><h1>Crossings</h1><p>"
        + "The crossings at Kuźnica reopen on Monday, the ministry said in a statement. " * 4
        + "</p></article></body></html>"
    )
    _lines, metadata = reduce_html(page)
    assert read_lines(metadata.author) == (KOWALCZYK, SERGEEV)


def test_a_web_pages_json_ld_authors_fill_the_list():
    people = (
        '[{"@type": "Person", "givenName": "Anna", "familyName": "Kowalczyk", "name": "A. K."},'
        ' {"@type": "Person", "name": "Pavel Sergeev"},'
        ' {"@type": "Organization", "name": "Nasha Niva"}]'
    )
    page = (
        "<html><head><title>Crossings</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        f' "@type": "NewsArticle", "headline": "Crossings", "author": {people}}}</script>'
        "</head><body><article><h1>Crossings</h1><p>"
        + "The crossings at Kuźnica reopen on Monday, the ministry said in a statement. " * 4
        + "</p></article></body></html>"
    )
    _lines, metadata = reduce_html(page)
    assert read_lines(metadata.author) == (KOWALCZYK, SERGEEV, Author(organisation="Nasha Niva"))


@pytest.mark.django_db
def test_an_author_list_of_the_wrong_shape_is_a_clear_error_in_the_admin_form():
    from django.core.exceptions import ValidationError

    source = Source(title="Bad", authors=[{"given": "Anna"}])
    with pytest.raises(ValidationError, match="needs a family name"):
        source.full_clean()


# How the desk reads the lines, asked by the form as the editor types.


@pytest.mark.django_db
def test_the_form_asks_the_desk_how_it_reads_the_lines(as_user, editor):
    url = reverse("sources:read_authors")
    answer = as_user(editor).get(url, {"text": "Kowalczyk, Anna\nViasna (organisation)\nMadonna"})
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    assert answer.json() == {
        "authors": [
            {
                "name": "Anna Kowalczyk",
                "reading": "person: family name Kowalczyk, given names Anna",
            },
            {"name": "Viasna", "reading": "organisation"},
            {"name": "Madonna", "reading": "a single name"},
        ]
    }


@pytest.mark.django_db
def test_reading_too_much_text_is_a_clear_400_and_posting_is_refused(as_user, editor):
    client = as_user(editor)
    url = reverse("sources:read_authors")
    refused = client.get(url, {"text": "Kowalczyk, Anna\n" * 400})
    assert refused.status_code == 400
    assert "longer than any list of authors" in refused.json()["error"]
    assert client.post(url, {"text": "Anna"}).status_code == 405
