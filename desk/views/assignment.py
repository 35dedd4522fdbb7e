"""Assigning an excerpt to a reviewer, or claiming it, with an optional due date (desk.discussion
assigns any subject; this is the excerpt page's form)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from desk.access import staff_required
from desk.discussion import assign, subject_of, unassign
from desk.models import Excerpt
from desk.roles import REVIEWERS_GROUP, is_reviewer


def reviewers():
    return (
        get_user_model()
        .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
        .distinct()
        .order_by("username")
    )


class AssignmentForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=reviewers(), empty_label=_("Nobody"), required=False
    )
    due_on = forms.DateField(
        label=_("Due (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers()


@staff_required
@require_POST
def excerpt_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign to a reviewer (or nobody); "claim" assigns it to the person asking."""
    excerpt = get_object_or_404(Excerpt, pk=pk)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            gettext("The assignment could not be saved: %(errors)s")
            % {"errors": form.errors.as_text()},
        )
        return redirect(excerpt)
    if "claim" in request.POST:
        if not is_reviewer(request.user):
            messages.error(request, gettext("Only reviewers can claim an excerpt for review."))
            return redirect(excerpt)
        person = request.user
    else:
        person = form.cleaned_data["assignee"]
    due = form.cleaned_data["due_on"]
    if person is None:
        unassign(subject_of(excerpt))
        messages.success(request, gettext("Nobody is assigned to this excerpt now."))
        return redirect(excerpt)
    assign(subject_of(excerpt), assignee=person, by=request.user, due_on=due)
    if person == request.user and due:
        said = gettext("Assigned to you, due %(due)s.")
    elif person == request.user:
        said = gettext("Assigned to you.")
    elif due:
        said = gettext("Assigned to %(who)s, due %(due)s.")
    else:
        said = gettext("Assigned to %(who)s.")
    messages.success(
        request, said % {"who": person, "due": date_format(due, "DATE_FORMAT") if due else ""}
    )
    return redirect(excerpt)
