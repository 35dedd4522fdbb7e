"""Every help text and error is announced: each aria-describedby names an element on its page.

Django's widgets point aria-describedby at `<id>_helptext` and `<id>_error`; a template that
gives the paragraph another id leaves screen readers announcing nothing. Every page the desk
routes is read as each role that can open it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.security.test_url_permissions import routed_names, url_for, world  # noqa: F401

pytestmark = pytest.mark.slow


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for target in (attributes.get("aria-describedby") or "").split():
            self.described.append((attributes.get("name") or tag, target))


def missing_targets(html: str) -> list[tuple[str, str]]:
    page = Ids()
    page.feed(html)
    return [(field, target) for field, target in page.described if target not in page.ids]


def test_the_check_finds_a_help_text_under_another_id():
    html = '<input name="title" aria-describedby="id_title_helptext"><p id="id_title-help">…</p>'
    assert missing_targets(html) == [("title", "id_title_helptext")]


def test_every_described_field_on_every_page_names_an_existing_element(world):  # noqa: F811
    values, per_name, users = world
    wrong = {}
    for name in routed_names():
        url = url_for(name, values, per_name)
        for role in ("editor", "reviewer"):
            client = Client()
            client.force_login(users[role])
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            if missing := missing_targets(response.content.decode()):
                wrong[f"{name} as {role}"] = missing
    assert wrong == {}


@pytest.mark.django_db
def test_a_form_with_errors_names_its_errors_too(as_user, editor):
    response = as_user(editor).post("/desk/preferences/", {"time_zone": "Nowhere/Atlantis"})
    html = response.content.decode()
    assert 'aria-describedby="id_time_zone_helptext id_time_zone_error"' in html
    assert missing_targets(html) == []
