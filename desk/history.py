"""An excerpt's history: what each revision said, and a readable diff between two of them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from desk.models import AuditEntry, ExcerptRevision, StatementKind
from desk.publishing.audit import sentence

_TOKENS = re.compile(r"\s+|[^\s]+")


def _written_fields(*, annotation, kind, briefing, topics, actors, events) -> dict[str, str]:
    """What an editor writes about a quote, as text people read, in the order pages show it."""
    return {
        gettext("Annotation"): annotation,
        gettext("Kind of statement"): (
            str(StatementKind(kind).label) if kind in StatementKind.values else ""
        ),
        gettext("Briefing"): str(briefing) if briefing else "",
        gettext("Topics"): ", ".join(sorted(topics)),
        gettext("Actors"): ", ".join(sorted(a.name for a in actors)),
        gettext("Events"): ", ".join(sorted(e.title for e in events)),
    }


def revision_fields(revision: ExcerptRevision) -> dict[str, str]:
    """Every field an editor can change, as text, in the order the page shows them."""
    return {
        gettext("Quote"): revision.quote,
        **_written_fields(
            annotation=revision.annotation,
            kind=revision.kind,
            briefing=revision.briefing,
            topics=[t.name for t in revision.topics.all()],
            actors=revision.actors.all(),
            events=revision.events.all(),
        ),
        gettext("Anchored in"): gettext("version %(number)s, characters %(start)s–%(end)s")
        % {"number": revision.source_version.number, "start": revision.start, "end": revision.end},
    }


@dataclass
class ConflictRow:
    label: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


def compare_with_form(theirs: ExcerptRevision, yours: dict) -> list[ConflictRow]:
    """Field by field, a revision saved meanwhile beside what the editor is trying to save."""
    before = revision_fields(theirs)
    after = _written_fields(
        annotation=yours.get("annotation", "").strip(),
        kind=yours.get("kind", ""),
        briefing=yours.get("briefing"),
        topics=yours.get("topics", []),
        actors=yours.get("actors", []),
        events=yours.get("events", []),
    )
    return [ConflictRow(label, before[label], after[label]) for label in after]


def describe(entry: AuditEntry) -> str:
    """One line of the audit trail in the desk's words, never its stored codes."""
    return sentence(entry)


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
