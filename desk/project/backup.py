"""Backups: the whole desk as one JSON file, and its restoration into an empty database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

# What a backup holds: the people, the library, the register, and all editorial work with its
# history. Content types and permissions are left out (migrate makes them), as are sessions and
# login-attempt records, which are not the desk's work.
APPS_AND_MODELS = [
    "auth.group",
    "auth.user",
    "sources",
    "events",
    "desk",
]


class RestoreRefused(RuntimeError):
    """A restore that would mix a backup with existing data."""


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds), so a
    restored audit trail is the same to the microsecond."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _models() -> list:
    app_list = {}
    for label in APPS_AND_MODELS:
        if "." in label:
            app_label, model_name = label.split(".")
            app_list.setdefault(apps.get_app_config(app_label), []).append(
                apps.get_model(app_label, model_name)
            )
        else:
            app_list[apps.get_app_config(label)] = None
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def export_desk(path: Path) -> None:
    """Everything in APPS_AND_MODELS, in an order loaddata can restore, as one JSON file."""
    objects = []
    for model in _models():
        rows = serializers.serialize(
            "python",
            # Every row with every column as stored: no default manager's choices (the
            # sources' manager leaves their search keys behind, which would cost two queries a
            # source to fetch back one by one).
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        # A many-to-many field is a set, read without an order (PostgreSQL answers in whatever
        # order its plan gives): sorted, two exports of the same desk are the same file.
        links = [field.name for field in model._meta.many_to_many]
        for row in rows:
            for name in links:
                if name in row["fields"]:
                    row["fields"][name] = sorted(row["fields"][name], key=json.dumps)
        objects += rows
    path.write_text(
        json.dumps(objects, cls=_ExactJSONEncoder, indent=1, ensure_ascii=False), encoding="utf-8"
    )


def database_is_empty() -> bool:
    from desk.models import Excerpt
    from events.models import Actor, Event
    from sources.models import Source

    return not any(
        model.objects.exists() for model in (get_user_model(), Source, Excerpt, Actor, Event)
    )


def import_desk(path: Path) -> None:
    """Load a backup into an empty database, all or nothing."""
    if not database_is_empty():
        raise RestoreRefused(
            "The database already holds users, sources or excerpts: restore into an empty "
            "database (run migrate on a new one first)."
        )
    with transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)
