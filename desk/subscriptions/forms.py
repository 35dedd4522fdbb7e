"""The subscribe form: an address and how often.

The address is kept in one spelling of its mailbox (`mailbox`), so that the limits on links to
one address count every spelling the e-mail RFCs allow for it as the same: a quoted local part
that needs no quotes ("reader"@example.org), needless backslashes ("re\\ader"), the domain's
case, and an internationalised domain in Unicode or in its xn-- form (9 links reached one mailbox
within seconds through quoted spellings). The local part's case is kept for sending (RFC 5321
lets a server tell Reader from reader) but never counts as another address: every count and the
uniqueness of a subscription compare it case-insensitively.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.subscriptions.models import Frequency

# RFC 5321: a mailbox name is at most 64 characters, a whole address at most 254.
LONGEST_LOCAL_PART = 64
# RFC 5322's dot-atom: what a local part may be without quotes.
_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_QUOTED_PAIR = re.compile(r"\\(.)")


def _local_part(local: str) -> str:
    """The local part in its one spelling: unquoted when it can be, else quoted with only the
    backslashes RFC 5322 requires (before " and \\)."""
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        content = _QUOTED_PAIR.sub(r"\1", local[1:-1])
        if _DOT_ATOM.match(content):
            return content
        escaped = content.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return local


def mailbox(email: str) -> str:
    """One spelling of the mailbox an address (already valid) names; ValueError for a domain
    that has no ASCII form."""
    local, _at, domain = email.rpartition("@")
    # IDNA (with its mapping of case and width) gives the one ASCII form of the domain.
    ascii_domain = domain.rstrip(".").encode("idna").decode("ascii").lower()
    return f"{_local_part(local)}@{ascii_domain}"


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
        # A server's number in brackets (x@[127.0.0.1]) names no mail domain readers have: mail
        # to it would go wherever the desk's network reaches.
        if domain.startswith("["):
            raise forms.ValidationError(
                _("The part after the @ must be a domain name, not a number in brackets.")
            )
        try:
            email = mailbox(email)
        except (UnicodeError, ValueError):
            raise forms.ValidationError(_("Enter a valid email address.")) from None
        local = email.rpartition("@")[0]
        if len(local) > LONGEST_LOCAL_PART:
            raise forms.ValidationError(
                _("The part before the @ can be at most %(count)d characters long."),
                params={"count": LONGEST_LOCAL_PART},
            )
        if len(email) > 254:
            raise forms.ValidationError(_("Enter a valid email address."))
        return email
