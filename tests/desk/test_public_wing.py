"""The public site as its own wing: one visibility rule, one FilterSet, no import back from the core."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from desk.models import Briefing, Excerpt
from desk.states import Action, Status
from desk.workflow import perform
from tests.factories import BriefingFactory, TopicFactory, make_excerpt, publish

DESK = Path(__file__).resolve().parents[2] / "desk"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_editorial_core_never_imports_the_public_wing():
    # The project's URLs, settings and the API (its own wing) may; models, workflow, editing,
    # signals, the desk's pages may not.
    outside_core = {"urls.py", "settings.py"}
    offenders = [
        str(path.relative_to(DESK))
        for path in DESK.rglob("*.py")
        if not path.is_relative_to(DESK / "public")
        and not path.is_relative_to(DESK / "api")
        and path.name not in outside_core
        and any(name.startswith("desk.public") for name in _imports(path))
    ]
    assert offenders == []


def test_feeds_and_exports_take_nothing_from_the_pages():
    for module in ("feeds.py", "exports.py", "sitemaps.py"):
        assert not any(
            name.startswith("desk.public.views") for name in _imports(DESK / "public" / module)
        ), module


LATER = dt.timedelta(days=1)


@pytest.mark.parametrize(
    "withdrawn, due, public",
    list(itertools.product([False, True], [False, True], [False, True])),
)
def test_is_live_says_of_one_excerpt_what_published_says_of_many(
    published, briefing, withdrawn, due, public
):
    Excerpt.objects.filter(pk=published.pk).update(
        status=Status.WITHDRAWN if withdrawn else Status.PUBLISHED,
        visible_from=timezone.now() + (-LATER if due else LATER),
    )
    Briefing.objects.filter(pk=briefing.pk).update(is_public=public)
    excerpt = Excerpt.objects.select_related("published_revision__briefing").get(pk=published.pk)
    in_public_list = Excerpt.objects.published().filter(pk=published.pk).exists()
    assert excerpt.is_live == in_public_list == (due and public and not withdrawn)


def test_a_draft_is_never_live(draft):
    assert not draft.is_live
    assert not Excerpt.objects.published().filter(pk=draft.pk).exists()


def test_the_api_never_calls_an_item_of_a_private_briefing_live(
    published, briefing, reviewer, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_login(reviewer)
    before = client.get(f"/api/excerpts/{published.pk}/").json()
    assert before["is_live"] is True
    assert APIClient().get(before["public_url"]).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        briefing.is_public = False
        briefing.save()
    after = client.get(f"/api/excerpts/{published.pk}/").json()
    # The link would answer 404 to readers, so there is none.
    assert after["is_live"] is False
    assert after["public_url"] is None
    assert APIClient().get(before["public_url"]).status_code == 404


def test_an_item_in_a_private_briefing_can_still_be_withdrawn(published, briefing, reviewer2):
    Briefing.objects.filter(pk=briefing.pk).update(is_public=False)
    excerpt = Excerpt.objects.get(pk=published.pk)
    withdrawn = perform(excerpt, Action.WITHDRAW, reviewer2, comment="Wrong briefing.")
    assert withdrawn.status == Status.WITHDRAWN


def test_a_briefing_lists_only_its_own_live_items(editor, reviewer, source, briefing):
    mine = publish(
        make_excerpt(editor=editor, source=source, briefing=briefing),
        editor=editor,
        reviewer=reviewer,
    )
    other = BriefingFactory()
    theirs = publish(
        make_excerpt(editor=editor, source=source, briefing=other), editor=editor, reviewer=reviewer
    )
    make_excerpt(editor=editor, source=source, briefing=briefing)
    assert list(Excerpt.objects.for_briefing(briefing)) == [mine]
    assert list(Excerpt.objects.for_briefing(other)) == [theirs]


def test_one_filterset_serves_the_page_the_briefing_api_and_the_item_api(
    client, editor, reviewer, source, briefing
):
    topic = TopicFactory(name="Harbour")
    tagged = publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, topics=[topic]),
        editor=editor,
        reviewer=reviewer,
    )
    publish(
        make_excerpt(editor=editor, source=source, briefing=briefing),
        editor=editor,
        reviewer=reviewer,
    )
    page = client.get(f"/briefings/{briefing.slug}/", {"topic": topic.slug})
    assert [item.pk for item in page.context["page"].object_list] == [tagged.pk]
    for url in (f"/api/briefings/{briefing.slug}/items/", "/api/items/"):
        rows = APIClient().get(url, {"topic": topic.slug}).json()["results"]
        assert [row["id"] for row in rows] == [tagged.pk], url
