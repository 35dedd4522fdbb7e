"""The event register, read-only: dated events and the actors who take part in them."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from desk.api.conditional import ConditionalReads
from desk.api.filters import ActorFilter, EventApiFilter
from desk.api.permissions import CanReadActors, CanReadEvents
from events.models import Actor, Event, EventActor


class ActorSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Actor
        fields = ["id", "name", "slug", "kind", "description", "aliases"]
        read_only_fields = fields

    def get_aliases(self, actor: Actor) -> list[str]:
        return [alias.name for alias in actor.aliases.all()]


class ParticipantSerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", read_only=True)
    name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = EventActor
        fields = ["actor", "name", "role"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    date = serializers.CharField(read_only=True, help_text="EDTF, e.g. 2025-11-17, 2025-09, 1998~.")
    date_label = serializers.SerializerMethodField()
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "description",
            "place",
            "date",
            "date_label",
            "date_start",
            "date_end",
            "date_precision",
            "participants",
            "created_at",
        ]
        read_only_fields = fields

    def get_date_label(self, event: Event) -> str:
        """The date as people write it."""
        return str(event.event_date)


class EventViewSet(ConditionalReads, viewsets.ReadOnlyModelViewSet):
    """Events in timeline order, filtered as the desk's event list filters them."""

    serializer_class = EventSerializer
    permission_classes = [CanReadEvents]
    filterset_class = EventApiFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return Event.objects.with_participants().ordered()


class ActorViewSet(ConditionalReads, viewsets.ReadOnlyModelViewSet):
    """The actor register, each actor with every spelling it goes by."""

    serializer_class = ActorSerializer
    permission_classes = [CanReadActors]
    filterset_class = ActorFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return Actor.objects.with_aliases().order_by("name", "pk")
