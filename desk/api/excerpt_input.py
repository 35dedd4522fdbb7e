"""What a client sends to make or change an excerpt, turned into desk.editing's ExcerptContent.

The quote is always cut from the source's text: a client gives offsets, or pastes the quote and
the desk finds it with the same code as the paste-a-quote page (sources.anchoring.locate).
"""

from __future__ import annotations

from rest_framework import serializers

from desk.api.problems import ProblemSerializer
from desk.editing import ANNOTATION_MAX_CHARS, ExcerptContent
from desk.models import Briefing, Excerpt, StatementKind, Topic
from events.models import Actor, Event
from sources.anchoring import QUOTE_MAX_CHARS, locate
from sources.models import Source, SourceVersion
from sources.quote_index import ready_version

TOPIC_MAX_CHARS = 100
_ANCHOR_FIELDS = ("version", "start", "end", "quote", "occurrence")


class AnchorProblem(Exception):
    """A quote the desk cannot place: not in the text, or in it more than once."""

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.details = {"quote": [message], **details}


def topic_names(names: list[str]) -> list[str]:
    """Topic names tidied as the excerpt form tidies them: spaces collapsed, each name once."""
    tidy: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in {n.casefold() for n in tidy}:
            tidy.append(name)
    return tidy


def topics_named(names: list[str]) -> list[Topic]:
    """The topics of these names, made when the desk has none of that name yet."""
    return Topic.objects.named(topic_names(names))


def _occurrence(selector, index: int) -> dict:
    before, exact, after = selector.context(40)
    return {
        "index": index,
        "start": selector.start,
        "end": selector.end,
        "before": before,
        "exact": exact,
        "after": after,
    }


def anchor_quote(version: SourceVersion, quote: str, occurrence: int | None) -> tuple[int, int]:
    """The offsets of a pasted quote in this text (sources.anchoring.locate, as the paste form);
    raises AnchorProblem when it is not one place. A close passage is offered, never taken."""
    ready_version(version)
    search = locate(version.text, quote)
    found = search.found
    if not found:
        details = {}
        if search.close:
            best = search.close[0]
            details["closest"] = {
                "start": best.start,
                "end": best.end,
                "passage": best.exact,
                "closeness": best.in_words,
            }
        raise AnchorProblem(
            "This quote is not in the source's text, even allowing for differences of spaces, "
            "line breaks, quote marks, dashes, hyphenation and accents."
            + ("" if search.close else " Nothing close to it was found either."),
            **details,
        )
    places = [_occurrence(s, i) for i, s in enumerate(found)]
    count = f"more than {len(found)}" if search.more else str(len(found))
    if occurrence is not None:
        if occurrence >= len(found):
            raise AnchorProblem(
                f"The quote stands {count} times; `occurrence` counts from 0, "
                f"so it can be at most {len(found) - 1}.",
                occurrences=places,
            )
        return found[occurrence].start, found[occurrence].end
    if len(found) > 1 or search.more:
        raise AnchorProblem(
            f"The quote stands {count} times in the text: send `occurrence` with the index of "
            "the one you mean" + (", or a longer quote." if search.more else "."),
            occurrences=places,
        )
    return found[0].start, found[0].end


class BriefingBySlug(serializers.SlugRelatedField):
    """A briefing named by its slug; a slug with a NUL names none (PostgreSQL refuses a NUL in a
    query: it was a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class ExcerptInputSerializer(serializers.Serializer):
    """A new excerpt: the source and where the quote is, and what the editor writes about it."""

    anchor_required = True
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The number of the source's version; its newest."
    )
    start = serializers.IntegerField(min_value=0, required=False, help_text="With `end`.")
    end = serializers.IntegerField(min_value=1, required=False)
    quote = serializers.CharField(
        required=False,
        max_length=QUOTE_MAX_CHARS * 2,
        trim_whitespace=False,
        help_text="Pasted text to find, instead of offsets.",
    )
    occurrence = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="Which place, counting from 0, when the quote stands several times.",
    )
    annotation = serializers.CharField(max_length=ANNOTATION_MAX_CHARS, help_text="Markdown.")
    kind = serializers.ChoiceField(choices=StatementKind.choices, default=StatementKind.CLAIM)
    # The API names a briefing by its slug everywhere: paths, filters, exports, imports.
    briefing = BriefingBySlug(
        slug_field="slug", queryset=Briefing.objects.all(), help_text="The briefing's slug."
    )
    topics = serializers.ListField(
        child=serializers.CharField(max_length=TOPIC_MAX_CHARS),
        required=False,
        max_length=50,
        help_text="Names; new ones are made.",
    )
    actors = serializers.PrimaryKeyRelatedField(
        queryset=Actor.objects.all(), many=True, required=False
    )
    events = serializers.PrimaryKeyRelatedField(
        queryset=Event.objects.all(), many=True, required=False
    )

    def validate(self, data: dict) -> dict:
        offsets = "start" in data or "end" in data
        if offsets and "quote" in data:
            raise serializers.ValidationError("Give either offsets or a quote, not both.")
        if offsets and not ("start" in data and "end" in data):
            raise serializers.ValidationError({"end": ["Give both `start` and `end`."]})
        if offsets and data["end"] <= data["start"]:
            raise serializers.ValidationError({"end": ["`end` must come after `start`."]})
        if self.anchor_required and not offsets and "quote" not in data:
            raise serializers.ValidationError(
                "Say where the quote is: `start` and `end`, or `quote`."
            )
        return data

    def _version(self, source: Source) -> SourceVersion:
        number = self.validated_data.get("version")
        if number is None:
            version = source.current_version
        else:
            version = SourceVersion.objects.filter(source=source, number=number).first()
        if version is None:
            raise serializers.ValidationError({"version": ["The source has no such version."]})
        return version

    def _anchor(self, source: Source) -> tuple[SourceVersion, int, int]:
        placed = getattr(self, "_placed", None)
        if placed is not None and placed[0] == source.pk:
            return placed[1]
        data = self.validated_data
        version = self._version(source)
        if "quote" in data:
            start, end = anchor_quote(version, data["quote"], data.get("occurrence"))
        else:
            start, end = data["start"], data["end"]
        self._placed = (source.pk, (version, start, end))
        return version, start, end

    def place_quote(self, excerpt: Excerpt | None = None) -> None:
        """Find a pasted quote now, before the transaction that saves: finding is CPU work, and
        on SQLite a transaction holds the one write lock. Raises AnchorProblem."""
        data = self.validated_data
        if excerpt is None or any(name in data for name in _ANCHOR_FIELDS):
            self._anchor(data.get("source") or excerpt.source)

    def content(self, excerpt: Excerpt | None = None) -> ExcerptContent:
        """The ExcerptContent to save: given fields, and for an edit the revision's for the rest.

        Raises AnchorProblem when a pasted quote is not one place in the text.
        """
        data = self.validated_data
        revision = excerpt.current_revision if excerpt else None
        if revision is None or any(name in data for name in _ANCHOR_FIELDS):
            source = data.get("source") or excerpt.source
            version, start, end = self._anchor(source)
        else:
            version, start, end = revision.source_version, revision.start, revision.end

        def given(name: str, current):
            # A new excerpt has every required field; what it leaves out is an empty list.
            if name in data:
                return data[name]
            return current() if revision is not None else []

        return ExcerptContent(
            source_version=version,
            start=start,
            end=end,
            annotation=given("annotation", lambda: revision.annotation),
            briefing=given("briefing", lambda: revision.briefing),
            kind=given("kind", lambda: revision.kind),
            topics=topics_named(data["topics"])
            if "topics" in data
            else given("topics", lambda: list(revision.topics.all())),
            actors=given("actors", lambda: list(revision.actors.all())),
            events=given("events", lambda: list(revision.events.all())),
        )


class ExcerptChangeSerializer(ExcerptInputSerializer):
    """An edit: fields left out keep the current revision's values (with PATCH)."""

    anchor_required = False
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), required=False, help_text="Must stay the excerpt's source."
    )


class InputProblemSerializer(ProblemSerializer):
    """Problem details for refused input; for a quote not placed, where it might be."""

    occurrences = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Each place the quote stands: index, start, end, before, exact, after.",
    )
    closest = serializers.DictField(
        required=False, help_text="The passage most like a quote not found: start, end, passage."
    )
