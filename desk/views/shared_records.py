"""Shared records changed since publication: the live items that would show the change, who made
each change, and one decision that carries it into all of them as a correction readers can see
(refused, by four eyes, to anyone who made one of the changes)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from desk.access import staff_required
from desk.models import one_user_action
from desk.readers_copy import CarryRefused, carry, carry_refused, changed_items, fingerprint


class CarryForm(forms.Form):
    # Which changes the reviewer had in view (desk.readers_copy.fingerprint).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=gettext_lazy("Correction note for readers"),
        max_length=1000,
        help_text=gettext_lazy("Shown on every item listed, as “Corrected on DATE: note”."),
        error_messages={"required": gettext_lazy("Write the correction note readers will see.")},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def shared_records(request: HttpRequest) -> HttpResponse:
    items = changed_items()
    refused = carry_refused(items, request.user) if items else None
    form = CarryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not items:
            messages.info(
                request, _("No published item shows a changed source, actor, event or topic.")
            )
        elif refused:
            messages.error(request, refused)
            status = 403
        elif form.is_valid() and form.cleaned_data["seen"] != fingerprint(items):
            messages.error(
                request,
                _(
                    "The records changed since you opened this page: nothing was corrected. "
                    "Read the list again, then correct."
                ),
            )
        elif form.is_valid():
            try:
                # One correction of many items: one user action in the audit log.
                with one_user_action():
                    count = carry(items, request.user, form.cleaned_data["note"])
            except CarryRefused as error:
                messages.error(request, str(error))
                status = 403
            else:
                messages.success(
                    request,
                    ngettext(
                        "Corrected %(count)d published item.",
                        "Corrected %(count)d published items.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("desk:shared_records")
    return render(
        request,
        "desk/shared_records.html",
        {
            "items": items,
            "form": form,
            "seen": fingerprint(items),
            "refused": refused,
        },
        status=status,
    )
