"""An excerpt as the API shows it to the desk: its working revision, state and next steps."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from desk.models import AnchorStatus, Excerpt, StatementKind
from desk.states import Action, Status
from desk.workflow import allowed_actions


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
    briefing = serializers.IntegerField(source="current_revision.briefing_id", read_only=True)
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

    def _absolute(self, path: str) -> str:
        return self.context["request"].build_absolute_uri(path)

    def get_url(self, excerpt: Excerpt) -> str:
        return self._absolute(reverse("api:excerpt-detail", args=[excerpt.pk]))

    def get_topics(self, excerpt: Excerpt) -> list[str]:
        return [topic.name for topic in excerpt.current_revision.topics.all()]

    def get_actors(self, excerpt: Excerpt) -> list[int]:
        return [actor.pk for actor in excerpt.current_revision.actors.all()]

    def get_events(self, excerpt: Excerpt) -> list[int]:
        return [event.pk for event in excerpt.current_revision.events.all()]

    def get_public_url(self, excerpt: Excerpt) -> str | None:
        return self._absolute(excerpt.get_public_url()) if excerpt.is_live else None

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, excerpt: Excerpt) -> list[dict]:
        """What the asking user may do now, from desk.workflow.allowed_actions."""
        actions = []
        for transition in allowed_actions(excerpt, self.context["request"].user):
            slug = action_slug(transition.action)
            actions.append(
                {
                    "name": slug,
                    "label": transition.action.label,
                    "needs_comment": transition.needs_comment,
                    "url": self._absolute(reverse(f"api:excerpt-{slug}", args=[excerpt.pk])),
                }
            )
        return actions
