"""The subscribe form: an address and how often."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.subscriptions.models import Frequency

# RFC 5321: a mailbox name is at most 64 characters, a whole address at most 254.
LONGEST_LOCAL_PART = 64


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
    )

    def clean_email(self) -> str:
        typed = str(self.data.get("email", ""))
        # Line breaks and other control characters have no place in an address; the field would
        # quietly strip them at the ends, so they are refused before it does.
        if any(ord(char) < 32 or ord(char) == 127 for char in typed):
            raise forms.ValidationError(_("An e-mail address cannot contain line breaks."))
        email = self.cleaned_data["email"]
        local, _at, domain = email.rpartition("@")
        if len(local) > LONGEST_LOCAL_PART:
            raise forms.ValidationError(
                _("The part before the @ can be at most %(count)d characters long."),
                params={"count": LONGEST_LOCAL_PART},
            )
        return f"{local}@{domain.lower()}"
