"""Adding a text to the library three ways (a file, a paste, a web address), each previewed
before anything is saved; and a new version of a source, the same three ways."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from sources.access import (
    adding_required,
    can_add,
    can_change,
    changing_required,
    library_required,
)
from sources.documents import read_plain
from sources.fetching import check_url
from sources.formats import in_background, sniff
from sources.forms import PasteForm, SourceForm, UploadForm, UrlForm
from sources.importing import ImportRefused, PreparedText, size_in_words, too_large
from sources.jobs import can_read_as_scan, read_again_as_scan, read_upload_now, start_reading
from sources.models import ImportPreview, ReadingJob, Source
from sources.originals import forget_original
from sources.previews import make_preview, preview_state, save_preview

METHODS = ("upload", "paste", "url")


def _read_upload(form: UploadForm, request: HttpRequest, target: Source | None):
    """A plain text file read at once; anything that needs parsing (a document, an HTML page,
    Markdown) queued for a worker, so that no request does more than read a file's bytes."""
    upload = form.cleaned_data["file"]
    limit = settings.SOURCE_MAX_FILE_BYTES
    if upload.size > limit:
        raise ImportRefused(
            gettext("%(name)s is %(size)s; the desk takes files up to %(limit)s.")
            % {
                "name": upload.name,
                "size": size_in_words(upload.size),
                "limit": size_in_words(limit),
            }
        )
    data = upload.read(limit + 1)
    kind = sniff(upload.name, data)
    if in_background(kind, upload.name):
        return start_reading(
            user=request.user,
            source=target,
            data=data,
            name=upload.name,
            content_type=upload.content_type or "",
        )
    if len(data) > settings.SOURCE_MAX_BYTES:
        raise too_large(len(data), upload.name)
    return read_upload_now(
        user=request.user, name=upload.name, data=data, content_type=upload.content_type or ""
    )


def _read_paste(form: PasteForm, request: HttpRequest, target: Source | None) -> PreparedText:
    text = form.cleaned_data["text"]
    if len(text.encode("utf-8")) > settings.SOURCE_MAX_BYTES:
        raise too_large(len(text.encode("utf-8")), gettext("The pasted text"))
    if not text.strip():
        raise ImportRefused(gettext("The pasted text is empty."))
    return read_plain(text, imported_from="pasted text")


def _read_url(form: UrlForm, request: HttpRequest, target: Source | None) -> ReadingJob:
    url = form.cleaned_data["url"].strip()
    check_url(url)
    return start_reading(user=request.user, source=target, url=url)


def _outcome(result: PreparedText | ReadingJob, request: HttpRequest, target: Source | None):
    """Where an editor goes next: the preview, or the page following a background reading.

    A job that finished at once (tasks run at once in tests and small setups) goes straight to
    its preview, or raises its refusal for the form to show."""
    if isinstance(result, PreparedText):
        preview = make_preview(result, user=request.user, source=target)
        if result.original is not None:
            ImportPreview.objects.filter(pk=preview.pk).update(original=result.original)
        return redirect(preview)
    if result.status == ReadingJob.Status.DONE and result.preview_id:
        return redirect(result.preview)
    if result.status == ReadingJob.Status.FAILED:
        # Failed at once: the form says why, sending it again is the way to try again, and
        # nothing of it is kept.
        original = result.original
        result.delete()
        forget_original(original)
        raise ImportRefused(result.message)
    return redirect(result)


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
                return _outcome(read(form, request, target), request, target)
            except ImportRefused as error:
                form.add_error(field, str(error))
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
        ImportPreview.objects.select_related("source", "original"),
        token=token,
        created_by=request.user,
    )


@require_http_methods(["GET", "POST"])
@library_required
def preview(request: HttpRequest, token) -> HttpResponse:
    state = preview_state(_own_preview(request, token))
    if not (can_change(request.user) if state.target else can_add(request.user)):
        raise PermissionDenied(gettext("Only editors can add sources."))
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
                messages.success(request, gettext("The source is saved in the library."))
            else:
                done = state.impact.summary(saved=True) if state.impact else ""
                messages.success(
                    request,
                    (
                        gettext("Saved as version %(number)s of this source.")
                        % {"number": version.number}
                        + f" {done}"
                    ).strip(),
                )
            return redirect(version.source)
    return render(
        request,
        "sources/preview.html",
        {
            "state": state,
            "form": form,
            "refusal": refusal,
            "can_read_as_scan": can_read_as_scan(state.preview),
        },
    )


@require_POST
@library_required
def read_as_scan(request: HttpRequest, token) -> HttpResponse:
    """Read a preview's PDF again by OCR: the editor's choice when its text layer reads wrong.
    The preview stays (and can still be saved) until the scan's own preview replaces it."""
    preview = _own_preview(request, token)
    if not (can_change(request.user) if preview.source else can_add(request.user)):
        raise PermissionDenied(gettext("Only editors can add sources."))
    try:
        job = read_again_as_scan(preview, user=request.user)
    except ImportRefused as error:
        messages.error(request, str(error))
        return redirect(preview)
    if job.status == ReadingJob.Status.DONE and job.preview_id:
        return redirect(job.preview)
    return redirect(job)


@require_POST
@library_required
def discard_preview(request: HttpRequest, token) -> HttpResponse:
    preview = _own_preview(request, token)
    target = preview.source
    preview.delete()
    messages.success(request, gettext("The preview is discarded; nothing was saved."))
    if target is not None:
        return redirect(target)
    return redirect("sources:add")
