"""Forms of the desk: the excerpt editor and the review decisions."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from desk.editing import ANNOTATION_MAX_CHARS
from desk.models import Briefing, StatementKind, Topic
from events.models import Actor, Event


class TopicsField(forms.CharField):
    """Topics typed as a comma-separated list; unknown ones are created on save."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        names: list[str] = []
        for name in text.split(","):
            name = " ".join(name.split())
            if name and name.casefold() not in {n.casefold() for n in names}:
                if len(name) > 100:
                    raise forms.ValidationError(_("A topic can be at most 100 characters."))
                names.append(name)
        return names


class PickerSelect(forms.SelectMultiple):
    """A multi-select that static/js/picker.js turns into a searchable picker: each option
    carries the other names it answers to (an actor's aliases)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        aliases = getattr(instance, "aliases", None)
        if aliases is not None:
            option["attrs"]["data-also"] = ", ".join(alias.name for alias in aliases.all())
        return option


def _picker(label, *, kind: str, new_url, new_word, new_field: str) -> PickerSelect:
    return PickerSelect(
        attrs={
            "size": 6,
            "data-picker": label,
            "data-choices-url": reverse_lazy("desk:picker_choices", kwargs={"kind": kind}),
            "data-new-url": new_url,
            "data-new-word": new_word,
            "data-new-field": new_field,
        }
    )


class ExcerptForm(forms.Form):
    """What an editor writes about a quote. The quote itself comes from the source, never here."""

    annotation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ANNOTATION_MAX_CHARS,
        label=_("Annotation"),
        help_text=_("Your commentary, in Markdown."),
        error_messages={"required": _("Write an annotation: it cannot be empty or only spaces.")},
    )
    kind = forms.ChoiceField(label=_("Kind of statement"), choices=StatementKind.choices)
    briefing = forms.ModelChoiceField(
        label=_("Briefing"), queryset=Briefing.objects.all(), empty_label=None
    )
    topics = TopicsField(
        label=_("Topics"),
        required=False,
        help_text=_("Separated by commas, e.g. sanctions, political prisoners."),
        widget=forms.TextInput(
            attrs={
                "list": "topic-names",
                "autocomplete": "off",
                "data-picker-topics": "1",
                "data-choices-url": reverse_lazy("desk:picker_choices", kwargs={"kind": "topics"}),
            }
        ),
    )
    actors = forms.ModelMultipleChoiceField(
        queryset=Actor.objects.with_aliases(),
        label=_("Actors"),
        required=False,
        help_text=_("Type any spelling of a name."),
        widget=_picker(
            _("Actors"),
            kind="actors",
            new_url=reverse_lazy("events:actor_create"),
            new_word=_("actor"),
            new_field="name",
        ),
    )
    events = forms.ModelMultipleChoiceField(
        queryset=Event.objects.all(),
        label=_("Events"),
        required=False,
        help_text=_("Type words of the title or the date."),
        widget=_picker(
            _("Events"),
            kind="events",
            new_url=reverse_lazy("events:create"),
            new_word=_("event"),
            new_field="title",
        ),
    )
    # Only on a correction to a published item: what readers will be told, for the reviewer.
    correction_note = forms.CharField(
        label=_("Correction note (readers see this)"),
        required=False,
        max_length=1000,
        help_text=_("What you corrected and why. The reviewer sees it and can change it."),
    )
    # The revision the edit started from: a save over a newer one becomes a conflict, not a loss.
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_annotation(self) -> str:
        text = self.cleaned_data["annotation"]
        if not text.strip():
            raise forms.ValidationError(
                _("Write an annotation: it cannot be empty or only spaces.")
            )
        return text

    def topic_objects(self) -> list[Topic]:
        return Topic.objects.named(self.cleaned_data.get("topics", []))


class SelectionForm(forms.Form):
    """Where a selection in the reader begins and ends: offsets into one version of a source."""

    version = forms.IntegerField(min_value=1)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)

    def clean(self):
        data = super().clean()
        if "start" in data and "end" in data and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The selection is empty: select some text first."))
        return data


class DecisionForm(forms.Form):
    """A reviewer's or editor's decision on an excerpt, with what it needs.

    Three notes, for three audiences: the comment stays on the desk, the public note is what
    readers see in place of a withdrawn item, the correction note is what they see on a
    corrected one.
    """

    comment = forms.CharField(
        label=_("Comment for the desk"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Only editors and reviewers see it. Needed to request changes or reject."),
    )
    public_note = forms.CharField(
        label=_("Public note (readers see this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Shown to readers in place of the item, word for word."),
    )
    correction_note = forms.CharField(
        label=_("Correction note (readers see this)"),
        required=False,
        max_length=1000,
        help_text=_("Shown to readers with the corrected item: what changed and why."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For scheduling: when readers should first see it, in your time zone."),
    )

    # Ticked on the withdrawal page, which asks before anything is taken down.
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("public_note", "").strip() and not data.get("confirm"):
            raise forms.ValidationError(
                _("Tick “I understand readers will no longer see this item” to withdraw it.")
            )
        return data

    def comment_for(self, action: str) -> str:
        """The text the workflow records: for a withdrawal, the public note."""
        data = self.cleaned_data
        if action == "withdraw":
            return data.get("public_note") or data.get("comment", "")
        return data.get("comment", "")


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
