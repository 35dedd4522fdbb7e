"""Backups: the whole desk as one JSON file, and its restoration into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
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


def export_desk(path: Path) -> None:
    call_command(
        "dumpdata",
        *APPS_AND_MODELS,
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        output=str(path),
        verbosity=0,
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
