"""Workflow transitions as actions: POST /api/excerpts/{id}/approve/ and the rest.

Each one calls desk.publishing.workflow.perform, which holds every rule. This module only says how a
refusal reads in HTTP: 403 for who the user is (a role, four eyes), 409 for the excerpt's state (it
moved, or is in a state the action does not start from), 400 for what the request left out, and 428
for a decision that does not say, in If-Match, which state of the excerpt it was taken on: without
it a reviewer's approval would approve whatever the excerpt had become meanwhile (a rename of an
actor it links, another editor's revision), as the desk's pages never allow.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action as drf_action
from rest_framework.request import Request
from rest_framework.response import Response

from desk.api.conditional import excerpt_etag, if_match, seen_state
from desk.api.excerpt_input import InputProblemSerializer
from desk.api.excerpt_output import ExcerptSerializer, action_slug
from desk.api.problems import ProblemSerializer, problem
from desk.publishing.states import Action
from desk.publishing.workflow import Seen, TransitionRefused, Why, perform, refusal


class TransitionSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Required to request changes or reject; for a withdrawal, the public note.",
    )
    publish_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="For schedule: when readers first see it."
    )
    correction_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="For approving or publishing a change to a published item: shown to readers.",
    )


# How a refusal reads in HTTP: who the user is (403), the excerpt's state (409), or what the
# request left out (400). The kind travels with the refusal from desk.publishing.workflow.
STATUS_FOR = {
    Why.ROLE: status.HTTP_403_FORBIDDEN,
    Why.FOUR_EYES: status.HTTP_403_FORBIDDEN,
    Why.FOUR_EYES_RECORDS: status.HTTP_403_FORBIDDEN,
    Why.STATE: status.HTTP_409_CONFLICT,
    Why.CONFLICT: status.HTTP_409_CONFLICT,
    Why.INPUT: status.HTTP_400_BAD_REQUEST,
}


SEEN = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "Required: the excerpt's ETag as you saw it (428 without it, or with *). If someone "
        "acted on the excerpt since, the answer is 409, naming who; 409 too when approving (or "
        "scheduling or publishing one whose readers' copy is not taken yet) after its source, "
        "actors, events or topics changed."
    ),
)


def _transition_action(action: Action):
    """The viewset action for one transition, documented for the schema."""

    def take(self, request: Request, pk: str) -> Response:
        return self.transition(request, action)

    take.__name__ = take.__qualname__ = action.value
    take.__doc__ = f"{action.label}: see the workflow table in the README for who and when."
    slug = action_slug(action)
    take = drf_action(detail=True, methods=["post"], url_path=slug, url_name=slug)(take)
    return extend_schema(
        summary=action.label,
        parameters=[SEEN],
        request=TransitionSerializer,
        responses={
            200: ExcerptSerializer,
            400: OpenApiResponse(InputProblemSerializer, "Something the action needs is missing."),
            403: OpenApiResponse(ProblemSerializer, "Not your role, or four eyes."),
            404: OpenApiResponse(ProblemSerializer, "No such excerpt."),
            409: OpenApiResponse(ProblemSerializer, "The excerpt's state does not allow it."),
            412: OpenApiResponse(ProblemSerializer, "If-Match is not an excerpt's ETag."),
            428: OpenApiResponse(
                ProblemSerializer, "If-Match is missing (or *): say which state you decided on."
            ),
        },
    )(take)


class TransitionActions:
    """Mixin for the excerpt viewset: one POST action per workflow transition."""

    submit = _transition_action(Action.SUBMIT)
    request_changes = _transition_action(Action.REQUEST_CHANGES)
    reject = _transition_action(Action.REJECT)
    approve = _transition_action(Action.APPROVE)
    schedule = _transition_action(Action.SCHEDULE)
    publish = _transition_action(Action.PUBLISH)
    withdraw = _transition_action(Action.WITHDRAW)
    reopen = _transition_action(Action.REOPEN)
    reschedule = _transition_action(Action.RESCHEDULE)
    unschedule = _transition_action(Action.UNSCHEDULE)

    def transition(self, request: Request, action: Action) -> Response:
        excerpt = self.light_object()
        given = TransitionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        tags = if_match(request)
        seen = seen_state(tags)
        if tags in (None, ["*"]):
            # Who may act, and from which state, is answered first (RFC 9110 §13.2.1: a request
            # refused without its precondition is refused so with it); only then is a decision
            # that names no state of the excerpt refused. "*" names none either.
            refused = refusal(excerpt, action, request.user)
            if refused:
                return self._refused(refused.message, STATUS_FOR[refused.why])
            return problem(
                "Send If-Match with the excerpt's ETag as you saw it, so that the decision is "
                "taken on that state and no other.",
                status.HTTP_428_PRECONDITION_REQUIRED,
                etag=excerpt_etag(excerpt, request.user),
            )
        if seen is None:
            return problem(
                "If-Match must be an ETag of this excerpt.",
                status.HTTP_412_PRECONDITION_FAILED,
                etag=excerpt_etag(excerpt, request.user),
            )
        data = given.validated_data
        try:
            perform(
                excerpt,
                action,
                request.user,
                # As the desk's pages send seen_revision and seen_status: acting on a stale view
                # is a conflict for desk.publishing.workflow to report, naming who acted first.
                seen=Seen(seen.status, seen.revision, seen.links),
                comment=data.get("comment", ""),
                publish_at=data.get("publish_at"),
                correction_note=data.get("correction_note", ""),
            )
        except TransitionRefused as error:
            return self._refused(error.message, STATUS_FOR[error.why])
        return self.represent(excerpt.pk)

    def _refused(self, message: str, status_code: int) -> Response:
        return problem(
            message, status_code, etag=excerpt_etag(self.light_object(), self.request.user)
        )
