"""Adding a text to the library three ways (a file, a paste, a web address), each previewed
before anything is saved; and a new version of a source, the same three ways."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sources.access import (
    adding_required,
    can_add,
    can_change,
    changing_required,
    library_required,
)
from sources.documents import read_fetched, read_file, read_plain
from sources.fetching import fetch
from sources.forms import PasteForm, SourceForm, UploadForm, UrlForm
from sources.importing import ImportRefused, PreparedText, too_large
from sources.models import ImportPreview, Source
from sources.previews import make_preview, preview_state, save_preview

METHODS = ("upload", "paste", "url")


def _read_upload(form: UploadForm) -> PreparedText:
    upload = form.cleaned_data["file"]
    limit = settings.SOURCE_MAX_BYTES
    if upload.size > limit:
        raise too_large(upload.size, upload.name)
    return read_file(upload.name, upload.read(limit + 1))


def _read_paste(form: PasteForm) -> PreparedText:
    text = form.cleaned_data["text"]
    if len(text.encode("utf-8")) > settings.SOURCE_MAX_BYTES:
        raise too_large(len(text.encode("utf-8")), "The pasted text")
    if not text.strip():
        raise ImportRefused("The pasted text is empty.")
    return read_plain(text, imported_from="pasted text")


def _read_url(form: UrlForm) -> PreparedText:
    return read_fetched(fetch(form.cleaned_data["url"]))


def _add(request: HttpRequest, target: Source | None) -> HttpResponse:
    how = request.POST.get("how") if request.method == "POST" else None
    forms = {
        "upload": UploadForm(request.POST, request.FILES) if how == "upload" else UploadForm(),
        "paste": PasteForm(request.POST) if how == "paste" else PasteForm(),
        "url": UrlForm(request.POST) if how == "url" else UrlForm(),
    }
    if how in METHODS:
        form = forms[how]
        field = {"upload": "file", "paste": "text", "url": "url"}[how]
        if form.is_valid():
            read = {"upload": _read_upload, "paste": _read_paste, "url": _read_url}[how]
            try:
                prepared = read(form)
            except ImportRefused as error:
                form.add_error(field, str(error))
            else:
                preview = make_preview(prepared, user=request.user, source=target)
                return redirect(preview)
    return render(
        request,
        "sources/add.html",
        {"target": target, "how": how, **{f"{name}_form": f for name, f in forms.items()}},
        status=400 if how and how not in METHODS else 200,
    )


@require_http_methods(["GET", "POST"])
@adding_required
def add_source(request: HttpRequest) -> HttpResponse:
    return _add(request, None)


@require_http_methods(["GET", "POST"])
@changing_required
def add_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(request, get_object_or_404(Source.objects.with_current_text(), pk=pk))


def _own_preview(request: HttpRequest, token) -> ImportPreview:
    # Someone else's preview is not found: it holds a text they have not been shown.
    return get_object_or_404(
        ImportPreview.objects.select_related("source"), token=token, created_by=request.user
    )


@require_http_methods(["GET", "POST"])
@library_required
def preview(request: HttpRequest, token) -> HttpResponse:
    state = preview_state(_own_preview(request, token))
    if not (can_change(request.user) if state.target else can_add(request.user)):
        raise PermissionDenied("Only editors can add sources.")
    form = None
    if state.target is None:
        data = request.POST if request.method == "POST" else None
        form = SourceForm(data, initial=state.metadata.as_dict())
    refusal = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        metadata = form.metadata() if form else None
        try:
            version = save_preview(state, user=request.user, metadata=metadata)
        except ImportRefused as error:
            refusal = str(error)
        else:
            if version.number == 1:
                messages.success(request, "The source is saved in the library.")
            else:
                done = state.impact.summary(saved=True) if state.impact else ""
                messages.success(
                    request, f"Saved as version {version.number} of this source. {done}".strip()
                )
            return redirect(version.source)
    return render(
        request, "sources/preview.html", {"state": state, "form": form, "refusal": refusal}
    )


@require_POST
@library_required
def discard_preview(request: HttpRequest, token) -> HttpResponse:
    preview = _own_preview(request, token)
    target = preview.source
    preview.delete()
    messages.success(request, "The preview is discarded; nothing was saved.")
    if target is not None:
        return redirect(target)
    return redirect("sources:add")
