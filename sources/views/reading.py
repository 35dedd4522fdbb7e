"""The reader: a source's text block by block, its excerpts highlighted, and its versions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from sources.access import can_change, changing_required, library_required
from sources.diffing import paragraph_diff
from sources.forms import BlockKindForm
from sources.highlighting import block_html, collect_marks, coverage, legend
from sources.hooks import reader_layers
from sources.importing import ImportRefused
from sources.models import Source, SourceVersion
from sources.structure import BlockKind
from sources.url_numbers import id_or_404
from sources.versions import mark_block


def _version(source: Source, number: str | None) -> SourceVersion:
    """The version asked for by its number, or the current one; 404 for one that is not."""
    if not number:
        if source.current_version is None:
            raise Http404("This source has no text yet.")
        return source.current_version
    return get_object_or_404(SourceVersion, source=source, number=id_or_404(number, what="version"))


@require_GET
@library_required
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    """The text of a source, block by block, with stable anchors and its excerpts marked."""
    source = get_object_or_404(Source.objects.with_current_text(), pk=pk)
    version = _version(source, request.GET.get("version"))
    # Other apps add to the reader (the desk marks its excerpts and offers to make one) through
    # SOURCE_READER_LAYERS, so that this app never imports them.
    layers = reader_layers(request, source, version)
    marks = collect_marks(layers, len(version.text))
    blocks = [
        {"block": block, "html": block_html(version.block_text(block), block, marks)}
        for block in version.block_list
    ]
    versions = list(source.versions.select_related("created_by").defer("text", "blocks"))
    return render(
        request,
        "sources/reader.html",
        {
            "source": source,
            "version": version,
            "is_current": version.pk == source.current_version_id,
            "blocks": blocks,
            "versions": versions,
            "layers": layers,
            "legend": legend(layers, marks),
            "marks": marks,
            "coverage": coverage(version.block_list, marks),
            "kind_form": BlockKindForm() if can_change(request.user) else None,
            "can_change": can_change(request.user),
        },
    )


@require_GET
@library_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions of a source, paragraph by paragraph."""
    source = get_object_or_404(Source.objects.with_current_text(), pk=pk)
    versions = list(source.versions.select_related("created_by").defer("text", "blocks"))
    current = _version(source, None)
    old = _version(source, request.GET.get("from") or str(max(current.number - 1, 1)))
    new = _version(source, request.GET.get("to") or str(current.number))
    return render(
        request,
        "sources/diff.html",
        {
            "source": source,
            "old": old,
            "new": new,
            "versions": versions,
            "diff": paragraph_diff(old.text, new.text),
        },
    )


@require_POST
@changing_required
def mark_block_kind(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """An editor says what a block is: body text, a heading, a caption, a byline, a bio."""
    version = get_object_or_404(SourceVersion, source_id=pk, number=number)
    form = BlockKindForm(request.POST)
    url = reverse("sources:reader", args=[pk])
    if not form.is_valid():
        messages.error(request, gettext("Choose a paragraph number and what it is."))
        return redirect(f"{url}?version={number}")
    try:
        mark_block(version, form.cleaned_data["block"], form.cleaned_data["kind"])
    except ImportRefused as error:
        messages.error(request, str(error))
        return redirect(f"{url}?version={number}")
    block = form.cleaned_data["block"]
    kind = BlockKind(form.cleaned_data["kind"]).label
    messages.success(
        request,
        gettext("Paragraph %(block)s is now marked as: %(kind)s.") % {"block": block, "kind": kind},
    )
    return redirect(f"{url}?version={number}#p{block}")
