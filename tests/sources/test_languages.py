"""A source's language is told from its text on import, unless the person importing it said;
Cyrillic and Polish texts import, anchor, search and display as written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.languages import detect_language
from sources.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

BELARUSIAN = (
    "Кіроўцы грузавікоў, якія тыднямі чакалі на мяжы, нарэшце змаглі вярнуцца дадому. "
    "Пераход у Кузніцы зноў прымае машыны."
)
RUSSIAN = (
    "Водители грузовиков, которые неделями ждали на границе, наконец смогли вернуться домой. "
    "Переход в Кузнице снова принимает машины."
)
POLISH = (
    "Kierowcy ciężarówek, którzy tygodniami czekali na granicy, wreszcie mogli wrócić do domu. "
    "Przejście w Kuźnicy znów przyjmuje samochody."
)


@pytest.mark.parametrize(
    ("text", "language"), [(BELARUSIAN, "be"), (RUSSIAN, "ru"), (POLISH, "pl")]
)
def test_the_language_is_told_from_the_text_on_import(text, language):
    assert make_source(text=text).language == language


def test_what_the_importer_says_is_kept_and_a_short_text_stays_unknown():
    assert make_source(text=POLISH, language="cs").language == "cs"
    assert detect_language("Tak.") == ""


def test_the_language_can_be_corrected_on_the_edit_form(as_user, editor):
    source = make_source(text=POLISH)
    url = reverse("sources:edit", args=[source.pk])
    form = as_user(editor).get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["language"] = "be"
    as_user(editor).post(url, data)
    source.refresh_from_db()
    assert source.language == "be"


@pytest.mark.parametrize("text", [BELARUSIAN, POLISH])
def test_cyrillic_and_polish_texts_display_and_search_as_written(as_user, editor, text):
    source = make_source(text=text, title="Na granicy")
    reader = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert "Кузніцы" in reader or "Kuźnicy" in reader
    assert f'lang="{source.language}"' in reader
    # Without the diacritics, and in the other script.
    for words in ("kuznicy", "Кузніцы"):
        found = Source.objects.search(words)
        assert list(found) == [source], words


@pytest.mark.parametrize(
    ("code", "english", "polish"),
    [
        ("en", "English", "angielski"),
        ("be", "Belarusian", "białoruski"),
        ("en-gb", "British English", "brytyjski angielski"),
    ],
)
def test_the_reader_names_the_language_in_the_interface_language(
    as_user, editor, settings, code, english, polish
):
    source = make_source(text=POLISH, language=code)
    client = as_user(editor)
    reader = client.get(source.get_absolute_url()).content.decode()
    assert f"<dt>Language</dt><dd>{english}</dd>" in reader
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    assert f"<dd>{polish}</dd>" in client.get(source.get_absolute_url()).content.decode()


def test_a_language_without_a_name_is_shown_as_written(as_user, editor):
    source = make_source(text=POLISH, language="xq")
    reader = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert "<dt>Language</dt><dd>xq</dd>" in reader
