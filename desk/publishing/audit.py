"""The audit log's vocabulary: each kind of entry registered with the sentence it is shown as,
rendered when someone reads it, in their language (Wagtail's log actions, Zulip's audit log).

The entries themselves are desk.models.AuditEntry: subject kind and id, kind, data, who, when,
and the id of the one user action they belong to (desk.models.one_user_action). An entry whose
kind nobody registered is refused when it is written (`record`), so no page meets a code it
cannot put into words. The database refuses to rewrite an entry (`install_triggers`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext

from desk.models import AuditEntry, SubjectKind
from desk.publishing.states import Action, Status

Sentence = Callable[[AuditEntry], str]
_SENTENCES: dict[str, Sentence] = {}

REWRITE_REFUSED = "The audit trail is append-only: an entry is never rewritten."


def register(kind: str) -> Callable[[Sentence], Sentence]:
    """Register a kind of entry with the function that says it in the reader's language."""

    def add(sentence: Sentence) -> Sentence:
        _SENTENCES[kind] = sentence
        return sentence

    return add


def is_registered(kind: str) -> bool:
    return kind in _SENTENCES


def sentence(entry: AuditEntry) -> str:
    """The entry in the desk's words, in the active language; never its stored codes."""
    say = _SENTENCES.get(entry.kind)
    return say(entry) if say else entry.get_kind_display()


def record(kind: str, *, subject_kind: str = SubjectKind.EXCERPT, **fields) -> AuditEntry:
    """Write one entry of a registered kind, in the user action under way."""
    if kind not in _SENTENCES:
        raise ValueError(f"No sentence is registered for audit entries of kind {kind!r}.")
    return AuditEntry.objects.create(kind=kind, subject_kind=subject_kind, **fields)


def _state(code: str) -> str:
    return Status(code).label if code in Status.values else code


@register(AuditEntry.Kind.CREATED)
def _created(entry: AuditEntry) -> str:
    return gettext("Made as a draft")


@register(AuditEntry.Kind.EDITED)
def _edited(entry: AuditEntry) -> str:
    if entry.from_status == Status.PUBLISHED:
        return gettext("Edited: a correction started (readers keep the published version)")
    if entry.from_status and entry.from_status != Status.DRAFT:
        return gettext("Edited: back to draft from “%(status)s”") % {
            "status": _state(entry.from_status)
        }
    return gettext("Edited: a new revision")


@register(AuditEntry.Kind.TRANSITION)
def _transition(entry: AuditEntry) -> str:
    if entry.action == Action.PUBLISH and entry.actor_id is None:
        return gettext("Published at its scheduled time")
    verb = Action(entry.action).label if entry.action in Action.values else gettext("Changed")
    if entry.from_status == entry.to_status:
        return str(verb)
    return gettext("%(action)s: “%(before)s” → “%(after)s”") % {
        "action": verb,
        "before": _state(entry.from_status),
        "after": _state(entry.to_status),
    }


@register(AuditEntry.Kind.COMMENTED)
def _commented(entry: AuditEntry) -> str:
    return str(AuditEntry.Kind.COMMENTED.label)


@register(AuditEntry.Kind.REANCHORED)
def _reanchored(entry: AuditEntry) -> str:
    return str(AuditEntry.Kind.REANCHORED.label)


# The database refuses to rewrite an entry, whoever asks (the ORM refuses first, with a clearer
# message). Deleting is left to the PROTECT foreign keys and the ORM: SQLite's flush, which the
# tests use, deletes rows one table at a time.


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            "CREATE TRIGGER IF NOT EXISTS audit_entry_never_rewritten"
            " BEFORE UPDATE ON desk_auditentry"
            f" BEGIN SELECT RAISE(ABORT, '{REWRITE_REFUSED}'); END"
        ]
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION desk_audit_entry_never_rewritten() RETURNS trigger AS $$"
            f" BEGIN RAISE EXCEPTION '{REWRITE_REFUSED}' USING ERRCODE = 'check_violation';"
            " END $$ LANGUAGE plpgsql",
            "DROP TRIGGER IF EXISTS audit_entry_never_rewritten ON desk_auditentry",
            "CREATE TRIGGER audit_entry_never_rewritten BEFORE UPDATE ON desk_auditentry"
            " FOR EACH ROW EXECUTE FUNCTION desk_audit_entry_never_rewritten()",
        ]
    return []


def install_triggers(connection) -> None:
    """Create (or re-create) the trigger on this database; idempotent."""
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: put back the trigger a rebuilt SQLite table lost."""
    from django.db import connections

    connection = connections[using]
    if "desk_auditentry" in connection.introspection.table_names():
        install_triggers(connection)
