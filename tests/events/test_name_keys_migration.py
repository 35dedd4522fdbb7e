"""Actors and aliases saved before names had search keys get them from the data migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Actor, ActorAlias

BEFORE = [("events", "0006_actor_name_keys")]
AFTER = [("events", "0007_fill_actor_name_keys")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Later migrations are put back whatever happens, so no other test sees an old schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_names_get_the_keys_the_filters_look_up(latest_schema_after):
    old = migrate(BEFORE)
    actor = old.get_model("events", "Actor").objects.create(
        name="Łukašenka", folded_name="łukasenka", slug="lukasenka"
    )
    old.get_model("events", "ActorAlias").objects.create(
        actor_id=actor.pk, name="Лукашэнка", folded_name="лукашэнка"
    )
    migrate(AFTER)
    assert Actor.objects.get(pk=actor.pk).name_key == "lukasenka"
    assert ActorAlias.objects.get(actor_id=actor.pk).name_key == "lukasenka"
    assert list(Actor.objects.matching("Lukashenka")) == [Actor.objects.get(pk=actor.pk)]
