"""Preview before save: a text read for import is kept server-side until the editor saves it.

What is saved is the preview's stored text, exactly what was shown: the browser sends back only
the preview's token (and, for a new source, the metadata the editor checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import transaction

from sources.diffing import Diff, paragraph_diff
from sources.importing import (
    ImportRefused,
    PreparedText,
    SourceMetadata,
    find_duplicate_by,
    import_source,
)
from sources.models import ImportPreview, Source, SourceVersion
from sources.originals import carry_over
from sources.structure import BlockKind, split_blocks
from sources.versions import VersionImpact, add_version, version_impact


def make_preview(prepared: PreparedText, *, user, source: Source | None = None) -> ImportPreview:
    """Keep a prepared text for the editor to look at, forgetting previews left for a day."""
    ImportPreview.objects.stale().delete()
    return ImportPreview.objects.create(
        created_by=user,
        source=source,
        text=prepared.text,
        kinds=prepared.kinds,
        metadata=prepared.metadata.as_dict(),
        imported_from=prepared.imported_from[:2000],
        reading_note=prepared.reading_note,
    )


@dataclass
class PreviewState:
    """What saving a preview would do, or why it cannot be saved."""

    preview: ImportPreview
    # The source the text would become a new version of (chosen, or with the same URL).
    target: Source | None
    # Why the text cannot be saved at all, and the source that already holds it.
    refusal: str = ""
    existing: Source | None = None
    diff: Diff | None = None

    @property
    def metadata(self) -> SourceMetadata:
        return SourceMetadata.from_dict(self.preview.metadata)

    @cached_property
    def blocks(self) -> list[dict]:
        """Each block's kind and text, as the reader will show them."""
        text = self.preview.text
        return [
            {"kind": block.kind, "text": text[block.start : block.end]}
            for block in split_blocks(text, known=self.preview.kinds or None)
        ]

    @property
    def stats(self) -> dict[str, int]:
        kinds = [block["kind"] for block in self.blocks]
        return {
            "blocks": len(kinds),
            "headings": kinds.count(BlockKind.HEADING),
            "paragraphs": kinds.count(BlockKind.PARAGRAPH),
            "asides": len(kinds)
            - kinds.count(BlockKind.HEADING)
            - kinds.count(BlockKind.PARAGRAPH),
            "characters": len(self.preview.text),
        }

    @cached_property
    def impact(self) -> VersionImpact | None:
        """What saving would do to the excerpts anchored in the target, before anything is saved."""
        if self.target is None or self.refusal:
            return None
        return version_impact(self.target, self.preview.text)

    @property
    def next_number(self) -> int | None:
        if self.target is None:
            return None
        return (
            self.target.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1


def preview_state(preview: ImportPreview) -> PreviewState:
    target = preview.source
    if target is None and preview.metadata.get("url"):
        target = Source.objects.filter(url=preview.metadata["url"]).first()
    found = find_duplicate_by(preview.text)
    state = PreviewState(preview, target)
    if found:
        holder = found[0]
        state.existing = holder
        if target is not None and holder.pk == target.pk:
            current = target.current_version
            if current is not None and current.text_hash == preview.text_hash:
                state.refusal = (
                    f"This text is the same as the current version of “{holder.display_title}”: "
                    "there is nothing new to add."
                )
            # An older version's text may come back as the newest one.
        else:
            state.refusal = f"This text is already in the library as “{holder.display_title}”."
    if target is not None and target.current_version is not None and not state.refusal:
        state.diff = paragraph_diff(target.current_version.text, preview.text)
    return state


def save_preview(
    state: PreviewState, *, user, metadata: SourceMetadata | None = None
) -> SourceVersion:
    """Store the previewed text: a new version of the target, or a new source with `metadata`."""
    if state.refusal:
        raise ImportRefused(state.refusal)
    if state.target is not None:
        # The re-anchoring shown in the preview is worked out here, outside any transaction;
        # add_version holds the database only to write.
        version = add_version(
            state.target,
            text=state.preview.text,
            user=user,
            imported_from=state.preview.imported_from,
            kinds=state.preview.kinds or None,
            impact=state.impact,
        )
        with transaction.atomic():
            return _done(state.preview, version)
    return _save_new_source(state, user=user, metadata=metadata)


@transaction.atomic
def _save_new_source(state: PreviewState, *, user, metadata: SourceMetadata | None):
    preview = state.preview
    source = import_source(
        text=preview.text,
        metadata=metadata or state.metadata,
        user=user,
        imported_from=preview.imported_from,
        kinds=preview.kinds or None,
    )
    return _done(preview, source.current_version)


def _done(preview: ImportPreview, version: SourceVersion) -> SourceVersion:
    carry_over(preview, version)
    preview.delete()
    return version
