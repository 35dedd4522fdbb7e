"""Excerpt revisions: every save of an excerpt, whole and unchangeable."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Left, Length, Right, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from desk.models.excerpt import StatementKind
from desk.publishing.subjects import ReviewedRevision
from sources.anchoring import SEPARATORS, is_whole_words


def _is_separator(expression) -> Q:
    """A database condition: the one character (or empty string) is a separator of words.

    The separators are the engine's own list (sources.anchoring.words.SEPARATORS), so the
    database and Python agree on every character; an empty string counts as one (the text's
    very start or end).
    """
    return Q(GreaterThan(StrIndex(Value(SEPARATORS), expression), 0))


class ExcerptRevision(ReviewedRevision):
    """One version of an excerpt's content: quote and anchor, commentary and links.

    The quote is anchored with both W3C Web Annotation selectors against one version of the
    source text: offsets (TextPositionSelector) and exact text with context (TextQuoteSelector).
    """

    excerpt = models.ForeignKey("desk.Excerpt", on_delete=models.CASCADE, related_name="revisions")
    source_version = models.ForeignKey(
        "sources.SourceVersion", on_delete=models.PROTECT, related_name="excerpt_revisions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    # The source's characters just before and just after the quote ("" at the text's ends), so
    # that the database itself can refuse a quote that starts or ends inside a word (see Meta);
    # a trigger checks them, and the quote, against the source text (migration 0012). Null only
    # on revisions saved before the desk kept them.
    char_before = models.CharField(max_length=1, null=True, blank=True, editable=False)
    char_after = models.CharField(max_length=1, null=True, blank=True, editable=False)
    annotation = models.TextField(help_text=_("Your commentary, in Markdown."))
    annotation_html = models.TextField(editable=False)
    kind = models.CharField(
        _("kind of statement"),
        max_length=20,
        choices=StatementKind.choices,
        default=StatementKind.CLAIM,
    )
    briefing = models.ForeignKey("desk.Briefing", on_delete=models.PROTECT, related_name="+")
    topics = models.ManyToManyField("desk.Topic", blank=True, related_name="revisions")
    actors = models.ManyToManyField("events.Actor", blank=True, related_name="excerpt_revisions")
    events = models.ManyToManyField("events.Event", blank=True, related_name="excerpt_revisions")
    # Quote, annotation and source title folded for search (see desk.search).
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["excerpt", "number"]
        constraints = [
            models.UniqueConstraint(fields=["excerpt", "number"], name="revision_number_once"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="revision_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")), name="revision_quote_fits_offsets"
            ),
            models.CheckConstraint(
                condition=Q(char_before__isnull=True)
                | _is_separator(F("char_before"))
                | _is_separator(Left("quote", 1)),
                name="revision_quote_starts_a_word",
                violation_error_message="The quote starts inside a word of the source.",
            ),
            models.CheckConstraint(
                condition=Q(char_after__isnull=True)
                | _is_separator(F("char_after"))
                | _is_separator(Right("quote", 1)),
                name="revision_quote_ends_a_word",
                violation_error_message="The quote ends inside a word of the source.",
            ),
        ]

    def __str__(self) -> str:
        return f"Excerpt {self.excerpt_id}, revision {self.number}"

    def linked_records(self) -> dict[str, set[int]]:
        from desk.models.record_change import RecordKind

        return {
            RecordKind.SOURCE: {self.source_version.source_id},
            RecordKind.ACTOR: {a.pk for a in self.actors.all()},
            RecordKind.EVENT: {e.pk for e in self.events.all()},
            RecordKind.TOPIC: {t.pk for t in self.topics.all()},
        }

    def clean(self) -> None:
        text = self.source_version.text
        if self.end > len(text) or text[self.start : self.end] != self.quote:
            raise ValidationError(
                "The quote does not match the source text at its offsets; it was not saved."
            )
        # Revisions saved before the desk kept whole words are left as they were captured.
        if self._state.adding and not is_whole_words(text, self.start, self.end):
            raise ValidationError(
                "The quote starts or ends inside a word of the source; quote whole words."
            )
        if self._state.adding:
            self.char_before = text[self.start - 1] if self.start > 0 else ""
            self.char_after = text[self.end] if self.end < len(text) else ""

    def save(self, *args, **kwargs) -> None:
        from desk.annotation import render_annotation
        from desk.search import search_text_for

        if self.refuse_rewrite(kwargs):
            # Only what a decision records: the content, checked against the source when it was
            # saved, is not read again (the source's text can be megabytes).
            super().save(*args, **kwargs)
            return
        self.clean()
        self.annotation_html = render_annotation(self.annotation)
        self.search_text = search_text_for(
            quote=self.quote,
            annotation=self.annotation,
            source_title=self.source_version.source.display_title,
        )
        super().save(*args, **kwargs)
