"""The memo plugged into the kernel: only what is its own (its topics' copy, its words)."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Sum
from django.utils.translation import gettext_noop as noop

from desk.models import RecordKind, Topic
from desk.publishing.four_eyes import unseen_changes
from desk.publishing.subjects import SubjectType, Words, register
from tests.memos.models import Memo, MemoCopy, MemoRevision

WORDS = Words(
    made_it=noop("Four eyes: you made this memo, so another reviewer must decide."),
    wrote=noop("Four eyes: you wrote revision %(number)s of this memo."),
    wrote_since=noop("Four eyes: you wrote revision %(number)s since readers' memo was approved."),
    only_editors_edit=noop("Only editors can edit memos."),
    only_reviewers_edit=noop("Only reviewers can edit memos."),
    cannot_edit=noop("A memo that is “%(state)s” cannot be edited."),
    cannot_send=noop("A memo that is “%(state)s” cannot be sent to “%(target)s”."),
    only_live_withdrawn=noop("Only a memo that readers can see can be withdrawn."),
    conflict_own=noop("You acted on this memo in another window: it is now “%(status)s”."),
    conflict_by=noop("Someone acted first: this memo is now “%(status)s” by %(who)s."),
    conflict=noop("Someone acted first: this memo is now “%(status)s”."),
)


def copy_of(revision: MemoRevision) -> dict:
    return {"text": revision.text, "topics": sorted(t.name for t in revision.topics.all())}


def _topics_linked(revision) -> Q:
    ids = MemoRevision.topics.through.objects.filter(memorevision_id=revision).values("topic_id")
    return Q(kind=RecordKind.TOPIC, record_id__in=ids)


class MemoType(SubjectType):
    kind = "memo"
    model = Memo
    revision_model = MemoRevision
    subject_field = "memo"
    words = WORDS

    def records_refusal(self, subject, user):
        change = unseen_changes(user, _topics_linked(subject.current_revision_id)).first()
        if change is None:
            return None
        return f"Four eyes: you changed the topic “{change.name}” and nobody else has seen it."

    def unseen_changes_in_list(self, user):
        return unseen_changes(user, _topics_linked(OuterRef(OuterRef("current_revision_id"))))

    def copies_showing(self):
        return MemoCopy.objects.all(), {RecordKind.TOPIC: "revision__topics"}

    def readers_figures(self, seen):
        return {"copies": Sum("readers_copy_id", filter=seen)}

    def copy_to_take(self, action, revision, seen):
        return None, copy_of(revision)

    def take_copy(self, subject, revision, user, data):
        return MemoCopy.objects.create(
            memo=subject, revision=revision, data=data or copy_of(revision), made_by=user
        )

    def published_fields(self, copy) -> dict:
        return {"readers_copy": copy}

    def withdrawn_fields(self) -> dict:
        return {"readers_copy": None}


MEMOS = register(MemoType())


def readers_see(memo: Memo) -> dict | None:
    """What readers see of a memo: its readers' copy, or nothing."""
    memo = Memo.objects.published().select_related("readers_copy").filter(pk=memo.pk).first()
    return memo.readers_copy.data if memo and memo.readers_copy else None


def write(text: str, topics: list[Topic], user):
    def writer(memo: Memo, number: int) -> MemoRevision:
        revision = MemoRevision.objects.create(memo=memo, number=number, text=text, created_by=user)
        revision.topics.set(topics)
        return revision

    return writer
