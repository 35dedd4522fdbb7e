"""An editor corrects a source's authors on its form and sees, as they type, how the desk reads
each line."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sources.models import Source
from tests.factories import UserFactory, make_source


@pytest.mark.django_db(transaction=True)
def test_the_editor_sees_each_author_read_as_they_type_and_saves_the_list(
    page, live_server, sign_in, password
):
    UserFactory(username="edna", roles=["editor"])
    sign_in(page, "edna", password)
    source = make_source(title="Border talk", author="Anna Kowalczyk; Pavel Sergeev")
    page.goto(f"{live_server.url}/sources/{source.pk}/edit/")
    box = page.get_by_label("Authors", exact=True)
    expect(box).to_have_value("Kowalczyk, Anna\nSergeev, Pavel")
    reading = page.get_by_role("list").filter(has_text="Kowalczyk")
    expect(reading).to_contain_text("family name Kowalczyk, given names Anna")

    box.fill("Kowalczyk, Anna\nViasna\nReuters")
    # Viasna reads as one person's single name until the editor marks it.
    expect(reading).to_contain_text("Viasna — a single name")
    box.fill("Kowalczyk, Anna\nViasna (organisation)\nReuters")
    expect(reading).to_contain_text("Viasna — organisation")
    expect(reading).to_contain_text("Reuters — organisation")
    page.get_by_role("button", name="Save details").click()

    expect(page.get_by_text("The source’s details are saved.")).to_be_visible()
    assert Source.objects.get(pk=source.pk).authors == [
        {"family": "Kowalczyk", "given": "Anna"},
        {"organisation": "Viasna"},
        {"organisation": "Reuters"},
    ]
