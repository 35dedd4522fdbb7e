"""factory_boy factories for the desk's models, built through the desk's own code paths."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from desk.editing import ExcerptContent, create_excerpt
from desk.models import Briefing, Topic
from desk.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, REVIEWERS_GROUP
from events.models import Actor, ActorAlias, Event
from sources.importing import SourceMetadata, import_source

PASSWORD = "a-long-test-password-1"

PARAGRAPHS = [
    "The Council met on Monday to discuss the border.",
    "Ministers said the crossing would reopen “within weeks”, according to officials.",
    "Critics called the decision premature—and politically motivated.",
]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        names = {
            "editor": [EDITORS_GROUP],
            "reviewer": [REVIEWERS_GROUP],
            "administrator": [ADMINISTRATORS_GROUP],
        }
        groups = [name for role in (extracted or []) for name in names[role]]
        if groups:
            self.groups.set(Group.objects.filter(name__in=groups))
        self.save()


def make_source(text: str | None = None, **metadata):
    """A source imported through the real importer."""
    return import_source(
        text=text or "\n".join(PARAGRAPHS),
        metadata=SourceMetadata(**metadata),
    )


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    title = factory.Sequence(lambda n: f"Briefing {n}")
    slug = factory.Sequence(lambda n: f"briefing-{n}")
    summary = "What happened and what it means."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"topic {n}")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = "person"


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    date = "2025-11-17"


def make_excerpt(
    *,
    editor,
    source=None,
    briefing=None,
    quote: str | None = None,
    annotation="A comment.",
    **links,
):
    """A draft excerpt made through create_excerpt, quoting `quote` (default: a sentence)."""
    source = source or make_source()
    version = source.current_version
    quote = quote or version.text.split("\n")[0]
    start = version.text.index(quote)
    return create_excerpt(
        content=ExcerptContent(
            source_version=version,
            start=start,
            end=start + len(quote),
            annotation=annotation,
            briefing=briefing or BriefingFactory(),
            kind=links.pop("kind", "claim"),
            topics=links.pop("topics", []),
            actors=links.pop("actors", []),
            events=links.pop("events", []),
        ),
        user=editor,
    )


def publish(excerpt, *, editor, reviewer):
    """Take a draft through submit, approve and publish, as its editor and a reviewer."""
    return excerpt_in("published", editor=editor, reviewer=reviewer, excerpt=excerpt)


# How each state is reached from a draft: the actions in order. The editor submits and reopens;
# a reviewer takes every other decision.
ROUTES: dict[str, list[str]] = {
    "draft": [],
    "submitted": ["submit"],
    "changes_requested": ["submit", "request_changes"],
    "approved": ["submit", "approve"],
    "scheduled": ["submit", "approve", "schedule"],
    "published": ["submit", "approve", "publish"],
    "rejected": ["submit", "reject"],
    "withdrawn": ["submit", "approve", "publish", "withdraw"],
}
EDITORS_ACTIONS = {"submit", "reopen"}


def excerpt_in(
    state: str,
    *,
    editor,
    reviewer,
    excerpt=None,
    comment: str = "Because.",
    publish_at=None,
    **made,
):
    """An excerpt brought to `state` through desk.publishing.workflow: a new draft by `editor` (made with
    make_excerpt and the `made` arguments) unless an `excerpt` in draft is given."""
    import datetime as dt

    from django.utils import timezone

    from desk.publishing.workflow import perform

    if excerpt is None:
        excerpt = make_excerpt(editor=editor, **made)
    later = publish_at or timezone.now() + dt.timedelta(days=2)
    for action in ROUTES[state]:
        user = editor if action in EDITORS_ACTIONS else reviewer
        excerpt = perform(excerpt, action, user, comment=comment, publish_at=later)
    return excerpt


def edit(excerpt, user, annotation: str = "An edited annotation.", **changes):
    """A new revision of the excerpt by `user`: the current one with these changes, saved
    through desk.editing; returns the excerpt as it is now."""
    from desk.editing import ExcerptContent, edit_excerpt

    revision = excerpt.current_revision
    content = {
        "source_version": revision.source_version,
        "start": revision.start,
        "end": revision.end,
        "annotation": annotation,
        "briefing": revision.briefing,
        "kind": revision.kind,
        "topics": list(revision.topics.all()),
        "actors": list(revision.actors.all()),
        "events": list(revision.events.all()),
    }
    content.update(changes)
    edit_excerpt(
        excerpt=excerpt,
        base_revision_id=revision.pk,
        content=ExcerptContent(**content),
        user=user,
    )
    excerpt.refresh_from_db()
    return excerpt


def start_correction(published, *, editor, annotation: str = "A corrected annotation.", **changes):
    """A correction in progress on a published item: a new draft revision by `editor` while
    readers keep seeing the published one."""
    assert published.is_live, "a correction starts from an item readers can see"
    return edit(published, editor, annotation, **changes)
