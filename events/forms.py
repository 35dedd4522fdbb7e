"""Forms of the events side: an event with its date as people write it, its actors, the register."""

from __future__ import annotations

import re

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.dates import EventDate
from events.models import Actor, Event, EventActor, fold_name

DATE_HELP = _(
    "As you would write it: 17 November 2025, September 2025, 1994, c. 1998, winter 2021–22, "
    "2021–2022, before 2000."
)
# Longer than any date people write; checked before the date is read, which costs time.
DATE_MAX_CHARS = 80
# Descriptions and alias lists: generous, but a limit the server enforces, not only the browser.
DESCRIPTION_MAX_CHARS = 20_000
ALIASES_MAX_CHARS = 20_000
# 2021-22 is EDTF for summer 2021; in prose it is two years. Neither reading is safe to guess.
_YEARS_OR_SEASON = re.compile(r"(\d{4})-(2[1-4])")


class EventDateField(forms.CharField):
    """A date typed as people write it (or as EDTF); cleans to an EventDate."""

    def __init__(self, *, default_year: int | None = None, **kwargs):
        kwargs.setdefault("help_text", DATE_HELP)
        # Not CharField's max_length, whose validator would measure the cleaned EventDate.
        self.longest = kwargs.pop("max_length", DATE_MAX_CHARS)
        super().__init__(**kwargs)
        self.default_year = default_year
        self.widget.attrs.update(
            {"maxlength": self.longest, "autocomplete": "off", "spellcheck": "false"}
        )

    def to_python(self, value) -> EventDate | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        # Django checks max_length only after to_python, which is where the reading happens.
        if len(text) > self.longest:
            raise forms.ValidationError(
                gettext("A date is at most %(longest)s characters; this one has %(length)s.")
                % {"longest": self.longest, "length": intcomma(len(text))},
                code="max_length",
            )
        if (match := _YEARS_OR_SEASON.fullmatch(text)) and int(match[1]) % 100 < int(match[2]):
            season = EventDate.from_edtf(text)
            year = int(match[1])
            years = f"{year}–{year // 100 * 100 + int(match[2])}"
            raise forms.ValidationError(
                gettext(
                    "“%(text)s” could mean two things: write %(years)s for the years, "
                    "or %(season)s for the season."
                )
                % {"text": text, "years": years, "season": season},
                code="ambiguous",
            )
        try:
            return EventDate.parse(text, default_year=self.default_year)
        except ValueError as error:
            # The reason may quote what was typed, "%" and all: a parameter, never the format.
            raise forms.ValidationError(
                "%(reason)s", params={"reason": str(error)}, code="invalid"
            ) from None


class EventForm(forms.ModelForm):
    """An event: title, date as people write it, place, description."""

    date = EventDateField(label=_("Date"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Event
        fields = ["title", "date", "place", "description"]
        labels = {"title": _("Title"), "place": _("Place")}

    def __init__(self, *args, default_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].default_year = default_year
        self.understood: EventDate | None = None
        if self.instance.pk and not self.is_bound:
            # Shown as people write it; typing it back gives the same date.
            self.initial["date"] = str(self.instance.event_date)
            self.understood = self.instance.event_date

    def clean(self):
        data = super().clean()
        date = data.get("date")
        if isinstance(date, EventDate):
            self.understood = date
            data["date"] = date.edtf()
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = EventActor
        fields = ["actor", "role"]
        labels = {"actor": _("Actor")}
        widgets = {
            "role": forms.TextInput(
                attrs={
                    "list": "event-roles",
                    "placeholder": _("e.g. mediator"),
                    "autocomplete": "off",
                }
            )
        }


class BaseParticipantFormSet(BaseInlineFormSet):
    """The actors of an event with their roles; `extra` rows for those to add."""

    def __init__(self, *args, extra: int | None = None, **kwargs):
        if extra is not None:
            self.extra = extra
        super().__init__(*args, **kwargs)

    @cached_property
    def actor_choices(self) -> list[tuple]:
        # One query for the actor choices, however many rows the formset has.
        return [("", gettext("Choose an actor")), *Actor.objects.values_list("pk", "name")]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["actor"].choices = self.actor_choices
        return form


ParticipantFormSet = inlineformset_factory(
    Event,
    EventActor,
    form=ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=3,
    can_delete=True,
)


class ActorForm(forms.ModelForm):
    """An actor of the register, its aliases typed one per line."""

    aliases = forms.CharField(
        label=_("Aliases and transliterations"),
        required=False,
        max_length=ALIASES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: every spelling the sources use, e.g. Lukashenko, Lukashenka."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Actor
        fields = ["name", "kind", "aliases", "description"]
        labels = {"kind": _("Kind")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["aliases"] = "\n".join(
                self.instance.aliases.values_list("name", flat=True)
            )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        other = Actor.objects.matching(name).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                gettext(
                    "“%(name)s” is already in the register as %(other)s: edit that actor, "
                    "or merge the two."
                )
                % {"name": name, "other": other.name}
            )
        return name

    def clean_aliases(self) -> list[str]:
        names: list[str] = []
        seen: set[str] = set()
        for line in self.cleaned_data["aliases"].splitlines():
            name = " ".join(line.split())
            if not name or fold_name(name) in seen:
                continue
            if len(name) > 200:
                raise forms.ValidationError(gettext("An alias can be at most 200 characters."))
            seen.add(fold_name(name))
            names.append(name)
        return names

    def save(self, commit: bool = True) -> Actor:
        actor = super().save(commit=commit)
        if commit:
            self.save_aliases(actor)
        return actor

    def save_aliases(self, actor: Actor) -> None:
        wanted = {
            fold_name(name): name
            for name in self.cleaned_data["aliases"]
            if fold_name(name) != actor.folded_name
        }
        actor.aliases.exclude(folded_name__in=wanted).delete()
        have = set(actor.aliases.values_list("folded_name", flat=True))
        for folded, name in wanted.items():
            if folded not in have:
                actor.aliases.create(name=name)
            else:
                actor.aliases.filter(folded_name=folded).exclude(name=name).update(name=name)


class MergeForm(forms.Form):
    merged = forms.ModelChoiceField(
        label=_("Actor to merge into this one"),
        queryset=Actor.objects.none(),
        help_text=_("Its events, aliases and excerpt links move here; then it is deleted."),
    )

    def __init__(self, *args, keep: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged"].queryset = Actor.objects.exclude(pk=keep.pk)
