"""Forms of the desk: the excerpt editor and the review decisions."""

from __future__ import annotations

from django import forms

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
                    raise forms.ValidationError("A topic can be at most 100 characters.")
                names.append(name)
        return names


class ExcerptForm(forms.Form):
    """What an editor writes about a quote. The quote itself comes from the source, never here."""

    annotation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ANNOTATION_MAX_CHARS,
        help_text="Your commentary, in Markdown.",
        error_messages={"required": "Write an annotation: it cannot be empty or only spaces."},
    )
    kind = forms.ChoiceField(label="Kind of statement", choices=StatementKind.choices)
    briefing = forms.ModelChoiceField(queryset=Briefing.objects.all(), empty_label=None)
    topics = TopicsField(
        required=False,
        help_text="Separated by commas, e.g. sanctions, political prisoners.",
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    actors = forms.ModelMultipleChoiceField(
        queryset=Actor.objects.all(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    events = forms.ModelMultipleChoiceField(
        queryset=Event.objects.all(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    # The revision the edit started from: a save over a newer one becomes a conflict, not a loss.
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_annotation(self) -> str:
        text = self.cleaned_data["annotation"]
        if not text.strip():
            raise forms.ValidationError("Write an annotation: it cannot be empty or only spaces.")
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
            raise forms.ValidationError("The selection is empty: select some text first.")
        return data


class DecisionForm(forms.Form):
    """A reviewer's or editor's decision on an excerpt, with what it needs."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    correction_note = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Shown to readers with the corrected item.",
    )
    publish_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="For scheduling: when readers should first see it.",
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
