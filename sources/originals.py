"""Keeping every uploaded or fetched file as it arrived, with its checksum.

Files go through Django's storage API (the file system by default, any storage backend in
production), named by their SHA-256 so the same bytes are stored once. Who may download one is
`downloadable_by`; readers never see that an original exists.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from sources.models import ImportPreview, Original, ReadingJob, SourceVersion


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def keep_original(data: bytes, *, name: str, content_type: str = "", user=None) -> Original:
    """Store the bytes (once per checksum) and a record of where they came from."""
    digest = checksum(data)
    original = Original(
        # A NUL cannot be stored in PostgreSQL's text (a file name from a client may hold one).
        name=name.replace("\x00", "")[:2000],
        checksum=digest,
        size=len(data),
        content_type=content_type[:200],
        added_by=user,
    )
    existing = Original.objects.filter(checksum=digest).exclude(file="").first()
    if existing is not None and existing.file.storage.exists(existing.file.name):
        # The same bytes are already stored: share the file, keep this arrival's own record.
        original.file.name = existing.file.name
        original.save()
    else:
        original.file.save(digest, ContentFile(data), save=True)
    return original


def downloadable_by(user) -> QuerySet[Original]:
    """The originals this user may download: the file of a saved version, for whoever may see the
    library's sources; an original no version holds (a preview, a discarded preview, a reading
    that failed), only for the person who uploaded it.

    Every arrival has a record of its own (the same bytes uploaded twice are two records), so
    an upload never becomes someone else's by its bytes. Ids are sequential, so the download
    answers the same 404 for one that does not exist and one that is not the user's: counting
    through them finds nothing the user could not open from a source's page.
    """
    if not user.is_authenticated or not user.is_active or not user.has_perm("sources.view_source"):
        return Original.objects.none()
    saved = Exists(SourceVersion.objects.filter(original=OuterRef("pk")))
    return Original.objects.filter(saved | Q(added_by=user))


def read_original(original: Original) -> bytes:
    with original.file.open("rb") as handle:
        return handle.read()


def forget_original(original: Original | None) -> None:
    """Delete an original nothing keeps (a refused file): its record, and its bytes if unshared."""
    if original is None or original.pk is None:
        return
    if SourceVersion.objects.filter(original=original).exists():
        return
    if ImportPreview.objects.filter(original=original).exists():
        return
    if ReadingJob.objects.filter(original=original, status__in=["waiting", "reading"]).exists():
        return
    name = original.file.name
    original.delete()
    if name and not Original.objects.filter(file=name).exists():
        original.file.storage.delete(name)


def carry_over(preview: ImportPreview, version: SourceVersion) -> SourceVersion:
    """What a saved version keeps of the document its preview was read from: the original
    file, where each page begins, and how sure OCR was of each paragraph."""
    changed = []
    if preview.original_id and version.original_id != preview.original_id:
        version.original_id = preview.original_id
        changed.append("original")
    if preview.pages and version.text == preview.text:
        version.pages = preview.pages
        changed.append("pages")
    if preview.confidence and len(preview.confidence) == len(version.blocks):
        version.blocks = [
            {**block, "confidence": score} if score is not None else block
            for block, score in zip(version.blocks, preview.confidence, strict=True)
        ]
        changed.append("blocks")
    if changed:
        version.save(update_fields=changed)
    return version


def keep_document_details(prepared, version: SourceVersion, data: bytes) -> SourceVersion:
    """For a text imported without a preview (the import command): keep its original file and
    its pages and OCR confidence on the version, as saving a preview does."""
    preview = ImportPreview(
        text=prepared.text, pages=prepared.pages, confidence=prepared.confidence
    )
    preview.original = keep_original(data, name=prepared.imported_from or "imported file")
    return carry_over(preview, version)
