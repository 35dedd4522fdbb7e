"""Every revision of an excerpt, for the desk's staff: who wrote it, who approved it, when readers
got it and with what correction note, and where its quote stands in which version of the source.

With the public items (/api/items/) and the source versions (/api/sources/{id}/versions/{n}/),
this lets anyone holding a desk token check from outside that each published quote is the
captured text at its offsets and that no approver reviewed their own words.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from desk.models import ExcerptRevision


class RevisionSerializer(serializers.ModelSerializer):
    source = serializers.IntegerField(source="source_version.source_id", read_only=True)
    source_version = serializers.IntegerField(
        source="source_version.number",
        read_only=True,
        help_text="The number of the source's version the quote is cut from.",
    )
    written_by = serializers.CharField(source="created_by.username", read_only=True)
    written_at = serializers.DateTimeField(source="created_at", read_only=True)
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ExcerptRevision
        fields = [
            "number",
            "source",
            "source_version",
            "start",
            "end",
            "quote",
            "written_by",
            "written_at",
            "approved_by",
            "approved_at",
            "published_at",
            "correction_note",
        ]
        read_only_fields = fields


class RevisionActions:
    """Mixin for the excerpt viewset: GET /api/excerpts/{id}/revisions/, oldest first."""

    @extend_schema(summary="Every revision of an excerpt", responses=RevisionSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        serializer_class=RevisionSerializer,
        pagination_class=None,
        filterset_class=None,
    )
    def revisions(self, request: Request, pk: str) -> Response:
        revisions = (
            self.light_object()
            .revisions.select_related("created_by", "approved_by", "source_version")
            .defer("source_version__text", "source_version__blocks")
            .order_by("number")
        )
        return Response(RevisionSerializer(revisions, many=True).data)
