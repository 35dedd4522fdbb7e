"""Correcting one paragraph of a source (a line OCR misread): the correction is previewed as a
new version, with the excerpts it affects, before anything is saved."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from sources.access import changing_required
from sources.corrections import preview_correction
from sources.importing import ImportRefused
from sources.models import Source


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The paragraph as the original shows it. Saving makes a new version."),
    )


@require_http_methods(["GET", "POST"])
@changing_required
def correct_paragraph(request: HttpRequest, pk: int, block: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.with_current_text(), pk=pk)
    version = source.current_version
    if version is None or not 1 <= block <= len(version.blocks):
        raise Http404("No such paragraph.")
    paragraph = version.block_list[block - 1]
    current = version.block_text(paragraph)
    form = CorrectionForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        try:
            preview = preview_correction(
                version, block, form.cleaned_data["text"], user=request.user
            )
        except ImportRefused as error:
            form.add_error("text", str(error))
        else:
            return redirect(preview)
    return render(
        request,
        "sources/correct.html",
        {
            "source": source,
            "version": version,
            "paragraph": paragraph,
            "current": current,
            "form": form,
        },
    )
