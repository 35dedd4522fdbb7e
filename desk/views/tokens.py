"""Each person's API tokens: made with an optional expiry, shown once, revoked at will."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from desk.access import staff_required
from desk.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What it is for, so you know which to revoke later."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("It stops working at the end of this day. Leave empty for no expiry."),
    )

    def clean_expires_on(self) -> dt.date | None:
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("That day has passed: choose today or a later day."))
        return day

    def expires_at(self) -> dt.datetime | None:
        """The first moment after the chosen day, in the desk's time zone."""
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's tokens, and a form to make one."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(
            user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
        )
        # The secret is on this page only, never in a redirect or the session: it is not kept.
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "desk/tokens.html", {"form": form, "tokens": tokens, "secret": secret})


@staff_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's token is not found rather than forbidden: its existence is not yours to know.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(
        request,
        gettext("The token “%(name)s” is revoked: it no longer opens the API.")
        % {"name": token.name},
    )
    return redirect("desk:tokens")
