"""Shared records changed since publication: the live items that would show the change, each by
its quote with what changed marked word by word and who made each change, and a reviewer's
decision over the items they tick: carry the change into them as a correction readers can see,
or decline it (readers keep the approved version). Both are refused, by four eyes, to anyone who
made one of the changes."""

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
from desk.readers_copy import (
    CarryRefused,
    ChangedItem,
    carry,
    carry_refused,
    changed_items,
    decline,
    fingerprint,
)

CARRY, DECLINE = "carry", "decline"


class CarryForm(forms.Form):
    # Which changes the reviewer had in view (desk.readers_copy.fingerprint).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    items = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": gettext_lazy("Tick at least one item: nothing was changed."),
            "invalid_choice": gettext_lazy(
                "Item %(value)s is not on this list (carried, declined or changed back "
                "meanwhile): nothing was changed. Read the list again."
            ),
        },
    )
    # Needed to carry; declining shows readers nothing new, so it needs none.
    note = forms.CharField(
        label=gettext_lazy("Correction note for readers"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy(
            "Shown once on the briefing’s corrections, and on every item you tick, as "
            "“Corrected on DATE: note”. Not needed to decline."
        ),
    )
    # Which button was pressed; a form sent without one (an older page) carries.
    do = forms.CharField(required=False)

    def __init__(self, *args, items: list[ChangedItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item.excerpt.pk, item.excerpt.pk) for item in items]

    def clean(self) -> dict:
        data = super().clean()
        data["do"] = data.get("do") or CARRY
        if data["do"] not in (CARRY, DECLINE):
            self.add_error(None, _("Choose to correct or to decline the ticked items."))
        elif data["do"] == CARRY and not data.get("note", "").strip():
            self.add_error("note", _("Write the correction note readers will see."))
        return data


@staff_required
@require_http_methods(["GET", "POST"])
def shared_records(request: HttpRequest) -> HttpResponse:
    items = changed_items()
    refused = carry_refused(items, request.user) if items else None
    form = CarryForm(request.POST or None, items=items)
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
                    "The records changed since you opened this page: nothing was changed. "
                    "Read the list again, then decide."
                ),
            )
        elif form.is_valid():
            chosen = set(form.cleaned_data["items"])
            try:
                # One decision over many items: one user action in the audit log.
                with one_user_action():
                    _decide(request, [i for i in items if i.excerpt.pk in chosen], form)
            except CarryRefused as error:
                messages.error(request, str(error))
                status = 403
            else:
                return redirect("desk:shared_records")
    return render(
        request,
        "desk/shared_records.html",
        {
            "items": items,
            "form": form,
            "seen": fingerprint(items),
            "refused": refused,
            "chosen": _ticked(form, items),
        },
        status=status,
    )


def _decide(request: HttpRequest, chosen: list[ChangedItem], form: CarryForm) -> None:
    if form.cleaned_data["do"] == DECLINE:
        count = decline(chosen, request.user)
        said = ngettext(
            "Declined for %(count)d published item: readers keep the approved version.",
            "Declined for %(count)d published items: readers keep the approved version.",
            count,
        )
    else:
        count = carry(chosen, request.user, form.cleaned_data["note"])
        said = ngettext(
            "Corrected %(count)d published item.", "Corrected %(count)d published items.", count
        )
    messages.success(request, said % {"count": count})


def _ticked(form: CarryForm, items: list[ChangedItem]) -> set[int]:
    """The items ticked on the page: every one at first, as the reviewer left them after."""
    if not form.is_bound:
        return {item.excerpt.pk for item in items}
    return {int(v) for v in form.data.getlist("items") if v.isdigit()}
