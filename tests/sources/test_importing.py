"""Importing texts: what is refused, what is tidied, and that a refusal stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources.importing import (
    DuplicateSource,
    ImportRefused,
    SourceMetadata,
    decode_text,
    import_source,
    tidy_text,
)
from sources.models import Source, SourceVersion

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("Café".encode("latin-1"), "not UTF-8"),
    ],
)
def test_decode_refuses_what_is_not_text(data, message):
    with pytest.raises(ImportRefused, match=message):
        decode_text(data, name="upload.txt")


def test_decode_refuses_a_text_over_the_size_limit(settings):
    settings.SOURCE_MAX_BYTES = 1000
    with pytest.raises(ImportRefused, match="up to"):
        decode_text(b"a" * 1001)


def test_decode_drops_a_byte_order_mark():
    assert decode_text("\ufeffKuźnica".encode()) == "Kuźnica"


def test_tidy_keeps_one_block_per_line_and_composes_unicode():
    text = "Title\r\n\r\nKuz\u0301nica reopened.  \n"
    assert tidy_text(text) == "Title\nKuźnica reopened."


def test_tidy_joins_hard_wrapped_paragraphs():
    text = "First line of a paragraph\nthat goes on.\n\nSecond paragraph."
    assert tidy_text(text) == "First line of a paragraph that goes on.\nSecond paragraph."


@pytest.mark.django_db
def test_import_stores_the_source_and_its_first_version():
    source = import_source(
        text="Heading\nA paragraph.", metadata=SourceMetadata(title="T", published="2025-11")
    )
    source.refresh_from_db()
    assert source.current_version.number == 1
    assert source.text == "Heading\nA paragraph."
    assert source.published_precision == "month"
    assert str(source.published_date) == "November 2025"


@pytest.mark.django_db
def test_a_duplicate_text_is_refused_and_not_stored_twice():
    import_source(text="Same words.", metadata=SourceMetadata())
    with pytest.raises(DuplicateSource):
        import_source(text="Same words.\n", metadata=SourceMetadata(title="Other"))
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_a_bad_publication_date_is_refused_and_nothing_stored():
    with pytest.raises(ImportRefused, match="not a date"):
        import_source(text="Words.", metadata=SourceMetadata(published="2025-02-30"))
    assert Source.objects.count() == 0
    assert SourceVersion.objects.count() == 0


@pytest.mark.django_db
def test_command_imports_one_file_with_metadata(tmp_path, capsys):
    path = tmp_path / "piece.txt"
    path.write_text("A heading\nThe body of the piece.", encoding="utf-8")
    call_command("import_source", str(path), "--title", "Piece", "--published", "2025-11")
    source = Source.objects.get()
    assert (source.title, source.published, source.author) == ("Piece", "2025-11", "")
    assert "1 imported" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "not a text file"),
        ("naïve".encode("cp1252"), "not UTF-8"),
    ],
)
def test_command_refuses_bad_files_and_stores_nothing(tmp_path, content, reason, capsys):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_source", str(path))
    assert reason in capsys.readouterr().err
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_an_oversized_file(tmp_path, settings, capsys):
    settings.SOURCE_MAX_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(CommandError):
        call_command("import_source", str(path))
    assert "up to" in capsys.readouterr().err
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_an_impossible_date():
    with pytest.raises(CommandError, match="not a date"):
        call_command(
            "import_source", str(SEEDS / "000_e180362b89ccddc6.txt"), "--published", "2025-13"
        )
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_manifest_import_reports_duplicates_on_a_second_run(capsys):
    # The three seed articles and the demo's own Belarusian text.
    call_command("import_source", "--manifest", str(SEEDS / "sources.toml"))
    assert Source.objects.count() == 4
    call_command("import_source", "--manifest", str(SEEDS / "sources.toml"))
    out = capsys.readouterr().out
    assert "0 imported, 4 skipped as duplicates, 0 refused" in out
    assert Source.objects.count() == 4
    ecfr = Source.objects.get(outlet__startswith="European Council")
    assert (ecfr.title, ecfr.author, ecfr.published) == ("", "", "2025-12")
    assert ecfr.display_title.startswith("[Untitled] When Donald Trump")


@pytest.mark.django_db
def test_folder_import_takes_every_text_file(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("First piece.")
    (tmp_path / "b.md").write_text("Second piece.")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    call_command("import_source", str(tmp_path))
    assert Source.objects.count() == 2
    assert "2 imported" in capsys.readouterr().out


def test_tidy_keeps_long_lines_as_paragraphs_despite_a_trailing_blank_line():
    text = ("A long paragraph " * 10 + "\n") * 3 + "\n"
    assert tidy_text(text).count("\n") == 2


def test_every_seed_keeps_one_block_per_line():
    for path in SEEDS.glob("*.txt"):
        raw = path.read_text(encoding="utf-8")
        expected = [line for line in raw.split("\n") if line.strip()]
        assert tidy_text(raw).split("\n") == expected, path.name


@pytest.mark.django_db
def test_command_shows_progress_and_a_summary_of_what_it_refused(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("First piece.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c.md").write_text("First piece.")
    (tmp_path / "d.html").write_text(
        "<html><head><meta property='og:site_name' content='The Site'></head><body><article>"
        "<h2>A heading</h2><p>A paragraph of the page that is long enough to be kept as text.</p>"
        "</article></body></html>"
    )
    call_command("import_source", str(tmp_path))
    captured = capsys.readouterr()
    assert "[1/4] a.txt: imported as source" in captured.out
    assert "[2/4] b.txt: refused, b.txt is not a text file" in captured.err
    assert "[3/4] c.md: skipped, This text is already in the library" in captured.out
    assert "[4/4] d.html: imported as source" in captured.out
    assert "Summary: 2 imported, 1 skipped as duplicates, 1 refused" in captured.out
    assert "refused " + str(tmp_path / "b.txt") + ": b.txt is not a text file" in captured.out
    page = Source.objects.get(outlet="The Site")
    assert [b.kind for b in page.current_version.block_list] == ["heading", "paragraph"]


@pytest.mark.django_db
def test_command_skips_a_known_url_or_adds_it_as_a_new_version(tmp_path, capsys):
    path = tmp_path / "piece.txt"
    path.write_text("The first text of the piece.")
    call_command("import_source", str(path), "--url", "https://example.org/piece")
    path.write_text("The second text of the piece.")
    call_command("import_source", str(path), "--url", "https://example.org/piece")
    assert "skipped, A source from this URL is already in the library" in capsys.readouterr().out
    call_command("import_source", str(path), "--url", "https://example.org/piece", "--new-versions")
    out = capsys.readouterr().out
    assert "added as version 2 of source" in out
    assert "1 added as new versions" in out
    source = Source.objects.get()
    assert source.current_version.text == "The second text of the piece."
    assert source.versions.count() == 2


@pytest.mark.django_db
def test_command_refuses_a_bad_url_option():
    with pytest.raises(CommandError, match="not a web address"):
        call_command("import_source", str(SEEDS / "000_e180362b89ccddc6.txt"), "--url", "ftp://x")


@pytest.mark.django_db
def test_a_javascript_url_is_refused_by_the_importer_and_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(ImportRefused, match="not a web address"):
        import_source(text="Words.", metadata=SourceMetadata(url="javascript:alert(1)"))
    source = import_source(text="Other words.", metadata=SourceMetadata())
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(url="javascript:alert(1)")
