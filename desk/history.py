"""An excerpt's history: what each revision said, and a readable diff between two of them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from desk.models import ExcerptRevision

_TOKENS = re.compile(r"\s+|[^\s]+")


def revision_fields(revision: ExcerptRevision) -> dict[str, str]:
    """Every field an editor can change, as text, in the order the page shows them."""
    return {
        "Quote": revision.quote,
        "Annotation": revision.annotation,
        "Kind of statement": revision.get_kind_display(),
        "Briefing": str(revision.briefing),
        "Topics": ", ".join(sorted(t.name for t in revision.topics.all())),
        "Actors": ", ".join(sorted(a.name for a in revision.actors.all())),
        "Events": ", ".join(sorted(e.title for e in revision.events.all())),
        "Anchored in": (
            f"version {revision.source_version.number}, characters {revision.start}–{revision.end}"
        ),
    }


def word_diff(old: str, new: str) -> SafeString:
    """The change from old to new, word by word, as escaped HTML with <del> and <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@dataclass
class FieldChange:
    label: str
    changed: bool
    html: SafeString


def compare(old: ExcerptRevision, new: ExcerptRevision) -> list[FieldChange]:
    """Field by field, what changed between two revisions."""
    before, after = revision_fields(old), revision_fields(new)
    return [
        FieldChange(label, before[label] != after[label], word_diff(before[label], after[label]))
        for label in before
    ]
