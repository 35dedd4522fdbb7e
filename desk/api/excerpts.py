"""Excerpts on the desk: read by its staff, made and edited by its editors.

An excerpt is shown as its working (current) revision with its workflow state; what readers see
is its published revision, at /api/items/. Making and editing go through desk.editing, so the API
saves exactly what the desk's forms save.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from desk.api.conditional import (
    ConditionalReads,
    excerpt_etag,
    if_match,
    matches,
    not_modified,
)
from desk.api.discussion import CommentActions
from desk.api.excerpt_input import (
    AnchorProblem,
    ExcerptChangeSerializer,
    ExcerptInputSerializer,
    InputProblemSerializer,
)
from desk.api.excerpt_output import ExcerptRows, ExcerptSerializer, list_rows
from desk.api.filters import ExcerptApiFilter
from desk.api.pagination import ExcerptCursorPagination
from desk.api.permissions import IsDeskStaff, IsEditor
from desk.api.problems import ProblemSerializer, anchor_problem, problem
from desk.api.revisions import RevisionActions
from desk.api.transitions import STATUS_FOR, TransitionActions
from desk.editing import create_excerpt, edit_excerpt
from desk.models import Excerpt
from desk.publishing.four_eyes import with_part_of
from desk.publishing.revisions import EditRefused, StaleEdit
from desk.publishing.states import Action
from desk.publishing.workflow import refusal

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The excerpt's ETag, from the response that showed it to you.",
)

EDITING = extend_schema(
    parameters=[IF_MATCH],
    request=ExcerptChangeSerializer,
    responses={
        200: ExcerptSerializer,
        400: OpenApiResponse(InputProblemSerializer, "Invalid input, or a quote not placed."),
        409: OpenApiResponse(ProblemSerializer, "The excerpt cannot be edited in its state."),
        412: OpenApiResponse(ProblemSerializer, "The excerpt changed since you read it."),
        428: OpenApiResponse(ProblemSerializer, "If-Match is missing."),
    },
)


class ExcerptViewSet(
    ConditionalReads,
    TransitionActions,
    CommentActions,
    RevisionActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Excerpts, filtered and ordered as the review queue does; never deleted."""

    serializer_class = ExcerptSerializer
    filterset_class = ExcerptApiFilter
    pagination_class = ExcerptCursorPagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("create", "update", "partial_update"):
            return [IsEditor()]
        return [IsDeskStaff()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # The schema is drawn without a user; four eyes below needs one.
            return Excerpt.objects.none()
        return with_part_of(
            Excerpt.objects.visible_to(self.request.user)
            .with_current()
            .select_related("current_revision__source_version", "published_revision__briefing")
            # Desk lists never need the source's text, and it can be megabytes.
            # Topics, actors and events: a list loads them for its page in three queries of
            # values (desk.api.excerpt_output.attach_links), one excerpt asks for its own.
            .defer(
                "current_revision__source_version__text",
                "current_revision__source_version__blocks",
            ),
            # Four eyes for the asking user, read with each row (allowed_actions).
            self.request.user,
        )

    def list(self, request: Request, *args, **kwargs) -> Response:
        """A page of excerpts from rows of values: who sees what (visible_to) and four eyes
        (with_part_of) stay in the page's one query; only the model instances are left out."""
        rows = self.paginate_queryset(list_rows(self.filter_queryset(self.get_queryset())))
        serializer = self.get_serializer()
        return self.get_paginated_response(ExcerptRows(serializer).represent(rows))

    def light_object(self) -> Excerpt:
        """The excerpt without its links: enough for its ETag and for desk.publishing.workflow."""
        queryset = Excerpt.objects.visible_to(self.request.user).select_related("current_revision")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def represent(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        """The excerpt as it is now, with its ETag."""
        excerpt = self.get_queryset().get(pk=pk)
        headers = {"ETag": excerpt_etag(excerpt, self.request.user)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = reverse("api:excerpt-detail", args=[pk])
        data = ExcerptSerializer(excerpt, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers=headers)

    def precondition_failed(self, excerpt: Excerpt, message: str) -> Response:
        return problem(
            message,
            status.HTTP_412_PRECONDITION_FAILED,
            etag=excerpt_etag(excerpt, self.request.user),
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        # The tag comes from the excerpt's own row, so a client that has it costs one query.
        etag = excerpt_etag(self.light_object(), request.user)
        unchanged = not_modified(request._request, etag)
        if unchanged is not None:
            return unchanged
        data = self.get_serializer(self.get_object()).data
        return Response(data, headers={"ETag": etag})

    @extend_schema(
        request=ExcerptInputSerializer,
        responses={
            201: ExcerptSerializer,
            400: OpenApiResponse(InputProblemSerializer, "Invalid input, or a quote not placed."),
        },
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        given = ExcerptInputSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        try:
            # One transaction, so a refused excerpt leaves no new topics behind.
            # Found before the transaction: on SQLite it holds the one write lock.
            given.place_quote()
            with transaction.atomic():
                excerpt = create_excerpt(content=given.content(), user=request.user)
        except AnchorProblem as trouble:
            return anchor_problem(trouble)
        except EditRefused as error:
            return problem(str(error), status.HTTP_400_BAD_REQUEST)
        return self.represent(excerpt.pk, status_code=status.HTTP_201_CREATED)

    @EDITING
    def update(self, request: Request, *args, **kwargs) -> Response:
        """Save an edit as a new revision, from the revision named by If-Match."""
        excerpt = self.light_object()
        tags = if_match(request)
        if tags is None:
            return problem(
                "Send If-Match with the excerpt's ETag, so that an edit never overwrites a "
                "revision you have not seen.",
                status.HTTP_428_PRECONDITION_REQUIRED,
            )
        if not matches(tags, excerpt_etag(excerpt, request.user)):
            return self.precondition_failed(
                excerpt, "The excerpt changed since you read it: read it again, then edit."
            )
        given = ExcerptChangeSerializer(
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        given.is_valid(raise_exception=True)
        refused = refusal(excerpt, Action.EDIT, request.user)
        if refused:
            return problem(refused.message, STATUS_FOR[refused.why])
        full = Excerpt.objects.select_related(
            "source", "current_revision__source_version", "current_revision__briefing"
        ).get(pk=excerpt.pk)
        try:
            given.place_quote(full)
            with transaction.atomic():
                edit_excerpt(
                    excerpt=full,
                    base_revision_id=excerpt.current_revision_id,
                    content=given.content(full),
                    user=request.user,
                )
        except AnchorProblem as trouble:
            return anchor_problem(trouble)
        except StaleEdit as error:
            return self.precondition_failed(self.light_object(), str(error))
        except EditRefused as error:
            return problem(str(error), STATUS_FOR[error.why])
        return self.represent(excerpt.pk)

    @EDITING
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        """Change some fields; the others keep the current revision's values."""
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)
