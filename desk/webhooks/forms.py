"""The endpoint form: an address the desk may send to, and at least one kind of event (the
model's constraint says so on the form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from desk.webhooks.addresses import refusal_for
from desk.webhooks.models import Endpoint

EVENT_FIELDS = ("sends_published", "sends_corrected", "sends_withdrawn")


class EndpointForm(forms.ModelForm):
    # An address typed without a scheme is taken as https, never as plain http.
    url = forms.URLField(
        label=gettext_lazy("Address"),
        max_length=2000,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Where the desk sends each event, e.g. https://example.org/hooks/desk. "
            "Only public https or http addresses."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "off", "size": 60}),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", *EVENT_FIELDS]
        labels = {
            "description": gettext_lazy("Description"),
            "sends_published": gettext_lazy("An item is published"),
            "sends_corrected": gettext_lazy("A published item is corrected"),
            "sends_withdrawn": gettext_lazy("A published item is withdrawn"),
        }
        help_texts = {
            "description": gettext_lazy("Who or what receives it, so others know."),
        }

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        reason = refusal_for(url)
        if reason:
            raise forms.ValidationError(reason)
        return url

    def event_fields(self) -> list[forms.BoundField]:
        """The checkboxes of the events to send, shown together under one legend."""
        return [self[name] for name in EVENT_FIELDS]
