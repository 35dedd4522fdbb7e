from desk.models.anchor import RevisionAnchor
from desk.models.assignment import Assignment
from desk.models.audit import AuditEntry, SubjectKind, one_user_action
from desk.models.briefing import Briefing, Language, Topic
from desk.models.comment import Comment, Mention
from desk.models.excerpt import AnchorStatus, Excerpt, ExcerptQuerySet, StatementKind
from desk.models.imported import ImportedAnnotation
from desk.models.preference import Preference
from desk.models.readers_copy import ReadersCopy
from desk.models.record_change import RecordChange, RecordKind
from desk.models.revision import ExcerptRevision
from desk.models.token import ApiToken

__all__ = [
    "AnchorStatus",
    "ApiToken",
    "Assignment",
    "AuditEntry",
    "Briefing",
    "Comment",
    "Excerpt",
    "ExcerptQuerySet",
    "ExcerptRevision",
    "ImportedAnnotation",
    "Language",
    "Mention",
    "Preference",
    "ReadersCopy",
    "RecordChange",
    "RecordKind",
    "RevisionAnchor",
    "StatementKind",
    "SubjectKind",
    "Topic",
    "one_user_action",
]
