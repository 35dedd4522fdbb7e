"""The source library, read-only: sources and every version of their text."""

from __future__ import annotations

from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from desk.api.conditional import ConditionalReads
from desk.api.permissions import CanReadLibrary
from desk.project.site_url import absolute
from sources.filters import SourceFilter
from sources.models import Source, SourceVersion

# A list never carries texts: they can be megabytes each.
_TEXT_FIELDS = ("text", "blocks")


class AuthorSerializer(serializers.Serializer):
    """One author of a source, in the source's order."""

    kind = serializers.ChoiceField(["person", "organisation"], read_only=True)
    name = serializers.CharField(read_only=True, help_text="The name in reading order.")
    family = serializers.CharField(
        read_only=True, help_text="A person's family name; blank for a single name."
    )
    given = serializers.CharField(read_only=True, help_text="Given names; blank when unknown.")


class SourceSerializer(serializers.ModelSerializer):
    display_title = serializers.CharField(
        read_only=True, help_text="The title, or a working title marked “[Untitled]”."
    )
    # Not format "uri": blank means unknown.
    url = serializers.CharField(read_only=True, help_text="The original URL; blank when unknown.")
    current_version = serializers.IntegerField(
        source="current_version.number", read_only=True, allow_null=True, default=None
    )
    reader_url = serializers.SerializerMethodField()
    author = serializers.CharField(
        read_only=True, help_text="The authors' names in reading order, separated by “; ”."
    )
    authors = AuthorSerializer(source="author_list", many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "display_title",
            "author",
            "authors",
            "outlet",
            "url",
            "language",
            "published",
            "note",
            "current_version",
            "added_at",
            "reader_url",
        ]
        read_only_fields = fields

    def get_reader_url(self, source: Source) -> str:
        return absolute(source.get_absolute_url())


class SourceVersionSerializer(serializers.ModelSerializer):
    length = serializers.IntegerField(read_only=True, help_text="Characters in the text.")

    class Meta:
        model = SourceVersion
        fields = ["number", "created_at", "imported_from", "text_hash", "length"]
        read_only_fields = fields


class SourceVersionTextSerializer(SourceVersionSerializer):
    blocks = serializers.JSONField(
        read_only=True, help_text="Paragraphs and headings: start, end and kind of each."
    )

    class Meta(SourceVersionSerializer.Meta):
        fields = [*SourceVersionSerializer.Meta.fields, "text", "blocks"]
        read_only_fields = fields


class SourceViewSet(ConditionalReads, viewsets.ReadOnlyModelViewSet):
    """Sources in the library, filtered as the library page filters them."""

    serializer_class = SourceSerializer
    permission_classes = [CanReadLibrary]
    filterset_class = SourceFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return Source.objects.select_related("current_version").defer(
            *(f"current_version__{name}" for name in _TEXT_FIELDS)
        )

    def _versions(self, source_pk):
        source = get_object_or_404(self.get_queryset(), pk=source_pk)
        # The database counts the characters, so a list of versions never loads their texts.
        return (
            SourceVersion.objects.filter(source=source)
            .annotate(length=Length("text"))
            .order_by("number")
        )

    @extend_schema(
        summary="Versions of a source's text", responses=SourceVersionSerializer(many=True)
    )
    @action(detail=True, pagination_class=None, filterset_class=None)
    def versions(self, request: Request, pk: str) -> Response:
        versions = self._versions(pk).defer(*_TEXT_FIELDS)
        return Response(SourceVersionSerializer(versions, many=True).data)

    @extend_schema(
        summary="One version of a source, with its text",
        parameters=[OpenApiParameter("number", int, OpenApiParameter.PATH)],
        responses=SourceVersionTextSerializer,
    )
    @action(
        detail=True,
        url_path=r"versions/(?P<number>[0-9]+)",
        url_name="version",
        pagination_class=None,
        filterset_class=None,
    )
    def version(self, request: Request, pk: str, number: str) -> Response:
        version = get_object_or_404(self._versions(pk), number=number)
        return Response(SourceVersionTextSerializer(version).data)
