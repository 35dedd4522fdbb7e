"""Importing W3C Web Annotations (from the desk's export or another tool) as draft excerpts.

Each annotation must target a source the desk has, by its URL or its page on this desk. The quote
is placed in the source's newest text as the desk's pages place a pasted quote, and the excerpt
made by desk.editing.create_excerpt as the requesting editor: a draft, for review like any other.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from desk.api.excerpt_input import TOPIC_MAX_CHARS, topic_names, topics_named
from desk.api.parsers import JsonParser
from desk.api.permissions import IsEditor
from desk.api.problems import MEDIA_TYPE, ProblemSerializer, body, problem
from desk.api.webannotation import Incoming, Unusable, annotations_in, place, read
from desk.editing import EditRefused, ExcerptContent, create_excerpt
from desk.models import Briefing
from events.models import Actor, Event
from sources.anchoring import Selector
from sources.models import Source, SourceVersion

# Each annotation is placed (bounded work) and saved in its own short transaction.
MAX_ANNOTATIONS = 200


class JsonLdParser(JsonParser):
    media_type = "application/ld+json"


class ImportResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The annotation's place in what was sent, from 0.")
    annotation = serializers.CharField(allow_null=True, help_text="The annotation's id, if any.")
    excerpt = serializers.IntegerField(allow_null=True, help_text="The draft made, if one was.")
    refused = serializers.CharField(allow_null=True, help_text="Why none was made.")


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = ImportResultSerializer(many=True)


class ImportProblemSerializer(ProblemSerializer):
    """Problem details for an import of which nothing could be used, with each reason."""

    created = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = ImportResultSerializer(many=True)


def _own_hosts(request) -> set[str]:
    return {request.get_host(), urlsplit(settings.SITE_URL).netloc}


def source_for(iri: str, request) -> Source | None:
    """The source an annotation targets: by its original URL, or its page on this desk."""
    source = Source.objects.filter(url=iri).select_related("current_version").first()
    if source is not None or len(iri) > 2000:
        return source
    parts = urlsplit(iri)
    if parts.netloc not in _own_hosts(request):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "sources:reader":
        return None
    return Source.objects.filter(pk=match.kwargs["pk"]).select_related("current_version").first()


def outcome(made: int, sent: int) -> int:
    """201 when every annotation became a draft, 207 when some did, 422 when none did.

    An empty list is a 200: nothing was asked, nothing refused.

    207 Multi-Status (RFC 4918) says "look at each result"; 422 says the request was understood
    and nothing in it could be used. A 200 would let a client that checks only the status believe
    its annotations arrived.
    """
    if not sent:
        return status.HTTP_200_OK
    if made == sent:
        return status.HTTP_201_CREATED
    return status.HTTP_207_MULTI_STATUS if made else status.HTTP_422_UNPROCESSABLE_ENTITY


class AnnotationImport(APIView):
    """Make draft excerpts from W3C Web Annotations; report each one made or refused."""

    permission_classes = [IsEditor]
    parser_classes = [JsonParser, JsonLdParser]

    @extend_schema(
        summary="Import W3C Web Annotations as draft excerpts",
        parameters=[
            OpenApiParameter(
                "briefing",
                str,
                required=True,
                description="The slug of the briefing the drafts are for.",
            )
        ],
        request={
            "application/json": OpenApiTypes.OBJECT,
            "application/ld+json": OpenApiTypes.OBJECT,
        },
        responses={
            200: OpenApiResponse(ImportReportSerializer, "There were no annotations."),
            201: OpenApiResponse(ImportReportSerializer, "Every annotation became a draft."),
            207: OpenApiResponse(ImportReportSerializer, "Some did; each result says why not."),
            422: OpenApiResponse(ImportProblemSerializer, "None did; each result says why."),
            400: OpenApiResponse(ProblemSerializer, "Not annotations, or no such briefing."),
        },
    )
    def post(self, request: Request) -> Response:
        slug = request.query_params.get("briefing", "")
        # PostgreSQL refuses a NUL in a query (a 500); no slug holds one, so it names nothing.
        briefing = None if "\x00" in slug else Briefing.objects.filter(slug=slug).first()
        if briefing is None:
            return problem(
                "Name the briefing the drafts are for: ?briefing=<its slug>.",
                status.HTTP_400_BAD_REQUEST,
            )
        try:
            annotations = annotations_in(request.data)
        except Unusable as error:
            return problem(str(error), status.HTTP_400_BAD_REQUEST)
        if len(annotations) > MAX_ANNOTATIONS:
            return problem(
                f"{len(annotations):,} annotations at once is too many; "
                f"send at most {MAX_ANNOTATIONS:,} per request.",
                status.HTTP_400_BAD_REQUEST,
            )
        results = [self._one(index, item, briefing) for index, item in enumerate(annotations)]
        made = sum(1 for result in results if result["excerpt"] is not None)
        report = {"created": made, "refused": len(results) - made, "results": results}
        code = outcome(made, len(results))
        if code == status.HTTP_422_UNPROCESSABLE_ENTITY:
            detail = "None of the annotations could be made a draft; each result says why."
            return Response({**body(code, detail), **report}, status=code, content_type=MEDIA_TYPE)
        return Response(report, status=code)

    def _one(self, index: int, item, briefing: Briefing) -> dict:
        result = {"index": index, "annotation": None, "excerpt": None, "refused": None}
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            result["annotation"] = item["id"]
        try:
            incoming = read(item)
            # Found before the transaction: finding is CPU work, and on SQLite a transaction
            # holds the one write lock.
            placed = self._place(incoming)
            # One transaction each, so a refused item leaves no new topics behind.
            with transaction.atomic():
                excerpt = create_excerpt(
                    content=self._content(incoming, briefing, *placed), user=self.request.user
                )
        except (Unusable, EditRefused) as error:
            result["refused"] = str(error)
        else:
            result["excerpt"] = excerpt.pk
        return result

    def _place(self, incoming: Incoming) -> tuple[SourceVersion, Selector]:
        source = source_for(incoming.source_iri, self.request)
        if source is None or source.current_version is None:
            raise Unusable(f"The desk has no source {incoming.source_iri!r}.")
        version = source.current_version
        return version, place(version.text, incoming)

    def _content(
        self, incoming: Incoming, briefing: Briefing, version: SourceVersion, selector: Selector
    ) -> ExcerptContent:
        names = topic_names(incoming.topics)
        if any(len(name) > TOPIC_MAX_CHARS for name in names):
            raise Unusable(f"A tag can be at most {TOPIC_MAX_CHARS} characters.")
        return ExcerptContent(
            source_version=version,
            start=selector.start,
            end=selector.end,
            annotation=incoming.annotation,
            briefing=briefing,
            kind=incoming.kind,
            topics=topics_named(names),
            actors=_known(incoming.actors, "events:actor", _actor),
            events=_known(incoming.events, "events:detail", _event),
        )


def _actor(key=None, name=None):
    if key is not None:
        return Actor.objects.filter(slug=key).first()
    return Actor.objects.matching(name).first()


def _event(key=None, name=None):
    if key is not None:
        return Event.objects.filter(pk=key).first()
    return Event.objects.filter(title=name).order_by("pk").first()


def _known(named: list[tuple[str, str]], view: str, find) -> list:
    """The actors or events the desk already has, by its own IRI for them or by name.

    The register of actors and events is kept by hand: an import links what is there and makes
    nothing new (an unknown name is left for the editor to add).
    """
    found = []
    for iri, name in named[:50]:
        thing = None
        path = urlsplit(iri).path if iri else ""
        if path:
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match is not None and match.view_name == view:
                thing = find(key=next(iter(match.kwargs.values())))
        if thing is None and name.strip():
            thing = find(name=name[:200])
        if thing is not None and thing not in found:
            found.append(thing)
    return found
