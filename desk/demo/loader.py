"""Loading the demo desk: the seed sources, demo accounts, actors, events and a briefing.

Everything goes through the same code the desk uses (the importer, create_excerpt, the
workflow), so the demo proves those paths. Loading twice changes nothing.
"""

from __future__ import annotations

import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from desk.editing import ExcerptContent, create_excerpt
from desk.models import Briefing, Comment, Excerpt, Topic
from desk.notifications import muted
from desk.publishing.states import Action, Status
from desk.publishing.workflow import perform
from desk.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, REVIEWERS_GROUP
from events.dates import EventDate
from events.models import Actor, ActorAlias, Event, EventActor
from events.suggestions import suggest_events
from sources.anchoring import find_quote
from sources.documents import read_file
from sources.importing import DuplicateSource, import_source
from sources.manifest import read_manifest
from sources.models import Source

DEMO_DIR = Path(__file__).resolve().parent
SEEDS_MANIFEST = DEMO_DIR / "seeds" / "sources.toml"
BRIEFING_FILE = DEMO_DIR / "briefing.toml"
ACCOUNTS = {
    "editor": [EDITORS_GROUP],
    "editor2": [EDITORS_GROUP],
    "reviewer": [REVIEWERS_GROUP],
    "reviewer2": [REVIEWERS_GROUP],
    "chief": [EDITORS_GROUP, REVIEWERS_GROUP],
    # Runs the desk: the Team page, briefings, webhooks.
    "admin": [ADMINISTRATORS_GROUP],
}
# The path through the workflow that leaves an excerpt in each demo state.
ROUTES: dict[str, list[Action]] = {
    Status.DRAFT: [],
    Status.SUBMITTED: [Action.SUBMIT],
    Status.CHANGES_REQUESTED: [Action.SUBMIT, Action.REQUEST_CHANGES],
    Status.APPROVED: [Action.SUBMIT, Action.APPROVE],
    Status.PUBLISHED: [Action.SUBMIT, Action.APPROVE, Action.PUBLISH],
    Status.REJECTED: [Action.SUBMIT, Action.REJECT],
}


class DemoError(RuntimeError):
    """The demo data does not fit the seed texts."""


@dataclass
class DemoReport:
    created_accounts: list[str] = field(default_factory=list)
    password: str | None = None
    sources: int = 0
    excerpts: int = 0
    events: int = 0
    actors: int = 0


def load_demo(*, password: str | None = None) -> DemoReport:
    report = DemoReport()
    with transaction.atomic():
        users = _accounts(report, password)
        sources = _sources(report)
        data = tomllib.loads(BRIEFING_FILE.read_text(encoding="utf-8"))
        briefing, _ = Briefing.objects.get_or_create(
            slug=data["briefing"]["slug"],
            defaults={"title": data["briefing"]["title"], "summary": data["briefing"]["summary"]},
        )
        actors = _actors(report, data.get("actor", []))
        events = _events(report, data.get("event", []), actors)
    # Each excerpt in its own transactions, as the desk would make it, but without mailing the
    # demo reviewers about work that was never really submitted.
    with muted():
        for item in data.get("excerpt", []):
            _excerpt(report, item, briefing, sources, users, actors, events)
    return report


def _accounts(report: DemoReport, password: str | None) -> dict:
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    users = {}
    for username, group_names in ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            if report.password is None:
                report.password = password or secrets.token_urlsafe(12)
            user = User(username=username, email=f"{username}@example.org")
            user.set_password(report.password)
            user.save()
            user.groups.set([groups[name] for name in group_names])
            report.created_accounts.append(username)
        users[username] = user
    return users


def _sources(report: DemoReport) -> dict[str, Source]:
    sources = {}
    for entry in read_manifest(SEEDS_MANIFEST):
        # The same reading and importing as `manage.py import_source` and the upload form.
        prepared = read_file(entry.path.name, entry.path.read_bytes())
        try:
            source = import_source(
                text=prepared.text,
                metadata=entry.metadata,
                imported_from=prepared.imported_from,
                kinds=prepared.kinds,
            )
            report.sources += 1
        except DuplicateSource as duplicate:
            source = duplicate.existing
        sources[entry.path.name] = source
        # The date mentions of each seed text, waiting on the desk as candidate events.
        suggest_events(source.current_version)
    return sources


def _actors(report: DemoReport, items: list[dict]) -> dict[str, Actor]:
    actors = {}
    for item in items:
        actor, created = Actor.objects.get_or_create(
            name=item["name"],
            defaults={
                "kind": item.get("kind", "other"),
                "description": item.get("description", ""),
            },
        )
        report.actors += created
        for alias in item.get("aliases", []):
            if not actor.aliases.filter(name=alias).exists():
                ActorAlias.objects.create(actor=actor, name=alias)
        actors[actor.name] = actor
    return actors


def _events(report: DemoReport, items: list[dict], actors: dict[str, Actor]) -> dict[str, Event]:
    events = {}
    for item in items:
        date = EventDate.from_edtf(item["date"])
        event, created = Event.objects.get_or_create(
            title=item["title"],
            defaults={
                "date": date.edtf(),
                "place": item.get("place", ""),
                "description": item.get("description", ""),
            },
        )
        if created:
            report.events += 1
            for name, role in item.get("actors", []):
                EventActor.objects.create(event=event, actor=actors[name], role=role)
        events[item["key"]] = event
    return events


def _excerpt(report, item, briefing, sources, users, actors, events) -> None:
    source = sources[item["source"]]
    version = source.current_version
    found = find_quote(version.text, item["quote"])
    occurrence = item.get("occurrence", 1)
    if len(found) < occurrence:
        raise DemoError(f"Demo quote not found in {item['source']}: {item['quote'][:60]}…")
    selector = found[occurrence - 1]
    if Excerpt.objects.filter(
        source=source, revisions__start=selector.start, revisions__end=selector.end
    ).exists():
        return
    editor = users[item["editor"]]
    content = ExcerptContent(
        source_version=version,
        start=selector.start,
        end=selector.end,
        annotation=item["annotation"],
        briefing=briefing,
        kind=item["kind"],
        topics=[Topic.objects.get_or_create(name=name)[0] for name in item.get("topics", [])],
        actors=[actors[name] for name in item.get("actors", [])],
        events=[events[key] for key in item.get("events", [])],
    )
    with transaction.atomic():
        excerpt = create_excerpt(content=content, user=editor)
        for action in ROUTES[item["status"]]:
            actor = editor if action == Action.SUBMIT else users[item["reviewer"]]
            comment = (
                item.get("comment", "") if action in (Action.REQUEST_CHANGES, Action.REJECT) else ""
            )
            excerpt = perform(excerpt, action, actor, comment=comment)
        if item.get("note"):
            Comment.objects.create(excerpt=excerpt, author=editor, body=item["note"])
    report.excerpts += 1
