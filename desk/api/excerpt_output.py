"""An excerpt as the API shows it to the desk: its working revision, state and next steps."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from desk.models import AnchorStatus, Excerpt, StatementKind
from desk.project.site_url import absolute
from desk.publishing.four_eyes import changed_unseen, wrote_since_approval
from desk.publishing.states import Action, Role, Status, Transition
from desk.publishing.workflow import allowed_actions
from desk.roles import has_role

# Stand-ins reversed in place of an id and a slug; each is replaced per excerpt.
_PK, _SLUG = "987654321", "zz-slug-zz"


class ResponseLinks:
    """The response's URLs, each reversed and made absolute once, then filled in per excerpt.

    A list of fifty would otherwise reverse, and check the Host header for, some four hundred
    URLs. One per response, kept in the serializer's context, which a list shares with its items.
    """

    def __init__(self, request):
        self._request = request
        self._templates: dict[tuple, str] = {}

    def _template(self, name: str, *args: str) -> str:
        key = (name, *args)
        if key not in self._templates:
            self._templates[key] = absolute(reverse(name, args=args))
        return self._templates[key]

    def excerpt(self, name: str, pk: int) -> str:
        """An /api/excerpts/{pk}/… URL by its route name."""
        return self._template(name, _PK).replace(_PK, str(pk))

    def public_item(self, slug: str, pk: int) -> str:
        """The public page of an item (Excerpt.get_public_url, made absolute)."""
        url = self._template("briefings:item", _SLUG, _PK)
        return url.replace(_PK, str(pk)).replace(_SLUG, slug)


class ResponseDecisions:
    """What the asking user may decide, worked out once per kind of excerpt in a response.

    desk.publishing.workflow.refusal is the only judge. What it weighs from an excerpt is its
    state, whether
    readers see it, its published revision, whether the user made it or wrote part of it, and
    whether they changed a record it links that nobody else has seen (desk.four_eyes; read with
    the list by with_part_of, so asking costs no query); excerpts alike in all of those get the
    same answer, so a page asks it a few times, not fifty.
    """

    def __init__(self, user):
        self._user = user
        self._answers: dict[tuple, list[Transition]] = {}
        # The answer depends on the person only through their roles and the booleans below.
        self._roles = tuple(has_role(user, role) for role in Role)

    def allowed(self, excerpt: Excerpt) -> list[Transition]:
        pk = self._user.pk
        key = (
            self._roles,
            excerpt.status,
            excerpt.is_published,
            excerpt.published_revision_id is None,
            excerpt.published_revision_id == excerpt.current_revision_id,
            excerpt.created_by_id == pk,
            wrote_since_approval(excerpt, self._user) is not None,
            changed_unseen(excerpt, self._user),
        )
        if key not in self._answers:
            known = _DECIDED.get(key)
            if known is None:
                known = allowed_actions(excerpt, self._user)
                if len(_DECIDED) < _DECIDED_MAX:
                    _DECIDED[key] = known
            self._answers[key] = known
        return self._answers[key]


# Answers kept across responses: the same roles and the same kind of excerpt get the same
# decisions from desk.publishing.workflow.refusal (a few dozen kinds in all; bounded all the same).
_DECIDED: dict[tuple, list[Transition]] = {}
_DECIDED_MAX = 1024


def action_slug(action: Action) -> str:
    """The action as its URL spells it: request-changes."""
    return action.value.replace("_", "-")


class AllowedActionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The last part of the action's URL.")
    label = serializers.CharField()
    needs_comment = serializers.BooleanField()
    url = serializers.CharField()


def _revision(name: str, field=serializers.CharField, **kwargs) -> serializers.Field:
    """A read-only field of the working revision."""
    return field(source=f"current_revision.{name}", read_only=True, **kwargs)


def links_by_revision(ids) -> dict[int, dict[str, list]]:
    """Each of these revisions' topic names, actor and event ids, in each model's own order.

    Three queries of plain values for a whole page: prefetching the topics, actors and events as
    objects, one queryset per excerpt and relation, was a third of a 50-excerpt list's time.
    """
    from desk.models import Topic
    from events.models import Actor, Event

    ids = set(ids)
    links: dict[int, dict[str, list]] = {
        pk: {"topics": [], "actors": [], "events": []} for pk in ids
    }
    if not ids:
        return links
    for name, rows in (
        ("topics", Topic.objects.filter(revisions__in=ids).values_list("revisions", "name")),
        (
            "actors",
            Actor.objects.filter(excerpt_revisions__in=ids).values_list("excerpt_revisions", "pk"),
        ),
        (
            "events",
            Event.objects.filter(excerpt_revisions__in=ids).values_list("excerpt_revisions", "pk"),
        ),
    ):
        for revision, value in rows:
            links[revision][name].append(value)
    return links


def attach_links(excerpts: list[Excerpt]) -> None:
    """Give each excerpt `api_links`: its working revision's topic names, actor and event ids."""
    links = links_by_revision(excerpt.current_revision_id for excerpt in excerpts)
    for excerpt in excerpts:
        excerpt.api_links = links[excerpt.current_revision_id]


# What one item of the list is drawn from: a row of values per excerpt, no model instances.
# Building an excerpt with its two revisions, source, briefings and people as objects, then
# walking them, was most of a list's time; the row holds exactly what the item shows. People and
# briefings are read by id in a query each: joining them as well made PostgreSQL spend 13 ms
# planning the page's query (seven joins and four eyes' subqueries) against 2 ms without.
LIST_COLUMNS = (
    "pk",
    "status",
    "source_id",
    "current_revision_id",
    "published_revision_id",
    "visible_from",
    "first_published_at",
    "withdrawal_note",
    "anchor_status",
    "created_at",
    "updated_at",
    "created_by_id",
    "current_revision__number",
    "current_revision__source_version__number",
    "current_revision__start",
    "current_revision__end",
    "current_revision__quote",
    "current_revision__prefix",
    "current_revision__suffix",
    "current_revision__annotation",
    "current_revision__annotation_html",
    "current_revision__kind",
    "current_revision__briefing_id",
    "current_revision__correction_note",
    "current_revision__created_by_id",
    "published_revision__briefing_id",
)


_COLUMN_SET = frozenset(LIST_COLUMNS)


def list_rows(queryset):
    """The list's queryset as rows of LIST_COLUMNS, with every annotation it carries (four
    eyes for the asking user: desk.four_eyes.with_part_of), so its filters stay in the query."""
    return queryset.values(*LIST_COLUMNS, *queryset.query.annotation_select)


class ExcerptRows:
    """A page of list rows as the API shows each excerpt: the same items, byte for byte, as
    ExcerptSerializer gives (a test compares them), at a fraction of its cost."""

    def __init__(self, serializer: ExcerptSerializer):
        # The serializer's own links, decisions and time format: one per response, as before.
        self._serializer = serializer
        self._when = serializer.fields["created_at"].to_representation

    def _maybe_when(self, value):
        return None if value is None else self._when(value)

    def represent(self, rows: list[dict]) -> list[dict]:
        from django.contrib.auth import get_user_model

        from desk.models import Briefing

        links = links_by_revision(row["current_revision_id"] for row in rows)
        people = {row["created_by_id"] for row in rows}
        people |= {row["current_revision__created_by_id"] for row in rows}
        self._names = dict(
            get_user_model().objects.filter(pk__in=people).values_list("pk", "username")
        )
        briefings = {row["current_revision__briefing_id"] for row in rows}
        briefings |= {row["published_revision__briefing_id"] for row in rows}
        self._briefings = {
            pk: (slug, public)
            for pk, slug, public in Briefing.objects.filter(pk__in=briefings).values_list(
                "pk", "slug", "is_public"
            )
        }
        return [self._item(row, links[row["current_revision_id"]]) for row in rows]

    def _excerpt(self, row: dict) -> Excerpt:
        """The excerpt as the workflow weighs it (desk.publishing.workflow.refusal), without its
        links."""
        excerpt = Excerpt(
            pk=row["pk"],
            status=row["status"],
            source_id=row["source_id"],
            current_revision_id=row["current_revision_id"],
            published_revision_id=row["published_revision_id"],
            visible_from=row["visible_from"],
            first_published_at=row["first_published_at"],
            created_by_id=row["created_by_id"],
            anchor_status=row["anchor_status"],
        )
        # Four eyes, read with the row (with_part_of), where the workflow looks for it, as the
        # annotations of a model instance are.
        excerpt.__dict__.update({k: v for k, v in row.items() if k not in _COLUMN_SET})
        return excerpt

    def _item(self, row: dict, links: dict[str, list]) -> dict:
        serializer, excerpt, when = self._serializer, self._excerpt(row), self._when
        pk = row["pk"]
        published_in = self._briefings.get(row["published_revision__briefing_id"])
        live = excerpt.is_published and published_in is not None and published_in[1]
        return {
            "id": pk,
            "url": serializer._links.excerpt("api:excerpt-detail", pk),
            "status": row["status"],
            "revision": row["current_revision_id"],
            "revision_number": row["current_revision__number"],
            "source": row["source_id"],
            "source_version": row["current_revision__source_version__number"],
            "start": row["current_revision__start"],
            "end": row["current_revision__end"],
            "quote": row["current_revision__quote"],
            "prefix": row["current_revision__prefix"],
            "suffix": row["current_revision__suffix"],
            "annotation": row["current_revision__annotation"],
            "annotation_html": row["current_revision__annotation_html"],
            "kind": row["current_revision__kind"],
            "briefing": self._briefings[row["current_revision__briefing_id"]][0],
            "topics": links["topics"],
            "actors": links["actors"],
            "events": links["events"],
            "correction_note": row["current_revision__correction_note"],
            "anchor_status": row["anchor_status"],
            "created_by": self._names[row["created_by_id"]],
            "created_at": when(row["created_at"]),
            "last_edited_by": self._names[row["current_revision__created_by_id"]],
            "updated_at": when(row["updated_at"]),
            "published_revision": row["published_revision_id"],
            "visible_from": self._maybe_when(row["visible_from"]),
            "first_published_at": self._maybe_when(row["first_published_at"]),
            "withdrawal_note": row["withdrawal_note"],
            "is_live": live,
            "public_url": (serializer._links.public_item(published_in[0], pk) if live else None),
            "allowed_actions": serializer.get_allowed_actions(excerpt),
        }


class ExcerptListSerializer(serializers.ListSerializer):
    """A page of excerpts, their links loaded for the whole page at once (attach_links)."""

    def to_representation(self, data):
        excerpts = list(data.all() if hasattr(data, "all") else data)
        attach_links(excerpts)
        return super().to_representation(excerpts)


class ExcerptSerializer(serializers.ModelSerializer):
    """An excerpt as the desk sees it: its working revision, workflow state and next steps."""

    revision = serializers.IntegerField(source="current_revision_id", read_only=True)
    revision_number = serializers.IntegerField(source="current_revision.number", read_only=True)
    source = serializers.IntegerField(source="source_id", read_only=True)
    source_version = serializers.IntegerField(
        source="current_revision.source_version.number",
        read_only=True,
        help_text="The number of the source's version the quote is cut from.",
    )
    start = _revision("start", serializers.IntegerField)
    end = _revision("end", serializers.IntegerField)
    quote = _revision("quote")
    prefix = _revision("prefix")
    suffix = _revision("suffix")
    annotation = _revision("annotation")
    annotation_html = _revision("annotation_html")
    kind = _revision("kind", serializers.ChoiceField, choices=StatementKind.choices)
    briefing = serializers.CharField(
        source="current_revision.briefing.slug", read_only=True, help_text="The briefing's slug."
    )
    topics = serializers.SerializerMethodField()
    actors = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    correction_note = _revision("correction_note")
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    anchor_status = serializers.ChoiceField(choices=AnchorStatus.choices, read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    last_edited_by = serializers.CharField(
        source="current_revision.created_by.username", read_only=True
    )
    published_revision = serializers.IntegerField(
        source="published_revision_id", read_only=True, allow_null=True
    )
    is_live = serializers.BooleanField(read_only=True, help_text="Readers can see it now.")
    public_url = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Excerpt
        fields = [
            "id",
            "url",
            "status",
            "revision",
            "revision_number",
            "source",
            "source_version",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "annotation",
            "annotation_html",
            "kind",
            "briefing",
            "topics",
            "actors",
            "events",
            "correction_note",
            "anchor_status",
            "created_by",
            "created_at",
            "last_edited_by",
            "updated_at",
            "published_revision",
            "visible_from",
            "first_published_at",
            "withdrawal_note",
            "is_live",
            "public_url",
            "allowed_actions",
        ]
        read_only_fields = fields
        list_serializer_class = ExcerptListSerializer

    def _shared(self, name: str, make):
        """One ResponseLinks or ResponseDecisions per response (the list's context is shared)."""
        if name not in self.context:
            self.context[name] = make()
        return self.context[name]

    @property
    def _links(self) -> ResponseLinks:
        return self._shared("links", lambda: ResponseLinks(self.context["request"]))

    @property
    def _decisions(self) -> ResponseDecisions:
        # The user unwrapped from the request's lazy object: it is asked about many times.
        user = getattr(self.context["request"].user, "_wrapped", self.context["request"].user)
        return self._shared("decisions", lambda: ResponseDecisions(user))

    def get_url(self, excerpt: Excerpt) -> str:
        return self._links.excerpt("api:excerpt-detail", excerpt.pk)

    # A list's excerpts carry their links already (attach_links); a single one asks.
    def get_topics(self, excerpt: Excerpt) -> list[str]:
        if hasattr(excerpt, "api_links"):
            return excerpt.api_links["topics"]
        return [topic.name for topic in excerpt.current_revision.topics.all()]

    def get_actors(self, excerpt: Excerpt) -> list[int]:
        if hasattr(excerpt, "api_links"):
            return excerpt.api_links["actors"]
        return [actor.pk for actor in excerpt.current_revision.actors.all()]

    def get_events(self, excerpt: Excerpt) -> list[int]:
        if hasattr(excerpt, "api_links"):
            return excerpt.api_links["events"]
        return [event.pk for event in excerpt.current_revision.events.all()]

    def get_public_url(self, excerpt: Excerpt) -> str | None:
        if not excerpt.is_live:
            return None
        return self._links.public_item(excerpt.published_revision.briefing.slug, excerpt.pk)

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, excerpt: Excerpt) -> list[dict]:
        """What the asking user may do now, from desk.publishing.workflow.allowed_actions."""
        actions = []
        for transition in self._decisions.allowed(excerpt):
            slug = action_slug(transition.action)
            actions.append(
                {
                    "name": slug,
                    "label": transition.action.label,
                    "needs_comment": transition.needs_comment,
                    "url": self._links.excerpt(f"api:excerpt-{slug}", excerpt.pk),
                }
            )
        return actions

    def to_representation(self, excerpt: Excerpt) -> dict:
        """The fields above, read straight from the excerpt and its working revision.

        The same values as the generic field-by-field walk (a test compares them) at a fraction
        of its cost, which is most of a list's time. Times go through the fields' own formatting.
        """
        revision = excerpt.current_revision
        when = self.fields["created_at"].to_representation
        maybe_when = self._maybe_time
        return {
            "id": excerpt.pk,
            "url": self.get_url(excerpt),
            "status": excerpt.status,
            "revision": excerpt.current_revision_id,
            "revision_number": revision.number,
            "source": excerpt.source_id,
            "source_version": revision.source_version.number,
            "start": revision.start,
            "end": revision.end,
            "quote": revision.quote,
            "prefix": revision.prefix,
            "suffix": revision.suffix,
            "annotation": revision.annotation,
            "annotation_html": revision.annotation_html,
            "kind": revision.kind,
            "briefing": revision.briefing.slug,
            "topics": self.get_topics(excerpt),
            "actors": self.get_actors(excerpt),
            "events": self.get_events(excerpt),
            "correction_note": revision.correction_note,
            "anchor_status": excerpt.anchor_status,
            "created_by": excerpt.created_by.username,
            "created_at": when(excerpt.created_at),
            "last_edited_by": revision.created_by.username,
            "updated_at": when(excerpt.updated_at),
            "published_revision": excerpt.published_revision_id,
            "visible_from": maybe_when(excerpt.visible_from),
            "first_published_at": maybe_when(excerpt.first_published_at),
            "withdrawal_note": excerpt.withdrawal_note,
            "is_live": excerpt.is_live,
            "public_url": self.get_public_url(excerpt),
            "allowed_actions": self.get_allowed_actions(excerpt),
        }

    def _maybe_time(self, value):
        return None if value is None else self.fields["created_at"].to_representation(value)
