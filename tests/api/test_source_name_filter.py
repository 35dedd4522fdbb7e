"""The desk's "Source" filter (words of a source's title or outlet, any spelling or script) on the
review queue and the API: it narrows to that source's excerpts, and odd words never break it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import make_excerpt, make_source


@pytest.fixture
def two_sources(editor):
    made = {}
    for title, outlet in (("Kuźnica crossing reopens", "Border Weekly"), ("Minsk talks", "Daily")):
        source = make_source(
            f"{title}: what was said.\nAnd what was not.", title=title, outlet=outlet
        )
        excerpt = make_excerpt(editor=editor, source=source, annotation=f"About {title}.")
        made[title] = perform(excerpt, Action.SUBMIT, editor)
    return made


@pytest.mark.parametrize("words", ["Kuznica", "KUŹNICA crossing", "border weekly", "Кузница"])
def test_the_api_narrows_to_the_sources_excerpts(api, reviewer, two_sources, words):
    response = api(reviewer).get("/api/excerpts/", {"source_name": words})
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {two_sources["Kuźnica crossing reopens"].pk}


def test_the_review_queue_narrows_to_the_sources_excerpts(as_user, reviewer, two_sources):
    kuznica = f'href="{two_sources["Kuźnica crossing reopens"].get_absolute_url()}"'
    assert kuznica in as_user(reviewer).get(reverse("desk:review_queue")).content.decode()
    page = as_user(reviewer).get(reverse("desk:review_queue"), {"source_name": "minsk"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{two_sources["Minsk talks"].get_absolute_url()}"' in html
    assert kuznica not in html


@pytest.mark.parametrize("words", [".h7ô!ü#Ò:", '"', "NEAR(", "a* OR b", "\x00", "-:^"])
def test_odd_words_are_answered_not_a_server_error(api, as_user, reviewer, two_sources, words):
    assert api(reviewer).get("/api/excerpts/", {"source_name": words}).status_code in (200, 400)
    page = as_user(reviewer).get(reverse("desk:review_queue"), {"source_name": words})
    assert page.status_code in (200, 400)
