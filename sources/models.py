"""The source library: articles and every version of their text."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from functools import cached_property
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.authors import names_as_written, parse_authors, split_documented
from sources.dates import PartialDate, Precision
from sources.structure import BODY_KINDS, Block, split_blocks

# A source's search keys hold its whole text (megabytes for a long report): they are for the
# database's WHERE clauses, never for Python, so no query loads them unless it names them.
SEARCH_KEYS = ("search_text", "search_names")


def without_search_keys(path: str = "") -> tuple[str, ...]:
    """The search key fields of a source reached by `path` ("source", "source_version__source"),
    for defer(): lists that select_related a source use it."""
    return tuple(f"{path}__{name}" if path else name for name in SEARCH_KEYS)


class SourceQuerySet(models.QuerySet):
    def with_current_text(self) -> SourceQuerySet:
        """Sources with their current version fetched in the same query."""
        return self.select_related("current_version")

    def search(
        self, words: str, *, names_only: bool = False, ranked: bool = True
    ) -> SourceQuerySet:
        """Sources whose title, author, outlet or current text holds every one of the words,
        in any spelling or script (sources.search); `names_only` leaves the text out, and
        `ranked=False` the rank, for use inside another query."""
        from sources.search import build, matching

        field = "search_names" if names_only else "search_text"
        return matching(self, build(words), field=field, ranked=ranked)


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    def get_queryset(self) -> SourceQuerySet:
        return super().get_queryset().defer(*SEARCH_KEYS)


class Source(models.Model):
    """An article the desk quotes from. Blank metadata means unknown, never guessed."""

    title = models.CharField(max_length=500, blank=True)
    # For a source with no title: its first words, marked as not its own wherever shown.
    working_title = models.CharField(max_length=200, blank=True, editable=False)
    # The authors in order (sources.authors: each a person, a single name or an organisation);
    # an empty list when unknown. `author` is their names in reading order, kept for search,
    # filters and the lists, and worked out on every save.
    authors = models.JSONField(default=list, blank=True)
    author = models.CharField(max_length=2000, blank=True, editable=False)
    outlet = models.CharField(max_length=300, blank=True, help_text=_("Leave blank when unknown."))
    url = models.URLField(_("original URL"), max_length=2000, blank=True)
    language = models.CharField(max_length=20, blank=True, help_text=_("e.g. en, ru, be"))
    note = models.TextField(blank=True, help_text=_("What the desk knows about this source."))
    # The publication date as ISO 8601 with only the parts that are known (2025, 2025-11,
    # 2025-11-17); `published_on` is its first possible day, kept for sorting and filtering.
    published = models.CharField(max_length=10, blank=True)
    published_on = models.DateField(null=True, blank=True, editable=False)
    published_precision = models.CharField(
        max_length=5, choices=Precision.choices, blank=True, editable=False
    )
    current_version = models.OneToOneField(
        "SourceVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    # Search keys (sources.search) of the title, working title, author and outlet; and of those
    # with the current text. Worked out on every save.
    search_names = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = SourceManager()

    class Meta:
        ordering = ["-published_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published="") | Q(published_on__isnull=False),
                name="source_published_has_sort_date",
            ),
            # Pages link to the original: only a web address may ever be one (never javascript:).
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_is_a_web_address",
                violation_error_message="The original URL must start with http:// or https://.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def clean(self) -> None:
        try:
            parse_authors(self.authors)
        except ValueError as error:
            raise ValidationError({"authors": str(error)}) from None

    def save(self, *args, **kwargs) -> None:
        self._refresh_authors(kwargs)
        if self.published:
            date = PartialDate.parse(self.published)
            self.published = date.iso()
            self.published_on = date.earliest
            self.published_precision = date.precision
        else:
            self.published_on = None
            self.published_precision = ""
        self._refresh_search_keys(kwargs)
        super().save(*args, **kwargs)

    def _refresh_authors(self, kwargs: dict) -> None:
        # A source given its authors only as one string (a manifest, the command line, a test)
        # has them split as the form documented: on semicolons. Once it has the list, the list
        # decides and the string follows it.
        authors = parse_authors(self.authors) or split_documented(self.author)
        self.authors = [author.as_json() for author in authors]
        self.author = names_as_written(authors)
        if kwargs.get("update_fields") is not None and {"author", "authors"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "author", "authors"}

    @property
    def author_list(self) -> tuple:
        """The authors as sources.authors.Author, in their order."""
        return parse_authors(self.authors)

    def _refresh_search_keys(self, kwargs: dict) -> None:
        from sources.search import keys_text

        names = (self.title, self.working_title, self.author, self.outlet)
        self.search_names = keys_text(*names)
        text = self.current_version.text if self.current_version_id else ""
        self.search_text = keys_text(*names, text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_names", "search_text"}

    @property
    def has_title(self) -> bool:
        return bool(self.title.strip())

    @property
    def display_title(self) -> str:
        """The title, or a working title clearly marked as not the source's own."""
        if self.has_title:
            return self.title
        return f"[Untitled] {self.working_title or f'source {self.pk}'}"

    @staticmethod
    def working_title_for(text: str) -> str:
        """A label made from the first words of a text, for a source with no title."""
        words = text.split()
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")

    @property
    def published_date(self) -> PartialDate | None:
        return PartialDate.parse(self.published) if self.published else None

    @property
    def text(self) -> str:
        return self.current_version.text if self.current_version else ""

    def get_absolute_url(self) -> str:
        return reverse("sources:reader", args=[self.pk])


class SourceVersion(models.Model):
    """One imported text of a source. Versions are kept for ever; excerpts anchor to one."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    text_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # One {"start", "end", "kind"} per block (see sources.structure); editors can re-mark kinds.
    blocks = models.JSONField(default=list)
    imported_from = models.CharField(
        max_length=2000, blank=True, help_text=_("File name or URL the text came from.")
    )
    # For a paged document: [offset, page] where each page's text begins (see sources.pages);
    # null for a text without pages. Nullable without a default so that adding it does not
    # rebuild the table on SQLite (which the desk's revision triggers refer to).
    pages = models.JSONField(null=True, blank=True)
    # The file this text was read from, kept as it arrived (staff may download it).
    original = models.ForeignKey(
        "Original", null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="source_version_number"),
            models.CheckConstraint(condition=~Q(text=""), name="source_version_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.source} (version {self.number})"

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs) -> None:
        self.text_hash = self.hash_text(self.text)
        if not self.blocks:
            self.blocks = [block.as_json() for block in split_blocks(self.text)]
        super().save(*args, **kwargs)

    @cached_property
    def block_list(self) -> list[Block]:
        return [
            Block(
                index,
                item["start"],
                item["end"],
                item["kind"],
                item.get("marked", False),
                item.get("confidence"),
            )
            for index, item in enumerate(self.blocks)
        ]

    @cached_property
    def read_from_scan(self) -> bool:
        """Whether this text was recognised by OCR (its paragraphs carry a confidence)."""
        return any(item.get("confidence") is not None for item in self.blocks)

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def block_at(self, offset: int) -> Block | None:
        """The block that holds a character offset."""
        for block in self.block_list:
            if block.start <= offset <= block.end:
                return block
        return None

    @property
    def body_length(self) -> int:
        """Characters of body text: what excerpt coverage is measured against."""
        return sum(b.end - b.start for b in self.block_list if b.kind in BODY_KINDS)


class ImportPreviewQuerySet(models.QuerySet):
    def stale(self) -> ImportPreviewQuerySet:
        """Previews nobody saved within a day: abandoned, and safe to forget."""
        return self.filter(created_at__lt=timezone.now() - timedelta(days=1))


class ImportPreview(models.Model):
    """A text read for import and shown to an editor before it is saved.

    What is saved is this row's text, exactly what the preview showed: the browser only sends
    the token back, never the text.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The source this text would become a new version of, when the editor chose one.
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE)
    text = models.TextField()
    text_hash = models.CharField(max_length=64, editable=False)
    # The kind the document declared for each line (None where only its shape tells).
    kinds = models.JSONField(default=list, blank=True)
    # What the document says about itself: SourceMetadata fields, blank where unknown.
    metadata = models.JSONField(default=dict, blank=True)
    imported_from = models.CharField(max_length=2000, blank=True)
    pages = models.JSONField(default=list, blank=True)
    # For a text read by OCR: the recognition confidence (0-100) of each line.
    confidence = models.JSONField(default=list, blank=True)
    original = models.ForeignKey(
        "Original", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How the text was read when that is not what the editor would assume: a PDF whose text
    # layer was found damaged and read as a scan says so here, with the reason.
    reading_note = models.TextField(blank=True)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="import_preview_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Preview of {self.imported_from or 'pasted text'}"

    def save(self, *args, **kwargs) -> None:
        self.text_hash = SourceVersion.hash_text(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("sources:preview", args=[self.token])


def original_path(original: Original, filename: str) -> str:
    # Named by checksum, never by the uploader's file name: nothing of it reaches the disk path.
    return f"originals/{original.checksum[:2]}/{original.checksum}"


class Original(models.Model):
    """A file exactly as it was uploaded or fetched, kept through Django's storage API.

    Staff can download it to check a text against its source; readers never see it.
    """

    file = models.FileField(upload_to=original_path, max_length=300)
    name = models.CharField(max_length=2000, help_text=_("The file name or URL it came from."))
    checksum = models.CharField(max_length=64, db_index=True, help_text=_("SHA-256 of the bytes."))
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return PurePosixPath(self.name).name or self.name

    def get_absolute_url(self) -> str:
        return reverse("sources:original", args=[self.pk])


class ReadingJob(models.Model):
    """Reading a file or a web address in the background, and what came of it.

    The worker reports pages done of pages total as it goes; the page that shows the job polls
    it. A job whose worker stopped half way (its heartbeat is old) is given to another worker.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        READING = "reading", _("Reading")
        DONE = "done", _("Read")
        FAILED = "failed", _("Could not be read")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The source the text will become a new version of, when the editor chose one.
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE)
    original = models.ForeignKey(Original, null=True, blank=True, on_delete=models.SET_NULL)
    url = models.CharField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    # Why it failed, in the editor's words; and whether trying again could help.
    message = models.TextField(blank=True)
    can_retry = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    preview = models.ForeignKey(
        ImportPreview, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The editor asked for the pages to be read as a scan, whatever the text layer holds.
    as_scan = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"Reading {self.name}"

    @property
    def name(self) -> str:
        if self.original is not None:
            return self.original.display_name
        return self.url or "a file"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if not self.pages_total:
            return 100 if self.status == self.Status.DONE else 0
        return round(100 * self.pages_done / self.pages_total)

    def get_absolute_url(self) -> str:
        return reverse("sources:job", args=[self.token])


class Watch(models.Model):
    """A source fetched again from its URL at an interval: a changed text becomes a new version,
    and the editors who watch it are told (sources.monitoring)."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="watch")
    every_hours = models.PositiveIntegerField(default=24)
    next_check_at = models.DateTimeField(db_index=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    # What the last check found, in the editors' words ("Unchanged", "New version 3", a refusal).
    last_outcome = models.CharField(max_length=500, blank=True)
    watchers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(every_hours__gte=1), name="watch_every_hour_or_more")
        ]

    def __str__(self) -> str:
        return f"Watching {self.source}"
