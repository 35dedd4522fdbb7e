"""The excerpt: a quote from a source with the desk's commentary, on its way to readers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desk.publishing import subjects
from desk.publishing.states import Status
from desk.publishing.subjects import Reviewed
from sources.models import without_search_keys


class StatementKind(models.TextChoices):
    REPORTED_FACT = "reported_fact", _("Reported fact")
    CLAIM = "claim", _("Claim")
    ASSESSMENT = "assessment", _("Assessment")
    FORECAST = "forecast", _("Forecast")


class AnchorStatus(models.TextChoices):
    """Whether the quote still stands in the source's newest text."""

    OK = "ok", _("Anchored")
    CHANGED = "changed", _("Quoted words changed in a newer version")
    MISSING = "missing", _("Quote not found in a newer version")


# What readers seeing an excerpt needs beyond the kernel's rule: its briefing is public.
IN_A_PUBLIC_BRIEFING = Q(published_revision__briefing__is_public=True)


def readers_see(now) -> Q:
    """The one rule of what readers see: the kernel's (a published revision, due, not withdrawn)
    in a public briefing. `Excerpt.is_live` says the same of one excerpt in memory (tests hold
    them equal)."""
    return subjects.readers_see(now) & IN_A_PUBLIC_BRIEFING


def readers_will_see(now) -> Q:
    """Scheduled for readers: the same rule, with `visible_from` still ahead."""
    return subjects.readers_will_see(now) & IN_A_PUBLIC_BRIEFING


class ExcerptQuerySet(models.QuerySet):
    def published(self) -> ExcerptQuerySet:
        """Excerpts readers may see now: a published revision that is due and not withdrawn."""
        return self.filter(readers_see(timezone.now()))

    def for_briefing(self, briefing) -> ExcerptQuerySet:
        """The items readers see now on this briefing's page."""
        return self.published().filter(published_revision__briefing=briefing)

    def upcoming(self) -> ExcerptQuerySet:
        """Items scheduled for readers: they appear at `visible_from`, which is still ahead."""
        return self.filter(readers_will_see(timezone.now()))

    def corrections(self, briefing=None) -> models.QuerySet:
        """Correction notes readers see on these items, newest first (made in `briefing`, if given).

        Revisions, not excerpts: an item corrected twice shows both notes with their dates.
        """
        from desk.models.revision import ExcerptRevision

        revisions = ExcerptRevision.objects.filter(
            excerpt__in=self.published(), published_at__lte=timezone.now()
        ).exclude(correction_note="")
        if briefing is not None:
            revisions = revisions.filter(briefing=briefing)
        return revisions.order_by("-published_at")

    def withdrawn_from(self, briefing) -> ExcerptQuerySet:
        """Items once published in this briefing and since withdrawn, which keep a public note."""
        return self.filter(status=Status.WITHDRAWN, published_revision__briefing=briefing)

    def for_public_page(self) -> ExcerptQuerySet:
        """Published excerpts with everything a public item shows, in a fixed number of queries."""
        return (
            self.published()
            .select_related(
                "published_revision__briefing",
                "published_revision__source_version",
                "source",
                "readers_copy",
            )
            # Readers never get the source's text, and the page should not load it either.
            .defer(
                "published_revision__source_version__text",
                "published_revision__source_version__blocks",
                *without_search_keys("source"),
            )
            .prefetch_related(
                "published_revision__topics",
                "published_revision__actors",
                "published_revision__events",
            )
        )

    def visible_to(self, user) -> ExcerptQuerySet:
        """What this user may see: all excerpts for desk staff, published ones for others."""
        from desk.roles import is_staff_member

        if is_staff_member(user):
            return self.all()
        return self.published()

    def with_current(self) -> ExcerptQuerySet:
        """Excerpts with their working revision and its people, for desk lists."""
        return self.select_related(
            "source",
            "created_by",
            "current_revision__created_by",
            "current_revision__briefing",
        ).defer(*without_search_keys("source"))

    def overlapping(self, version, start: int, end: int) -> ExcerptQuerySet:
        """Excerpts whose working quote shares characters with this span of this version."""
        return self.filter(
            current_revision__source_version=version,
            current_revision__start__lt=end,
            current_revision__end__gt=start,
        )

    def flagged_for(self, user) -> ExcerptQuerySet:
        """Excerpts whose quote changed or went in a newer version of their source and that this
        person should act on: a reviewer sees every one, an editor the ones they made or edited."""
        from desk.models.revision import ExcerptRevision
        from desk.roles import is_reviewer

        flagged = self.exclude(anchor_status=AnchorStatus.OK).exclude(
            status__in=[Status.REJECTED, Status.WITHDRAWN]
        )
        if is_reviewer(user):
            return flagged
        edited = ExcerptRevision.objects.filter(created_by=user).values("excerpt_id")
        return flagged.filter(Q(created_by=user) | Q(pk__in=edited))


class Excerpt(Reviewed):
    """An excerpt's identity and workflow state (the kernel's `Reviewed`); its content lives in
    its revisions."""

    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="excerpts")
    current_revision = models.OneToOneField(
        "desk.ExcerptRevision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_revision = models.OneToOneField(
        "desk.ExcerptRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What readers see of the published revision's links (desk.readers_copy), taken at approval.
    readers_copy = models.ForeignKey(
        "desk.ReadersCopy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when a new version of the source no longer holds the quote as captured: the passage
    # found in its place (if any) waits for an editor to accept it or keep the old anchor.
    anchor_status = models.CharField(
        max_length=10, choices=AnchorStatus.choices, default=AnchorStatus.OK
    )
    proposed_version = models.ForeignKey(
        "sources.SourceVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_start = models.PositiveIntegerField(null=True, blank=True)
    proposed_end = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="excerpts_created"
    )

    objects = ExcerptQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="excerpt_status_known"
            ),
            models.CheckConstraint(
                condition=Q(published_revision__isnull=True) | Q(visible_from__isnull=False),
                name="excerpt_published_has_visible_from",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="excerpt_status_updated"),
            # The desk's and the API's newest-first lists.
            models.Index(F("updated_at").desc(), F("id").desc(), name="excerpt_updated_newest"),
            # Readers' lists and the next scheduled publication look only at published rows.
            models.Index(
                F("visible_from").desc(),
                F("id").desc(),
                condition=Q(published_revision__isnull=False),
                name="excerpt_published_newest",
            ),
            # The desk home's scheduled items, in the order they go up: without it each list
            # sorted every scheduled excerpt (hundreds at 100,000) to show ten.
            models.Index(fields=["status", "visible_from"], name="excerpt_status_visible"),
            # "Flagged by re-anchoring" lists and counts the few excerpts whose quote moved or
            # went, on every desk home: without it both read every excerpt in the library.
            models.Index(
                F("updated_at").desc(),
                F("id").desc(),
                condition=~Q(anchor_status=AnchorStatus.OK),
                name="excerpt_flagged_newest",
            ),
        ]

    def __str__(self) -> str:
        quote = self.current_revision.quote if self.current_revision else ""
        return f"Excerpt {self.pk}: {quote[:60]}"

    @property
    def proposed_text(self) -> str:
        if self.proposed_version is None or self.proposed_start is None:
            return ""
        return self.proposed_version.text[self.proposed_start : self.proposed_end]

    @property
    def last_editor_id(self) -> int | None:
        return self.current_revision.created_by_id if self.current_revision else None

    # `is_published` (due and not withdrawn, whether or not its briefing is public: the workflow
    # asks it) and `in_correction` (the one answer for the page, the lists, the reader's card and
    # the workflow's demand for a correction note) are the kernel's (Reviewed).

    @property
    def is_live(self) -> bool:
        """Readers can see it now: `ExcerptQuerySet.published()` for one excerpt in memory."""
        return self.is_published and self.published_revision.briefing.is_public

    def get_absolute_url(self) -> str:
        return reverse("desk:excerpt", args=[self.pk])

    def get_public_url(self) -> str:
        revision = self.published_revision
        return reverse("briefings:item", args=[revision.briefing.slug, self.pk])
