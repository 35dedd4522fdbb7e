"""Backups: export, restore into an empty database, and nothing lost on the way."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from desk.demo.loader import load_demo
from desk.models import AuditEntry, Excerpt, ExcerptRevision
from sources.models import SourceVersion

# Slow: left out by `make test-fast`, run by `make test` and CI.
pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_database_loses_nothing(tmp_path):
    load_demo(password="a-long-demo-password-1")
    first = tmp_path / "first.json"
    call_command("export_desk", str(first))
    counts = {
        model: model.objects.count()
        for model in (Excerpt, ExcerptRevision, AuditEntry, SourceVersion)
    }
    times = list(AuditEntry.objects.order_by("pk").values_list("at", flat=True))
    call_command("flush", interactive=False, verbosity=0)
    assert Excerpt.objects.count() == 0
    call_command("import_desk", str(first))
    assert {model: model.objects.count() for model in counts} == counts
    assert (
        list(AuditEntry.objects.order_by("pk").values_list("at", flat=True)) == times
    )  # to the µs
    second = tmp_path / "second.json"
    call_command("export_desk", str(second))
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="chief").check_password("a-long-demo-password-1")


@pytest.mark.django_db(transaction=True)
def test_import_refuses_a_database_that_is_not_empty(tmp_path, editor):
    path = tmp_path / "backup.json"
    call_command("export_desk", str(path))
    with pytest.raises(CommandError, match="empty database"):
        call_command("import_desk", str(path))


@pytest.mark.django_db
def test_import_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_desk", str(tmp_path / "nope.json"))


def test_the_export_asks_the_same_queries_for_one_source_or_several(
    db, tmp_path, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_source

    make_source("The only text.")
    with CaptureQueriesContext(connection) as one:
        call_command("export_desk", str(tmp_path / "one.json"))
    for n in range(4):
        make_source(f"Another text, number {n}.")
    # No query per source (a column fetched back row by row would show here).
    with django_assert_max_num_queries(len(one)):
        call_command("export_desk", str(tmp_path / "five.json"))
    sources = [
        o
        for o in json.loads((tmp_path / "five.json").read_text())
        if o["model"] == "sources.source"
    ]
    assert len(sources) == 5
    assert all(o["fields"]["search_text"].strip() for o in sources)
