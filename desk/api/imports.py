"""Importing W3C Web Annotations (from the desk's export or another tool) as draft excerpts.

Each annotation must target a source the desk has, by its URL or its page on this desk. The quote
is placed in the source's newest text as the desk's pages place a pasted quote, and the excerpt
made by desk.editing.create_excerpt as the requesting editor: a draft, for review like any other.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
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
from desk.api.webannotation import Incoming, Unusable, annotations_in, place, read_targets
from desk.editing import ExcerptContent, create_excerpt
from desk.models import Briefing, Excerpt, ImportedAnnotation
from desk.publishing.revisions import EditRefused
from events.models import Actor, Event
from sources.anchoring import Selector
from sources.models import Source, SourceVersion

# Each annotation is placed (bounded work) and saved in its own short transaction.
MAX_ANNOTATIONS = 200
# And each of their targets is a draft: the work is bounded by targets, not annotations.
MAX_TARGETS = 200


class JsonLdParser(JsonParser):
    media_type = "application/ld+json"


class ImportResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The annotation's place in what was sent, from 0.")
    target = serializers.IntegerField(
        help_text="The target's place in the annotation, from 0: each target is a draft."
    )
    annotation = serializers.CharField(allow_null=True, help_text="The annotation's id, if any.")
    excerpt = serializers.IntegerField(
        allow_null=True, help_text="The draft made, or made before from the same annotation."
    )
    imported_before = serializers.BooleanField(
        help_text="The draft was made by an earlier import of the same annotation id and target."
    )
    refused = serializers.CharField(allow_null=True, help_text="Why none was made.")
    waiting = serializers.CharField(
        allow_null=True,
        help_text="What the draft still needs before it can be submitted (a highlight: its "
        "annotation).",
    )


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


# Query parameters that only say how a reader arrived (Hypothesis drops them when it relates
# addresses): utm_source, utm_medium…, and the click ids of the large platforms.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "yclid", "dclid", "msclkid")


def address_variants(iri: str) -> list[str]:
    """The addresses Hypothesis treats as this one's document: http or https, with or without
    a trailing slash, without tracking parameters or the fragment."""
    try:
        parts = urlsplit(iri)
    except ValueError:
        return [iri]
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [iri]
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith(_TRACKING)
    ]
    path = parts.path.rstrip("/")
    variants = [iri]
    for scheme in ("https", "http"):
        for slash in ("", "/"):
            variant = urlunsplit((scheme, parts.netloc.lower(), path + slash, urlencode(query), ""))
            if variant not in variants:
                variants.append(variant)
    return variants


def source_for(iri: str, request, also: list[str] = ()) -> Source | None:
    """The source an annotation targets: by its URL (or an address Hypothesis relates to it),
    its page on this desk, or the public page of an item quoting it."""
    for address in [iri, *also]:
        if len(address) > 2000:
            continue
        source = _by_address(address, request)
        if source is not None:
            return source
    return None


def _by_address(iri: str, request) -> Source | None:
    found = Source.objects.filter(url__in=address_variants(iri)).select_related("current_version")
    source = found.order_by("pk").first()
    if source is not None:
        return source
    parts = urlsplit(iri)
    if parts.netloc not in _own_hosts(request):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name == "sources:reader":
        pk = match.kwargs["pk"]
    elif match.view_name == "briefings:item":
        # Readers' exports target an item's public page when its source has no address of
        # its own (the desk's source pages are for its staff).
        item = Excerpt.objects.filter(pk=match.kwargs["pk"]).only("source_id").first()
        if item is None:
            return None
        pk = item.source_id
    else:
        return None
    return Source.objects.filter(pk=pk).select_related("current_version").first()


def outcome(made: int, sent: int, created: int) -> int:
    """201 when every target became a draft, 207 when some did and 422 when none did; 200 when
    every one had been imported before (nothing new was made, nothing refused).

    An empty list is a 200: nothing was asked, nothing refused.

    207 Multi-Status (RFC 4918) says "look at each result"; 422 says the request was understood
    and nothing in it could be used. A 200 would let a client that checks only the status believe
    its annotations arrived.
    """
    if not sent or (made == sent and not created):
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
            200: OpenApiResponse(
                ImportReportSerializer,
                "There were no annotations, or every one was imported before.",
            ),
            201: OpenApiResponse(ImportReportSerializer, "Every target became a draft."),
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
        targets = [
            target
            for index, item in enumerate(annotations)
            for target in self._targets(index, item)
        ]
        if len(targets) > MAX_TARGETS:
            # Counted once read, before anything is placed or saved.
            return problem(
                f"{len(targets):,} targets at once is too many; "
                f"send at most {MAX_TARGETS:,} per request.",
                status.HTTP_400_BAD_REQUEST,
            )
        results = [self._one(*target, briefing) for target in targets]
        made = sum(1 for result in results if result["excerpt"] is not None)
        created = sum(1 for r in results if r["excerpt"] is not None and not r["imported_before"])
        report = {"created": created, "refused": len(results) - made, "results": results}
        code = outcome(made, len(results), created)
        if code == status.HTTP_422_UNPROCESSABLE_ENTITY:
            detail = "None of the annotations could be made a draft; each result says why."
            return Response({**body(code, detail), **report}, status=code, content_type=MEDIA_TYPE)
        return Response(report, status=code)

    @staticmethod
    def _targets(index: int, item) -> list[tuple]:
        """(index, target's place, annotation id, what the target says or why it is refused) for
        each target of the annotation, or one refusal for an annotation the desk cannot read."""
        key = item["id"] if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        try:
            targets = read_targets(item)
        except Unusable as error:
            targets = [error]
        return [(index, number, key, target) for number, target in enumerate(targets)]

    def _one(self, index: int, number: int, key: str | None, target, briefing: Briefing) -> dict:
        result = {
            "index": index,
            "target": number,
            "annotation": key,
            "excerpt": None,
            "imported_before": False,
            "refused": None,
            "waiting": None,
        }
        if isinstance(target, Unusable):
            result["refused"] = str(target)
            return result
        if key is not None and len(key) > 2000:
            result["refused"] = "The annotation's id is over 2,000 characters."
            return result
        before = self._imported_before(key, number)
        if before is not None:
            result.update(excerpt=before, imported_before=True)
            return result
        try:
            # Found before the transaction: finding is CPU work, and on SQLite a transaction
            # holds the one write lock.
            placed = self._place(target)
            # One transaction each, so a refused item leaves no new topics behind.
            with transaction.atomic():
                excerpt = create_excerpt(
                    content=self._content(target, briefing, *placed),
                    user=self.request.user,
                    # A highlight (a quote and nothing said of it) waits for its annotation.
                    waiting_for_annotation=True,
                )
                if key is not None:
                    ImportedAnnotation.objects.create(
                        annotation=key,
                        target=number,
                        excerpt=excerpt,
                        imported_by=self.request.user,
                    )
        except (Unusable, EditRefused) as error:
            result["refused"] = str(error)
        except IntegrityError:
            # The same annotation arrived in another request at the same moment: that one made
            # the draft, this one made nothing (its transaction rolled back).
            result.update(excerpt=self._imported_before(key, number), imported_before=True)
        else:
            result["excerpt"] = excerpt.pk
            if not target.annotation.strip():
                result["waiting"] = (
                    "A highlight: the draft waits for an annotation before it can be submitted."
                )
        return result

    @staticmethod
    def _imported_before(key: str | None, number: int) -> int | None:
        if key is None:
            return None
        found = ImportedAnnotation.objects.filter(annotation=key, target=number)
        return found.values_list("excerpt_id", flat=True).first()

    def _place(self, incoming: Incoming) -> tuple[SourceVersion, Selector]:
        source = source_for(incoming.source_iri, self.request, incoming.source_iris[1:])
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
