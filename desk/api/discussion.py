"""The talk around an excerpt: comments between editors and reviewers, and the audit trail."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from desk.api.conditional import ConditionalReads
from desk.api.filters import AuditFilter
from desk.api.pagination import AuditCursorPagination
from desk.api.permissions import IsDeskStaff
from desk.discussion import comments_about, subject_of
from desk.excerpts import add_comment
from desk.models import AuditEntry, Comment


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    revision = serializers.IntegerField(source="revision_id", read_only=True, allow_null=True)
    body = serializers.CharField(max_length=5000)

    class Meta:
        model = Comment
        fields = ["id", "author", "revision", "body", "created_at"]
        read_only_fields = ["id", "author", "revision", "created_at"]


class AuditEntrySerializer(serializers.ModelSerializer):
    excerpt = serializers.IntegerField(source="excerpt_id", read_only=True)
    revision = serializers.IntegerField(source="revision_id", read_only=True, allow_null=True)
    actor = serializers.CharField(
        source="actor.username",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Null when the desk itself acted (a scheduled item falling due).",
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "excerpt",
            "revision",
            "kind",
            "action",
            "from_status",
            "to_status",
            "actor",
            "note",
            "at",
        ]
        read_only_fields = fields


class CommentActions:
    """Mixin for the excerpt viewset: its comments, read and added by the desk's staff."""

    @extend_schema(
        summary="Comments on an excerpt", responses=CommentSerializer(many=True), methods=["GET"]
    )
    @extend_schema(
        summary="Comment on an excerpt",
        request=CommentSerializer,
        responses={201: CommentSerializer},
        methods=["POST"],
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=CommentSerializer,
        pagination_class=None,
        filterset_class=None,
    )
    def comments(self, request: Request, pk: str) -> Response:
        excerpt = self.light_object()
        if request.method != "POST":
            comments = comments_about(subject_of(excerpt))
            return Response(CommentSerializer(comments, many=True).data)
        given = CommentSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        comment = add_comment(excerpt, request.user, given.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class AuditViewSet(ConditionalReads, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Everything done to every excerpt, newest first; it is never changed."""

    serializer_class = AuditEntrySerializer
    permission_classes = [IsDeskStaff]
    pagination_class = AuditCursorPagination
    filterset_class = AuditFilter

    def get_queryset(self):
        # Excerpts' entries, as this endpoint has always promised (the log also holds shared
        # records' changes, which have no excerpt).
        return AuditEntry.objects.filter(subject_kind="excerpt").select_related("actor")
