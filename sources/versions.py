"""New versions of a source's text, and the kinds editors give its blocks.

Every version is kept, with who imported it and when. An editor's choice of kind for a block
(a caption, a byline) is carried over to the next version for a line whose text is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext, ngettext

from sources.hooks import expect, load_hook
from sources.importing import ImportRefused, blocks_for, duplicate_error, tidy_text
from sources.models import Source, SourceVersion
from sources.quote_index import prepare_when_stored
from sources.signals import version_added
from sources.structure import BlockKind, marked_kinds


@dataclass(frozen=True, kw_only=True)
class VersionImpact:
    """What a new text would do to what other apps anchored in a source, worked out before it
    is saved: shown in the preview (`template`, with this object as `impact`) and handed back
    to the version_added receivers as `prepared`, so that they need not redo the work while
    the new version's transaction holds the database."""

    moved: int = 0
    changed: int = 0
    gone: int = 0
    template: str | None = None
    items: Sequence = ()
    prepared: object = None
    notes: list[str] = field(default_factory=list)

    @property
    def affected(self) -> int:
        return self.moved + self.changed + self.gone

    def summary(self, *, saved: bool = False) -> str:
        """One sentence for the editor: "Of 3 excerpts: 2 move unchanged, 1 changed, 0 gone."."""
        if not self.affected:
            return gettext("No excerpt quotes this source yet.")
        if saved:
            said = ngettext(
                "Of %(count)d excerpt: %(moved)d moved unchanged, %(changed)d changed, "
                "%(gone)d gone.",
                "Of %(count)d excerpts: %(moved)d moved unchanged, %(changed)d changed, "
                "%(gone)d gone.",
                self.affected,
            )
        elif self.moved == 1:
            said = ngettext(
                "Of %(count)d excerpt: %(moved)d moves unchanged, %(changed)d changed, "
                "%(gone)d gone.",
                "Of %(count)d excerpts: %(moved)d moves unchanged, %(changed)d changed, "
                "%(gone)d gone.",
                self.affected,
            )
        else:
            said = ngettext(
                "Of %(count)d excerpt: %(moved)d move unchanged, %(changed)d changed, "
                "%(gone)d gone.",
                "Of %(count)d excerpts: %(moved)d move unchanged, %(changed)d changed, "
                "%(gone)d gone.",
                self.affected,
            )
        text = said % {
            "count": self.affected,
            "moved": self.moved,
            "changed": self.changed,
            "gone": self.gone,
        }
        if saved and (self.changed or self.gone):
            text += " " + gettext("The changed and gone ones wait on the desk for an editor.")
        return text


def version_impact(source: Source, text: str) -> VersionImpact | None:
    """What SOURCE_VERSION_IMPACT (a function (source, text) -> VersionImpact) says a new text
    would do; None when no app asks to be told. Reads only: no transaction is held."""
    hook = load_hook("SOURCE_VERSION_IMPACT")
    if hook is None or source.current_version_id is None:
        return None
    return expect("SOURCE_VERSION_IMPACT", VersionImpact, hook(source, text))


def add_version(
    source: Source,
    *,
    text: str,
    user=None,
    imported_from: str = "",
    kinds: list[str | None] | None = None,
    impact: VersionImpact | None = None,
) -> SourceVersion:
    """Store a new text of a source as its current version and tell other apps
    (sources.signals.version_added). Refuse a text identical to the current one, or one that is
    already another source's.

    The text is tidied and its impact worked out before the transaction begins: on SQLite a
    transaction holds the one write lock, and nobody's sign-in or save should wait for this.
    """
    text = tidy_text(text)
    if impact is None:
        impact = version_impact(source, text)
    with transaction.atomic():
        return _store(source, text, user, imported_from, kinds, impact)


def _store(source, text, user, imported_from, kinds, impact) -> SourceVersion:
    source = Source.objects.select_for_update().get(pk=source.pk)
    previous = source.current_version
    if previous is not None and previous.text_hash == SourceVersion.hash_text(text):
        raise ImportRefused(
            gettext(
                "This text is the same as version %(number)s of “%(title)s”, the current one: "
                "there is nothing new to add."
            )
            % {"number": previous.number, "title": source.display_title}
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
    prepare_when_stored(version)
    if previous is not None:
        version_added.send(
            sender=Source,
            source=source,
            version=version,
            previous=previous,
            user=user,
            prepared=impact.prepared if impact else None,
        )
    return version


@transaction.atomic
def mark_block(version: SourceVersion, number: int, kind: str) -> SourceVersion:
    """Give block `number` (counted from 1) of a version the kind an editor chose for it."""
    if kind not in BlockKind.values:
        raise ImportRefused(gettext("“%(kind)s” is not a kind of block.") % {"kind": kind})
    version = SourceVersion.objects.select_for_update().get(pk=version.pk)
    if not 1 <= number <= len(version.blocks):
        raise ImportRefused(
            gettext("Version %(version)s has no paragraph %(number)s.")
            % {"version": version.number, "number": number}
        )
    blocks = [dict(block) for block in version.blocks]
    blocks[number - 1].update(kind=kind, marked=True)
    version.blocks = blocks
    version.save(update_fields=["blocks"])
    return version
