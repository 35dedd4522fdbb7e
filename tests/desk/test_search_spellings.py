"""One search (sources.search, desk.search): every spelling and script of an actor finds the same
published items; the literal switch; diacritics and case; snippets; "did you mean"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import Excerpt
from desk.search import build_query, search
from tests.factories import ActorAliasFactory, ActorFactory, make_source

pytestmark = pytest.mark.django_db

TEXT = "\n".join(
    [
        "Lukashenka met the envoy at the palace on Monday.",
        "The border crossing at Kuźnica reopened for lorries.",
        "Лукашэнка сустрэўся з пасланцом у Мінску.",
        "Nothing else happened that week in Warsaw.",
        "Tsikhanouskaya answered from Vilnius.",
    ]
)
SPELLINGS = [
    "Lukashenka",
    "Lukashenko",
    "LUKASHENKO",
    "Лукашенко",
    "Лукашэнка",
    "Łukašenka",
    "Loukachenko",
    "Lukaschenko",
    "Alexander Lukashenko",
    "Аляксандр Лукашэнка",
]


@pytest.fixture
def lukashenka(db):
    actor = ActorFactory(name="Alyaksandr Lukashenka")
    for alias in ["Alexander Lukashenko", "Lukashenko", "Лукашенко", "Аляксандр Лукашэнка"]:
        ActorAliasFactory(actor=actor, name=alias)
    return actor


@pytest.fixture
def tsikhanouskaya(db):
    actor = ActorFactory(name="Sviatlana Tsikhanouskaya")
    ActorAliasFactory(actor=actor, name="Svetlana Tikhanovskaya")
    return actor


@pytest.fixture
def items(excerpt_in, lukashenka, tsikhanouskaya):
    source = make_source(text=TEXT, title="Minsk notes", author="Ales Kuźmič")
    lines = TEXT.split("\n")
    latin = excerpt_in("published", source=source, quote=lines[0], actors=[lukashenka])
    cyrillic = excerpt_in("published", source=source, quote=lines[2], actors=[lukashenka])
    border = excerpt_in("published", source=source, quote=lines[1])
    answer = excerpt_in("published", source=source, quote=lines[4], actors=[tsikhanouskaya])
    # A draft naming him never shows up in readers' search.
    excerpt_in("draft", source=source, quote=TEXT.split("\n")[3], annotation="Lukashenka said so.")
    return {"latin": latin, "cyrillic": cyrillic, "border": border, "answer": answer}


def _found(client, briefing, **params) -> list[int]:
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), params)
    assert response.status_code == 200
    return sorted(item.pk for item in response.context["page"].object_list)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_and_script_finds_the_same_published_items(
    client, briefing, items, spelling
):
    expected = sorted([items["latin"].pk, items["cyrillic"].pk])
    assert _found(client, briefing, q=spelling) == expected


def test_the_page_says_what_else_was_searched_and_offers_the_literal_words(client, briefing, items):
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": "Tikhanovskaya"})
    page = response.content.decode()
    assert "Also searched: Tsikhanouskaya, names of Sviatlana Tsikhanouskaya." in page
    assert "literal=1" in page


def test_the_literal_switch_searches_only_the_words_typed(client, briefing, items):
    assert _found(client, briefing, q="Tikhanovskaya") == [items["answer"].pk]
    # "Tikhanovskaya" as typed stands in no published item: only her other name does.
    assert _found(client, briefing, q="Tikhanovskaya", literal="1") == []
    assert _found(client, briefing, q="Тихановская", literal="1") == []
    assert _found(client, briefing, q="Ціханоўская", literal="1") == [items["answer"].pk]
    response = client.get(
        reverse("briefings:detail", args=[briefing.slug]), {"q": "Tikhanovskaya", "literal": "1"}
    )
    assert "Searched only the words you typed" in response.content.decode()


def test_literal_is_part_of_the_canonical_page(client, briefing, items):
    url = reverse("briefings:detail", args=[briefing.slug])
    wide = client.get(url, {"q": "Tikhanovskaya"})
    narrow = client.get(url, {"q": "Tikhanovskaya", "literal": "on"})
    assert wide["ETag"] != narrow["ETag"]
    assert "Tsikhanouskaya answered" in wide.content.decode()
    assert "No published item matches" in narrow.content.decode()
    # A ticked box ("on") and a link ("1") are one page.
    assert client.get(url, {"q": "Tikhanovskaya", "literal": "1"})["ETag"] == narrow["ETag"]


def test_an_actor_only_drafts_name_never_expands_a_readers_search(client, briefing, excerpt_in):
    hidden = ActorFactory(name="Hidden Person")
    ActorAliasFactory(actor=hidden, name="Secretname")
    source = make_source(text="Hidden Person came.\nA quiet day.", title="Quiet")
    excerpt_in("draft", source=source, quote="Hidden Person came.", actors=[hidden])
    excerpt_in("published", source=source, quote="A quiet day.")
    page = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": "Secretnam"})
    assert "Hidden Person" not in page.content.decode()


@pytest.mark.parametrize("query", ["Kuznica", "KUZNICA", "kuźnica", "Кузніца"])
def test_diacritics_case_and_script_never_matter(client, briefing, items, query):
    assert _found(client, briefing, q=query) == [items["border"].pk]


def test_snippets_mark_the_words_that_matched_and_escape_the_rest(client, briefing, items):
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": "Лукашенко"})
    page = response.content.decode()
    assert "<mark>Lukashenka</mark> met the envoy" in page
    assert "<mark>Лукашэнка</mark> сустрэўся" in page


def test_a_snippet_never_lets_the_text_write_html(excerpt_in, briefing):
    from desk.search import snippet

    html = snippet("<script>alert(1)</script> Lukashenka & co", build_query("Lukashenka"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "<mark>Lukashenka</mark>" in html


def test_did_you_mean_offers_a_near_miss_of_an_actors_name(client, briefing, items):
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": "Lukoshenka"})
    page = response.content.decode()
    assert "Did you mean" in page and "Alyaksandr Lukashenka" in page


def test_drafts_never_reach_search(client, briefing, items):
    # The draft's annotation names him; only published items come back, and no draft words.
    assert _found(client, briefing, q="Warsaw") == []


def test_expansion_is_bounded(lukashenka):
    for n in range(60):
        ActorAliasFactory(actor=lukashenka, name=f"Lukashenka variant {n}")
    query = build_query("Lukashenka " * 50)
    assert len(query.terms) <= 12
    assert all(len(term.alternatives) <= 24 for term in query.terms)


def test_results_are_ranked_the_words_as_typed_first(excerpt_in, editor, lukashenka):
    source = make_source(
        text="Lukashenko spoke.\nLukashenka met Lukashenka's envoy.", title="Two spellings"
    )
    other = excerpt_in("published", source=source, quote="Lukashenko spoke.")
    typed = excerpt_in("published", source=source, quote="Lukashenka met Lukashenka's envoy.")
    found = list(
        search(Excerpt.objects.published(), "Lukashenka", field="published_revision__search_text")
    )
    assert found == [typed, other]


def test_the_review_queue_searches_the_same_way(as_user, editor, items):
    response = as_user(editor).get(reverse("desk:review_queue"), {"q": "Лукашенко"})
    assert response.status_code == 200
    shown = response.content.decode()
    assert "Lukashenka met the envoy" in shown and "Лукашэнка сустрэўся" in shown
    assert "Kuźnica reopened" not in shown


def test_the_library_finds_a_source_without_its_diacritics(as_user, editor, items):
    response = as_user(editor).get(reverse("sources:list"), {"q": "kuznica"})
    assert "Minsk notes" in response.content.decode()
    response = as_user(editor).get(reverse("sources:list"), {"author": "Kuzmic"})
    assert "Minsk notes" in response.content.decode()
    response = as_user(editor).get(reverse("sources:list"), {"q": "Вільнюс Brussels"})
    assert "Minsk notes" not in response.content.decode()


def test_the_api_search_parameter_is_the_same_search(client, items):
    response = client.get("/api/items/", {"q": "Лукашенко"})
    assert response.status_code == 200
    ids = sorted(row["id"] for row in response.json()["results"])
    assert ids == sorted([items["latin"].pk, items["cyrillic"].pk])


@pytest.mark.parametrize("spelling", ["Lukasenka", "Lukashenka", "ŁUKAŠENKA", "Лукашэнка"])
def test_the_actor_filters_fold_a_name_as_the_search_does(
    as_user, client, reviewer, briefing, excerpt_in, spelling
):
    """One folding of names (events.models.name_key): `?actor=Lukasenka` found nothing for
    "Łukašenka" on the desk, in the API or on readers' page, while `?q=` found it (the actor
    filters ignored only case and accents, and Ł has none)."""
    actor = ActorFactory(name="Łukašenka", kind="organisation")
    source = make_source(text="Łukašenka spoke at noon.\nNothing else happened.", title="Notes")
    item = excerpt_in("published", source=source, quote="Łukašenka spoke", actors=[actor])
    excerpt_in("published", source=source, quote="Nothing else")  # naming nobody
    desk = as_user(reviewer).get(reverse("desk:review_queue"), {"actor": spelling})
    assert [e.pk for e in desk.context["page"].object_list] == [item.pk]
    api = as_user(reviewer).get("/api/items/", {"actor": spelling}).json()["results"]
    assert [row["id"] for row in api] == [item.pk]
    assert _found(client, briefing, actor=spelling) == [item.pk]
    assert _found(client, briefing, q=spelling) == [item.pk]
