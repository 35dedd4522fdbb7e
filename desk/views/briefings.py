"""Briefings made and edited on the desk by its administrators (not only in Django's admin)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from desk.access import administrator_required
from desk.models import Briefing


class BriefingForm(forms.ModelForm):
    class Meta:
        model = Briefing
        fields = ["title", "slug", "summary", "language", "is_public"]
        labels = {
            "title": _("Title"),
            "slug": _("Address"),
            "summary": _("Description"),
            "language": _("Language of its commentary"),
            "is_public": _("Public"),
        }
        help_texts = {
            "slug": _("The last part of its public address; made from the title when blank."),
            "summary": _("What readers are told the briefing is about."),
            "language": _(
                "The language its description and annotations are written in. Quotes keep "
                "their sources' languages; readers still choose the language of the pages."
            ),
            "is_public": _(
                "Readers without an account can see its published items. Untick to keep it "
                "private to the desk."
            ),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        # A form sent without the field (an older page, a script) keeps the briefing's language.
        self.fields["language"].required = False
        self.fields["language"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a language the desk writes in. Choose one of the languages in "
            "the list."
        )

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))
        if not slug:
            raise forms.ValidationError(_("Give the briefing an address of letters or digits."))
        taken = Briefing.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another briefing already has this address."))
        return slug


@administrator_required
@require_GET
def briefing_list(request: HttpRequest) -> HttpResponse:
    briefings = Briefing.objects.order_by("title")
    return render(request, "desk/briefings/list.html", {"briefings": briefings})


@administrator_required
@require_http_methods(["GET", "POST"])
def briefing_new(request: HttpRequest) -> HttpResponse:
    return _briefing_form(request, Briefing())


@administrator_required
@require_http_methods(["GET", "POST"])
def briefing_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _briefing_form(request, get_object_or_404(Briefing, slug=slug))


def _briefing_form(request: HttpRequest, briefing: Briefing) -> HttpResponse:
    created = briefing.pk is None
    form = BriefingForm(request.POST or None, instance=briefing)
    if request.method == "POST" and form.is_valid():
        briefing = form.save()
        messages.success(
            request,
            (
                gettext("Briefing “%(title)s” made: editors can now put excerpts in it.")
                if created
                else gettext("Briefing “%(title)s” saved.")
            )
            % {"title": briefing.title},
        )
        return redirect("desk:briefings")
    return render(
        request, "desk/briefings/form.html", {"form": form, "briefing": briefing, "new": created}
    )
