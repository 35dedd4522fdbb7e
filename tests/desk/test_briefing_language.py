"""A briefing's language: the language its own words (description, annotations) are written in.

Chosen on the desk by administrators, it tells readers' browsers, feed readers, search engines
and API clients what language the commentary is in; the quotes keep their sources' languages.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from desk.models import Briefing
from tests.factories import UserFactory, make_excerpt, publish

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", roles=["administrator"])


def _form(**changes) -> dict:
    return {"title": "Belarus borders", "slug": "", "summary": "", "is_public": "on", **changes}


def test_a_new_briefing_is_in_the_sites_language_unless_told(db):
    assert Briefing.objects.create(title="Borders", slug="borders").language == "en"


def test_the_database_refuses_a_language_the_desk_does_not_know(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Briefing.objects.create(title="Borders", slug="borders", language="xx")


def test_an_administrator_makes_and_edits_a_briefing_in_its_language(as_user, administrator):
    client = as_user(administrator)
    page = client.get("/desk/briefings/new/").content.decode()
    assert "Language of its commentary" in page
    assert '<option value="be">Беларуская</option>' in page
    assert re.search(r'<option value="en" selected>English</option>', page)
    assert client.post("/desk/briefings/new/", _form(language="be")).status_code == 302
    briefing = Briefing.objects.get()
    assert briefing.language == "be"
    client.post(
        "/desk/briefings/belarus-borders/edit/", _form(slug="belarus-borders", language="uk")
    )
    briefing.refresh_from_db()
    assert briefing.language == "uk"
    listing = client.get("/desk/briefings/").content.decode()
    assert "Українська" in listing


def test_a_form_without_the_language_keeps_the_briefings_own(as_user, administrator):
    briefing = Briefing.objects.create(title="Borders", slug="borders", language="pl")
    client = as_user(administrator)
    client.post("/desk/briefings/borders/edit/", {"title": "Borders", "slug": "borders"})
    briefing.refresh_from_db()
    assert briefing.language == "pl" and not briefing.is_public


def test_an_unknown_language_is_refused_and_changes_nothing(as_user, administrator):
    briefing = Briefing.objects.create(title="Borders", slug="borders", language="ru")
    client = as_user(administrator)
    response = client.post("/desk/briefings/borders/edit/", _form(title="Renamed", language="xx"))
    assert response.status_code == 200
    assert "Choose one of the languages in the list" in response.content.decode()
    briefing.refresh_from_db()
    assert (briefing.title, briefing.language) == ("Borders", "ru")
    response = client.post("/desk/briefings/new/", _form(title="Other", language="klingon"))
    assert response.status_code == 200 and Briefing.objects.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "outsider", "editor", "reviewer", "chief"])
def test_only_administrators_set_a_briefings_language(db, request, as_user, role):
    briefing = Briefing.objects.create(title="Borders", slug="borders", language="ru")
    person = None if role == "anonymous" else request.getfixturevalue(role)
    response = as_user(person).post(
        "/desk/briefings/borders/edit/", _form(title="Borders", slug="borders", language="pl")
    )
    assert response.status_code in (302, 403)
    if role != "anonymous":
        assert response.status_code == 403
    else:
        assert "/accounts/login/" in response["Location"]
    briefing.refresh_from_db()
    assert briefing.language == "ru"


@pytest.fixture
def russian(briefing, editor, reviewer, source):
    briefing.language = "ru"
    briefing.summary = "Что происходит на границе."
    briefing.save()
    item = make_excerpt(editor=editor, source=source, briefing=briefing, annotation="Заметка.")
    return briefing, publish(item, editor=editor, reviewer=reviewer)


def test_the_public_pages_mark_the_commentary_with_the_briefings_language(client, russian):
    briefing, item = russian
    page = client.get(f"/briefings/{briefing.slug}/").content.decode()
    assert re.search(r'<div class="summary" lang="ru">\s*<p>Что происходит', page)
    assert '<div class="annotation" lang="ru"><p>Заметка.</p>' in page
    # The interface stays in the reader's language.
    assert '<html lang="en-gb"' in page
    item_page = client.get(f"/briefings/{briefing.slug}/items/{item.pk}/").content.decode()
    assert '<div class="annotation" lang="ru"><p>Заметка.</p>' in item_page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', item_page, re.S).group(1)
    )
    assert data["isPartOf"]["inLanguage"] == "ru"


def test_the_feeds_say_the_briefings_language(client, russian):
    briefing, _ = russian
    for route in ("briefings:feed", "briefings:corrections_feed"):
        feed = ET.fromstring(client.get(reverse(route, args=[briefing.slug])).content)
        assert feed.get(XML_LANG) == "ru", route


def test_the_api_gives_the_briefings_language_read_only(russian):
    briefing, _ = russian
    api = APIClient()
    answer = api.get(f"/api/briefings/{briefing.slug}/").json()
    assert answer["language"] == "ru"
    listed = api.get("/api/briefings/").json()
    assert [row["language"] for row in listed["results"]] == ["ru"]
    schemas = api.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    field = schemas["Briefing"]["properties"]["language"]
    assert field["readOnly"] and "annotations" in field["description"]
    named = [
        part["$ref"].rsplit("/", 1)[1] for part in field.get("allOf", [field]) if "$ref" in part
    ]
    choices = schemas[named[0]]["enum"] if named else field["enum"]
    assert set(choices) == {"en", "pl", "ru", "be", "uk"}


def test_changing_the_language_reaches_readers_at_once(
    client, russian, django_capture_on_commit_callbacks
):
    briefing, item = russian
    item_url = f"/briefings/{briefing.slug}/items/{item.pk}/"
    assert 'lang="ru"' in client.get(f"/briefings/{briefing.slug}/").content.decode()
    assert 'lang="ru"' in client.get(item_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        briefing.language = "be"
        briefing.save()
    page = client.get(f"/briefings/{briefing.slug}/").content.decode()
    # The kept page and the item's kept fragment are both renewed.
    assert '<div class="annotation" lang="be">' in page and 'lang="ru"' not in page
    assert '<div class="annotation" lang="be">' in client.get(item_url).content.decode()
    feed = ET.fromstring(client.get(reverse("briefings:feed", args=[briefing.slug])).content)
    assert feed.get(XML_LANG) == "be"


class RecordingPurger:
    keys: list[list[str]] = []

    def purge(self, keys):
        self.keys.append(sorted(keys))


def test_changing_the_language_purges_the_front_cache(
    settings, russian, django_capture_on_commit_callbacks
):
    settings.FRONT_CACHE_PURGER = f"{__name__}.RecordingPurger"
    RecordingPurger.keys.clear()
    briefing, _ = russian
    with django_capture_on_commit_callbacks(execute=True):
        briefing.language = "pl"
        briefing.save()
    assert ["public"] in RecordingPurger.keys
