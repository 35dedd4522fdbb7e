"""What readers see: public briefings and their published items, open to anyone.

Every item is shown as its published revision, never the working one: a correction under review
stays on the desk until it is published.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers, viewsets
from rest_framework.permissions import AllowAny

from desk.api.conditional import ConditionalReads
from desk.api.filtering import ApiFilterBackend
from desk.api.pagination import PublishedCursorPagination
from desk.api.permissions import IsDeskStaff
from desk.api.sources import AuthorSerializer
from desk.models import Briefing, Excerpt, Language, StatementKind, Topic
from desk.project.site_url import absolute
from desk.public.filters import PublishedItemFilter
from desk.readers_view import Publication
from desk.roles import is_staff_member
from sources.models import Source


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class BriefingSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True, help_text="Published items readers see.")
    public_url = serializers.SerializerMethodField()
    items_url = serializers.SerializerMethodField()
    language = serializers.ChoiceField(
        choices=Language.choices,
        read_only=True,
        help_text=(
            "The language the briefing's own words (its summary, its items' annotations) are "
            "written in, as a language code; each quote is in its source's language."
        ),
    )

    class Meta:
        model = Briefing
        fields = [
            "slug",
            "title",
            "summary",
            "language",
            "is_public",
            "item_count",
            "public_url",
            "items_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_public_url(self, briefing: Briefing) -> str:
        return absolute(briefing.get_absolute_url())

    def get_items_url(self, briefing: Briefing) -> str:
        path = reverse("api:briefing-items", kwargs={"slug": briefing.slug})
        return absolute(path)


class CitationSerializer(serializers.ModelSerializer):
    """A source as readers see it cited: blank means unknown."""

    author = serializers.CharField(
        read_only=True, help_text="The authors' names in reading order, separated by “; ”."
    )
    authors = AuthorSerializer(many=True, read_only=True)

    display_title = serializers.CharField(read_only=True)
    # Not format "uri": blank means unknown.
    url = serializers.CharField(read_only=True, help_text="The original URL; blank when unknown.")

    class Meta:
        model = Source
        fields = ["display_title", "title", "author", "authors", "outlet", "url", "published"]
        read_only_fields = fields


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class DatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    date = serializers.CharField(read_only=True, help_text="EDTF.")


class PublishedItemSerializer(serializers.ModelSerializer):
    """One published item: its published revision, cited to its source."""

    briefing = serializers.CharField(source="briefing.slug", read_only=True)
    revision = serializers.IntegerField(
        source="revision_number",
        read_only=True,
        help_text="The number of the excerpt's revision readers see.",
    )
    source_id = serializers.IntegerField(read_only=True)
    source_version = serializers.IntegerField(
        source="source_version_number",
        read_only=True,
        help_text="The number of the source's version the quote is cut from.",
    )
    quote = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    suffix = serializers.CharField(read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    annotation = serializers.CharField(read_only=True)
    annotation_html = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=StatementKind.choices, read_only=True)
    topics = serializers.SerializerMethodField()
    actors = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    # The citation, topics, actors and events as approved (desk.readers_copy), not as the
    # shared records read now.
    source = CitationSerializer(source="citation", read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    correction_note = serializers.CharField(read_only=True)
    record_correction_note = serializers.CharField(
        source="records.correction_note",
        read_only=True,
        help_text=(
            "A change of a source, actor, event or topic carried into the item; blank if none."
        ),
    )
    record_corrected_at = serializers.DateTimeField(
        source="records.corrected_at", read_only=True, allow_null=True
    )
    captured_from_older_text = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Excerpt
        fields = [
            "id",
            "briefing",
            "revision",
            "source_id",
            "source_version",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "annotation",
            "annotation_html",
            "kind",
            "topics",
            "actors",
            "events",
            "source",
            "first_published_at",
            "published_at",
            "correction_note",
            "record_correction_note",
            "record_corrected_at",
            "captured_from_older_text",
            "public_url",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Excerpt | Publication) -> dict:
        # Every field is read off the item as readers see it (desk.readers_view), never off its
        # revisions: the API says what the item's page says.
        return super().to_representation(Publication.of(instance))

    def get_topics(self, item: Publication) -> list[str]:
        return [topic.name for topic in item.topics]

    @extend_schema_field(NamedSerializer(many=True))
    def get_actors(self, item: Publication) -> list[dict]:
        return [{"id": a.id, "name": a.name} for a in item.actors]

    @extend_schema_field(DatedSerializer(many=True))
    def get_events(self, item: Publication) -> list[dict]:
        return [{"id": e.id, "title": e.title, "date": e.date} for e in item.events]

    def get_captured_from_older_text(self, item: Publication) -> bool:
        """The source has a newer text than the one quoted."""
        return item.source_changed_since

    def get_public_url(self, item: Publication) -> str:
        return absolute(item.url)


def _item_counts():
    published = (
        Excerpt.objects.for_briefing(OuterRef("pk"))
        .values("published_revision__briefing")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(published, output_field=IntegerField()), Value(0))


class BriefingViewSet(ConditionalReads, viewsets.ReadOnlyModelViewSet):
    """Public briefings for everyone; the desk's staff also see the private ones."""

    serializer_class = BriefingSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        briefings = Briefing.objects.all()
        if not is_staff_member(self.request.user):
            briefings = briefings.public()
        return briefings.annotate(item_count=_item_counts()).order_by("title", "pk")


class BriefingFilters(ApiFilterBackend):
    """The reader page's FilterSet for its briefing: only the choices that briefing uses."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        return {**kwargs, "briefing": view.briefing}


class BriefingItemList(ConditionalReads, generics.ListAPIView):
    """The published items of one public briefing, newest first, filtered as its page filters."""

    serializer_class = PublishedItemSerializer
    permission_classes = [AllowAny]
    pagination_class = PublishedCursorPagination
    filter_backends = [BriefingFilters]
    filterset_class = PublishedItemFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Excerpt.objects.none()
        self.briefing = get_object_or_404(Briefing.objects.public(), slug=self.kwargs["slug"])
        return Excerpt.objects.for_public_page().for_briefing(self.briefing)


class PublishedItemViewSet(ConditionalReads, viewsets.ReadOnlyModelViewSet):
    """Every published item of every public briefing, newest first."""

    serializer_class = PublishedItemSerializer
    permission_classes = [AllowAny]
    pagination_class = PublishedCursorPagination
    filterset_class = PublishedItemFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return Excerpt.objects.for_public_page()


class TopicViewSet(ConditionalReads, viewsets.ReadOnlyModelViewSet):
    """The topics the desk tags excerpts with."""

    serializer_class = TopicSerializer
    permission_classes = [IsDeskStaff]
    lookup_value_regex = r"[0-9]+"
    queryset = Topic.objects.order_by("name", "pk")
