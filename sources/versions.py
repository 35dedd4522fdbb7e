"""New versions of a source's text, and the kinds editors give its blocks.

Every version is kept, with who imported it and when. An editor's choice of kind for a block
(a caption, a byline) is carried over to the next version for a line whose text is unchanged.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from sources.importing import ImportRefused, blocks_for, duplicate_error, tidy_text
from sources.models import Source, SourceVersion
from sources.signals import version_added
from sources.structure import BlockKind, marked_kinds


@transaction.atomic
def add_version(
    source: Source,
    *,
    text: str,
    user=None,
    imported_from: str = "",
    kinds: list[str | None] | None = None,
) -> SourceVersion:
    """Store a new text of a source as its current version and tell other apps
    (sources.signals.version_added). Refuse a text identical to the current one, or one that is
    already another source's."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    text = tidy_text(text)
    previous = source.current_version
    if previous is not None and previous.text_hash == SourceVersion.hash_text(text):
        raise ImportRefused(
            f"This text is the same as version {previous.number} of “{source.display_title}”, "
            "the current one: there is nothing new to add."
        )
    other = (
        SourceVersion.objects.filter(text_hash=SourceVersion.hash_text(text))
        .exclude(source=source)
        .select_related("source")
        .first()
    )
    if other:
        raise duplicate_error(other.source, "text")
    last = source.versions.aggregate(last=Max("number"))["last"] or 0
    carried = marked_kinds(previous.block_list, previous.text) if previous else {}
    version = SourceVersion.objects.create(
        source=source,
        number=last + 1,
        text=text,
        blocks=blocks_for(text, kinds, carried),
        created_by=user,
        imported_from=imported_from[:2000],
    )
    source.current_version = version
    source.save(update_fields=["current_version"])
    if previous is not None:
        version_added.send(
            sender=Source, source=source, version=version, previous=previous, user=user
        )
    return version


@transaction.atomic
def mark_block(version: SourceVersion, number: int, kind: str) -> SourceVersion:
    """Give block `number` (counted from 1) of a version the kind an editor chose for it."""
    if kind not in BlockKind.values:
        raise ImportRefused(f"“{kind}” is not a kind of block.")
    version = SourceVersion.objects.select_for_update().get(pk=version.pk)
    if not 1 <= number <= len(version.blocks):
        raise ImportRefused(f"Version {version.number} has no paragraph {number}.")
    blocks = [dict(block) for block in version.blocks]
    blocks[number - 1].update(kind=kind, marked=True)
    version.blocks = blocks
    version.save(update_fields=["blocks"])
    return version
