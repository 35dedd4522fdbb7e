"""The public site as its own wing: one visibility rule, one FilterSet, no import back from the core."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from desk.models import Briefing, Excerpt
from desk.publishing.states import Action, Status
from desk.publishing.workflow import perform
from desk.readers_view import BriefingSeen, Publication, copy_for_readers
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
    # The project package (URLs, settings) and the API (its own wing) may; models, workflow,
    # editing, signals, the desk's pages may not.
    offenders = [
        str(path.relative_to(DESK))
        for path in DESK.rglob("*.py")
        if not path.is_relative_to(DESK / "public")
        and not path.is_relative_to(DESK / "api")
        and not path.is_relative_to(DESK / "project")
        and any(name.startswith("desk.public") for name in _imports(path))
    ]
    assert offenders == []


def test_feeds_and_exports_take_nothing_from_the_pages():
    for module in ("feeds.py", "exports.py", "sitemaps.py"):
        assert not any(
            name.startswith("desk.public.views") for name in _imports(DESK / "public" / module)
        ), module


# Reader-facing fields are read through desk.readers_view.Publication: a surface that reached into
# the revisions could show a draft correction's words, or a record changed on the desk and never
# carried to readers.
REACHING_PAST_THE_VIEW = ("published_revision", "current_revision", "copy_for_readers")
TEMPLATES = DESK.parent / "templates"
# Every template a reader surface renders: the public pages and fragments, the embeddable card,
# the citation they include, and the readers' e-mail.
PUBLIC_TEMPLATES = [
    *sorted((TEMPLATES / "briefings").rglob("*.html")),
    *sorted((TEMPLATES / "subscriptions").rglob("*.*")),
    TEMPLATES / "includes" / "citation.html",
]
READER_SURFACES = [
    *sorted((DESK / "public").rglob("*.py")),
    DESK / "subscriptions" / "digests.py",
    DESK / "subscriptions" / "mail.py",
    DESK / "webhooks" / "events.py",
]


def test_public_templates_show_items_only_through_the_readers_view():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {name}"
        for path in PUBLIC_TEMPLATES
        for name in REACHING_PAST_THE_VIEW
        if name in path.read_text()
    ]
    assert offenders == []


def test_the_public_wing_reads_what_readers_see_only_through_the_readers_view():
    # A query may still filter on the published revision (`published_revision__briefing`): that
    # is a string. What is read off an item is an attribute, and goes through Publication.
    offenders = [
        f"{path.relative_to(DESK)}:{node.lineno}: .{node.attr}"
        for path in READER_SURFACES
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr in REACHING_PAST_THE_VIEW
    ]
    assert offenders == []
    # The quote's pages too: Publication.pages.
    assert [path for path in READER_SURFACES if "sources.pages" in _imports(path)] == []


def test_the_public_templates_are_all_found():
    # The lists above would pass vacuously if the folders moved.
    assert all(path.is_file() for path in PUBLIC_TEMPLATES)
    assert TEMPLATES / "briefings" / "_item_content.html" in PUBLIC_TEMPLATES
    assert DESK / "public" / "views.py" in READER_SURFACES


def test_a_publication_reads_everything_from_the_public_page_s_query(
    published, briefing, django_assert_num_queries
):
    item = Excerpt.objects.for_public_page().get(pk=published.pk)
    with django_assert_num_queries(0):  # nothing per item beyond for_public_page's queries
        shown = Publication.of(item)
        seen = (
            shown.quote, shown.annotation, shown.annotation_html, shown.kind_label, shown.pages,
            shown.captured_at, shown.source_changed_since, shown.briefing, shown.url,
            shown.citation, shown.topics, shown.actors, shown.events, shown.corrections,
            shown.first_published_at, shown.published_at, shown.withdrawal_note,
        )  # fmt: skip
    revision = published.published_revision
    assert seen[0] == revision.quote
    assert shown.briefing == BriefingSeen(briefing.slug, briefing.title, briefing.language)
    assert shown.url == published.get_public_url()
    assert shown.citation == copy_for_readers(published).citation
    assert not shown.withdrawn and shown.withdrawal_note == ""
    assert Publication.of(shown) is shown
    with pytest.raises(FrozenInstanceError):
        shown.quote = "Other words."


def test_a_withdrawn_publication_keeps_its_note(published, briefing, reviewer2):
    perform(Excerpt.objects.get(pk=published.pk), Action.WITHDRAW, reviewer2, comment="Wrong.")
    withdrawn = Excerpt.objects.withdrawn_from(briefing).get(pk=published.pk)
    shown = Publication.of(withdrawn)
    assert shown.withdrawn
    assert shown.withdrawal_note == withdrawn.withdrawal_note
    assert shown.withdrawn_at == withdrawn.updated_at


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


# Modules of the public wing that name live shared records for another reason than showing them.
NAMES_RECORDS_FOR = {
    "changes.py": "which edits of records renew the public state (when the cache refreshes)",
    "citations.py": "the library's own citation of a source, for staff (library_required)",
}
# What readers see of a linked record is read only from the readers' view (desk.readers_view).
LIVE_RECORDS = ("events.models", "sources.models", "desk.models")


def _models_imported(path: Path) -> set[str]:
    """The model classes of `events`, `sources` and the desk's Topic this module imports."""
    import importlib

    from django.db.models import Model

    from desk.models import Topic

    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if not node.module.startswith(LIVE_RECORDS):
                continue
            module = importlib.import_module(node.module)
            for alias in node.names:
                thing = getattr(module, alias.name, None)
                is_model = isinstance(thing, type) and issubclass(thing, Model)
                if is_model and (not node.module.startswith("desk.") or thing is Topic):
                    found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(LIVE_RECORDS[:2]))
    return found


def test_the_public_wing_reads_no_live_source_event_actor_or_topic():
    offenders = {
        str(path.relative_to(DESK)): sorted(names)
        for path in (DESK / "public").rglob("*.py")
        if path.name not in NAMES_RECORDS_FOR
        for names in [_models_imported(path)]
        if names
    }
    assert offenders == {}


def test_the_check_of_imports_finds_a_model_and_passes_a_function(tmp_path):
    # The test above could pass by reading nothing: it must see a model and let a helper be.
    module = tmp_path / "probe.py"
    module.write_text(
        "from events.models import Actor, fold_name\nfrom desk.models import Excerpt, Topic\n"
    )
    assert _models_imported(module) == {"events.models.Actor", "desk.models.Topic"}


# Template paths that would show a linked record as the desk has it now.
LIVE_IN_TEMPLATES = re.compile(
    r"revision\.(topics|actors|events|source_version\.source)\b"
    r"|\bitem\.source\.(title|author|outlet|url|published|display_title|working_title)\b"
    r"|\bexcerpt\.(source|current_revision)\b"
)


def test_public_templates_show_linked_records_only_as_readers_see_them():
    templates = DESK.parent / "templates" / "briefings"
    offenders = {
        path.name: LIVE_IN_TEMPLATES.findall(path.read_text())
        for path in templates.rglob("*.html")
        if LIVE_IN_TEMPLATES.search(path.read_text())
    }
    assert offenders == {}
    assert LIVE_IN_TEMPLATES.search("{{ item.published_revision.topics.all }}")
    assert LIVE_IN_TEMPLATES.search("{{ item.source.title }}")
