"""The hooks other apps plug into the library and the events: loaded once, typed, refused plainly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from events import hooks as event_hooks
from sources import hooks
from tests.desk.test_settings import run_settings
from tests.sources.test_source_list import LIST

ROOT = Path(__file__).resolve().parents[2]


def test_the_desks_own_hooks_all_load():
    assert hooks.hook_problems(hooks.SETTINGS + event_hooks.SETTINGS) == []


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SOURCE_READER_LAYERS", ["desk.nowhere.layer"]),
        ("SOURCE_LIST_COUNTS", "desk.reader.no_such_function"),
        ("SOURCE_VERSION_IMPACT", "desk.reanchoring.no_such_impact"),
        ("EVENT_PAGE_LAYERS", ["not a path"]),
        ("EVENT_TIMELINE_SCOPES", "desk.event_links.timeline_scope_missing"),
        ("EVENT_TIMELINE_SCOPE_CHOICES", "events.nowhere.choices"),
        ("EVENT_FROM_SUGGESTION_REDIRECT", "desk.event_links.nothing_here"),
    ],
)
def test_a_bad_path_is_named_by_the_check_with_its_setting(settings, setting, value):
    setattr(settings, setting, value)
    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    message = str(refused.value)
    assert setting in message and "cannot be loaded" in message
    shown = value if isinstance(value, str) else value[0]
    assert f"“{shown}”" in message


def test_a_name_that_is_not_a_function_is_refused(settings):
    settings.SOURCE_LIST_COUNTS = "sources.hooks.SETTINGS"
    with pytest.raises(ImproperlyConfigured, match="SOURCE_LIST_COUNTS .* is not a function"):
        hooks.verify_hooks(["SOURCE_LIST_COUNTS"])


@pytest.mark.slow  # starts the desk in another process
def test_the_desk_does_not_start_with_a_hook_that_does_not_load():
    code = (
        "import desk.project.settings as s; s.EVENT_PAGE_LAYERS = ['desk.nowhere.layer']; "
        "import django; django.setup()"
    )
    result = run_settings(code, DJANGO_SETTINGS_MODULE="desk.project.settings", DESK_TESTING="1")
    assert result.returncode != 0
    assert "ImproperlyConfigured: EVENT_PAGE_LAYERS names “desk.nowhere.layer”" in result.stderr


@pytest.mark.django_db
def test_a_hook_answering_with_an_untyped_dict_is_refused_with_its_setting(
    as_user, editor, source, settings
):
    settings.SOURCE_READER_LAYERS = ["tests.sources.hooks.not_a_layer"]
    with pytest.raises(
        ImproperlyConfigured, match="SOURCE_READER_LAYERS returned dict, not Reader"
    ):
        as_user(editor).get(source.get_absolute_url())


@pytest.mark.django_db
def test_counts_of_the_wrong_type_are_refused(as_user, editor, source, settings):
    settings.SOURCE_LIST_COUNTS = "tests.sources.test_hooks.counts_as_dict"
    with pytest.raises(ImproperlyConfigured, match="returned dict, not SourceCount"):
        as_user(editor).get(LIST)


def counts_as_dict(source_ids):
    return {pk: [{"label": "Draft", "count": 1}] for pk in source_ids}


def test_scope_choices_must_be_scope_choices(settings):
    settings.EVENT_TIMELINE_SCOPE_CHOICES = "tests.sources.test_hooks.tuple_choices"
    with pytest.raises(ImproperlyConfigured, match="returned tuple, not ScopeChoice"):
        event_hooks.timeline_scope_choices("briefing")
    settings.EVENT_TIMELINE_SCOPE_CHOICES = None
    assert event_hooks.timeline_scope_choices("briefing") is None


def tuple_choices(name):
    return [("the-border", "The border")]


@pytest.mark.parametrize("app", ["sources", "events"])
def test_the_library_and_the_events_never_import_the_desk(app):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "desk" for name in names), path
