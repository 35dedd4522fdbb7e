"""Following a file or web address being read in the background, and trying again after a
failure. The page polls a small JSON status (static/js/reading-progress.js) and moves on to the
preview when the text is read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from sources.access import library_required
from sources.importing import ImportRefused
from sources.jobs import retry
from sources.models import ReadingJob


def _own_job(request: HttpRequest, token) -> ReadingJob:
    # Someone else's job is not found: its file and text are theirs until they save it.
    return get_object_or_404(
        ReadingJob.objects.select_related("original", "preview", "source"),
        token=token,
        created_by=request.user,
    )


def job_state(job: ReadingJob) -> dict:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "pages_done": job.pages_done,
        "pages_total": job.pages_total,
        "percent": job.percent,
        "message": job.message,
        "can_retry": job.can_retry,
        "next": job.preview.get_absolute_url() if job.preview_id else "",
    }


@require_GET
@library_required
def job(request: HttpRequest, token) -> HttpResponse:
    # A lost job is given to another worker by the desk's clock (desk.periodic), not here:
    # recovery must not depend on someone keeping this page open.
    job = _own_job(request, token)
    if job.status == ReadingJob.Status.DONE and job.preview_id:
        return redirect(job.preview)
    return render(request, "sources/job.html", {"job": job, "state": job_state(job)})


@require_GET
@library_required
def job_status(request: HttpRequest, token) -> JsonResponse:
    job = _own_job(request, token)
    response = JsonResponse(job_state(job))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@library_required
def retry_job(request: HttpRequest, token) -> HttpResponse:
    job = _own_job(request, token)
    try:
        job = retry(job)
    except ImportRefused as error:
        messages.error(request, str(error))
    if job.status == ReadingJob.Status.DONE and job.preview_id:
        return redirect(job.preview)
    return redirect(job)
