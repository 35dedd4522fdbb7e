"""The sources list: for staff, filtered, sorted, paginated, with excerpt counts from the desk."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_source

pytestmark = pytest.mark.django_db

LIST = reverse("sources:list")


@pytest.fixture
def library(db):
    """Four sources that differ in every way the list filters on."""
    return {
        "day": make_source(
            text="Kuźnica crossing reopened.",
            title="Day piece",
            author="Ann Writer",
            outlet="The Paper",
            published="2025-11-17",
            url="https://example.org/a",
        ),
        "month": make_source(
            text="Sanctions on potash were eased.",
            title="Month piece",
            author="Bob Reporter",
            outlet="The Paper",
            published="2025-11",
        ),
        "year": make_source(
            text="An essay on the border.",
            title="Year piece",
            author="",
            outlet="",
            published="2025",
        ),
        "unknown": make_source(
            text="Nobody knows when this appeared.", title="", outlet="Other Outlet"
        ),
    }


def titles(response) -> list[str]:
    return [row["source"].display_title for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_the_list_is_for_staff(as_user, request, source, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).get(LIST).status_code == expected


def test_the_list_takes_only_get(as_user, editor):
    assert as_user(editor).post(LIST).status_code == 405


def test_dates_show_their_real_precision_and_unknowns_say_so(as_user, editor, library):
    html = as_user(editor).get(LIST).content.decode()
    assert ">17 November 2025</time>" in html
    assert ">November 2025</time>" in html
    assert ">2025</time>" in html
    assert "[Untitled] Nobody knows when this appeared." in html
    assert (
        html.count('<span class="unknown">unknown</span>') == 4
    )  # year: author, outlet; unknown: author, date


def test_newest_first_with_unknown_dates_last(as_user, editor, library):
    response = as_user(editor).get(LIST)
    assert titles(response) == [
        "Day piece",
        "Month piece",
        "Year piece",
        "[Untitled] Nobody knows when this appeared.",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "published",
            [
                "Year piece",
                "Month piece",
                "Day piece",
                "[Untitled] Nobody knows when this appeared.",
            ],
        ),
        (
            "title",
            [
                "Day piece",
                "Month piece",
                "[Untitled] Nobody knows when this appeared.",
                "Year piece",
            ],
        ),
        (
            "-added",
            [
                "[Untitled] Nobody knows when this appeared.",
                "Year piece",
                "Month piece",
                "Day piece",
            ],
        ),
    ],
)
def test_sorting(as_user, editor, library, sort, expected):
    assert titles(as_user(editor).get(LIST, {"sort": sort})) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"outlet": "The Paper"}, ["Day piece", "Month piece"]),
        ({"author": "writer"}, ["Day piece"]),
        ({"q": "potash"}, ["Month piece"]),  # words of the text itself
        ({"q": "kuźnica reopened"}, ["Day piece"]),
        ({"q": "other outlet"}, ["[Untitled] Nobody knows when this appeared."]),
        ({"lacks": "author"}, ["Year piece", "[Untitled] Nobody knows when this appeared."]),
        ({"lacks": "title"}, ["[Untitled] Nobody knows when this appeared."]),
        ({"has": "url"}, ["Day piece"]),
        ({"has": "published", "lacks": "outlet"}, ["Year piece"]),
        # A date known to the month or year is kept when it could fall in the range.
        ({"published_from": "2025-11-10"}, ["Day piece", "Month piece", "Year piece"]),
        ({"published_from": "2025-11-18"}, ["Month piece", "Year piece"]),
        ({"published_to": "2025-10"}, ["Year piece"]),
        (
            {"published_from": "2025-11", "published_to": "2025-11"},
            ["Day piece", "Month piece", "Year piece"],
        ),
        ({"published_from": "2025-12"}, ["Year piece"]),
        ({"published_from": "2026"}, []),
    ],
)
def test_filters(as_user, editor, library, query, expected):
    assert titles(as_user(editor).get(LIST, query)) == expected


def test_a_bad_date_in_a_filter_is_explained_not_a_crash(as_user, editor, library):
    response = as_user(editor).get(LIST, {"published_from": "2025-02-30", "outlet": "The Paper"})
    assert response.status_code == 200
    assert "February 2025 has 28 days" in response.content.decode()
    assert titles(response) == ["Day piece", "Month piece"]


def test_an_unknown_outlet_choice_is_explained(as_user, editor, library):
    response = as_user(editor).get(LIST, {"outlet": "Nowhere"})
    assert "Select a valid choice" in response.content.decode()


def test_pages_of_25_keep_the_filters(as_user, editor):
    for n in range(30):
        make_source(
            text=f"Article number {n} on the border.", title=f"Piece {n:02d}", outlet="The Paper"
        )
    client = as_user(editor)
    first = client.get(LIST, {"outlet": "The Paper", "sort": "title"})
    assert len(first.context["rows"]) == 25
    assert "outlet=The%20Paper&amp;sort=title&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"outlet": "The Paper", "sort": "title", "page": 2})
    assert titles(second) == [f"Piece {n}" for n in range(25, 30)]


def test_excerpt_counts_come_from_the_desks_hook(as_user, editor, source, settings):
    settings.SOURCE_LIST_COUNTS = "tests.sources.hooks.counts"
    html = as_user(editor).get(LIST).content.decode()
    assert '<span class="count">2 drafts</span>, <span class="count">1 published</span>' in html


def test_without_the_hook_there_are_no_counts(as_user, editor, source, settings):
    settings.SOURCE_LIST_COUNTS = None
    assert '<span class="meta">none</span>' in as_user(editor).get(LIST).content.decode()


def test_the_query_count_does_not_grow_with_the_page(
    as_user, editor, settings, django_assert_num_queries
):
    settings.SOURCE_LIST_COUNTS = "tests.sources.hooks.counts"
    client = as_user(editor)
    make_source(text="The only article.", title="Only")
    # Prevents an N+1 on version counts and excerpt counts: one query each per page, not per row.
    with django_assert_num_queries(QUERIES):
        client.get(LIST)
    for n in range(30):
        make_source(text=f"Article number {n}.", title=f"Piece {n}", outlet=f"Outlet {n}")
    with django_assert_num_queries(QUERIES):
        client.get(LIST)


# session, user, permissions ×2, count, page, counts hook, roles, outlets, and the navigation's
# count of what needs the signed-in person's attention, and their readings and previews still open
QUERIES = 12
