"""A source version made ready for quotes once, so that even the first paste answers at once.

Finding a pasted quote forgives typography by searching a folded copy of the text (see
sources.anchoring.folding). Folding a 5 MB text takes half a second or more, far over what a
paste may take (p99 under 50 ms), so it is done when a version is stored, by a background task,
and kept in the shared cache under the hash of the text: whichever process answers the first
paste loads it (sources.anchoring.prepared: what the folding changes in the text, rebuilt in a
few milliseconds) instead of folding. A process keeps the last few foldings
in memory; a text not prepared yet is folded on the spot, as before.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

from sources.anchoring import folding, prepared
from sources.anchoring.folding import fold_text, is_folded
from sources.queues import Queue, task

# A month: a version still quoted after that is prepared again by its next paste.
KEPT_FOR = 30 * 24 * 3600

# The folding rules as this code has them: a deploy that changes them (or how a folding is told)
# never loads a folding prepared under the old ones, which would put quotes in the wrong place.
RULES = hashlib.sha256(
    b"".join(Path(module.__file__).read_bytes() for module in (folding, prepared))
).hexdigest()[:16]


def _key(text_hash: str) -> str:
    return f"quote-index:{RULES}:{text_hash}"


def prepare(text: str, text_hash: str) -> None:
    """Fold the text (or take it from this process) and share it with every other process."""
    cache.set(_key(text_hash), prepared.prepare(text), KEPT_FOR)


def ready(text: str, text_hash: str) -> None:
    """Make the text ready to search in this process: kept here, else loaded from the shared
    cache, else folded now (sharing it is left to the background task, so a paste never waits
    for the cache to be written)."""
    if is_folded(text):
        return
    shared = cache.get(_key(text_hash))
    if shared is not None:
        prepared.load(text, shared)
    else:
        fold_text(text)


def ready_version(version) -> None:
    """`ready` for a stored SourceVersion."""
    ready(version.text, version.text_hash)


@task(queue_name=Queue.DEFAULT)
def prepare_for_quotes(version_id: int) -> bool:
    """Fold a stored version's text for quote search and share it: whether the version still
    exists."""
    # Imported here: the quote bench prepares texts with this module in a process that loads no
    # models (bench/anchoring_accuracy.py).
    from sources.models import SourceVersion

    found = SourceVersion.objects.filter(pk=version_id).values_list("text", "text_hash").first()
    if found is None:
        return False
    prepare(*found)
    return True


def prepare_when_stored(version) -> None:
    """Queue the preparation of a version just stored, once its transaction has committed."""
    transaction.on_commit(lambda: prepare_for_quotes.enqueue(version.pk))
