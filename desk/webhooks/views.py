"""The webhooks pages of the desk: endpoints, their secrets, and the log of what was sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk.webhooks import delivering, events
from desk.webhooks.access import webhooks_admin_required
from desk.webhooks.forms import EndpointForm
from desk.webhooks.models import Delivery, DeliveryState, Endpoint

LOG_PAGE_SIZE = 50


def _grace() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "WEBHOOKS_SECRET_GRACE_HOURS", 24)))


# The session holds which endpoint's secret to show next, never the secret itself.
_REVEAL_NEXT = "webhooks_endpoint_to_reveal"


def _secret_to_show(request: HttpRequest, endpoint: Endpoint, *, made: bool) -> HttpResponse:
    """Redirect after the POST that made a secret (a reload must not add or rotate again); the
    endpoint's page then shows it, once."""
    request.session[_REVEAL_NEXT] = {"endpoint": endpoint.pk, "made": made}
    return redirect("webhooks:endpoint", pk=endpoint.pk)


def _show_secret(request: HttpRequest, endpoint: Endpoint, *, made: bool) -> HttpResponse:
    # Never cached (the views say so); a reload shows the endpoint's page without it.
    return render(
        request,
        "webhooks/secret.html",
        {"endpoint": endpoint, "made": made, "grace_hours": int(_grace().total_seconds() // 3600)},
    )


@never_cache
@webhooks_admin_required
@require_GET
def endpoint_list(request: HttpRequest) -> HttpResponse:
    """Every endpoint, with how its deliveries stand, in one query."""
    endpoints = Endpoint.objects.annotate(
        waiting=Count(
            "deliveries",
            filter=Q(deliveries__state__in=[DeliveryState.PENDING, DeliveryState.RETRYING]),
        ),
        failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
        delivered=Count("deliveries", filter=Q(deliveries__state=DeliveryState.DELIVERED)),
    )
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


@never_cache
@webhooks_admin_required
@require_http_methods(["GET", "POST"])
def endpoint_add(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        endpoint = form.save(commit=False)
        endpoint.created_by = request.user
        endpoint.save()
        return _secret_to_show(request, endpoint, made=True)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": None})


@never_cache
@webhooks_admin_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    form = EndpointForm(request.POST if request.method == "POST" else None, instance=endpoint)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The endpoint is saved."))
        return redirect("webhooks:endpoint", pk=endpoint.pk)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint})


@never_cache
@webhooks_admin_required
@require_GET
def endpoint_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The endpoint and its deliveries, newest first, each with its attempts; right after its
    secret was made, that secret instead, once."""
    endpoint = get_object_or_404(Endpoint, pk=pk)
    shown = request.session.get(_REVEAL_NEXT)
    if shown and shown.get("endpoint") == endpoint.pk:
        del request.session[_REVEAL_NEXT]
        return _show_secret(request, endpoint, made=bool(shown.get("made")))
    page = Paginator(Delivery.objects.filter(endpoint=endpoint).for_log(), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "webhooks/endpoint_log.html", {"endpoint": endpoint, "page": page})


@webhooks_admin_required
@require_POST
def endpoint_pause(request: HttpRequest, pk: int) -> HttpResponse:
    updated = Endpoint.objects.filter(pk=pk, is_active=True).update(is_active=False)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if updated:
        messages.success(
            request,
            _("Paused: nothing is sent to %(endpoint)s until it is resumed; what waits is kept.")
            % {"endpoint": endpoint},
        )
    return redirect("webhooks:endpoint", pk=endpoint.pk)


@webhooks_admin_required
@require_POST
def endpoint_resume(request: HttpRequest, pk: int) -> HttpResponse:
    updated = Endpoint.objects.filter(pk=pk, is_active=False).update(is_active=True)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if updated:
        waiting = delivering.resume_deliveries(endpoint)
        messages.success(
            request,
            _("Resumed: events are sent to %(endpoint)s again (%(count)s waiting).")
            % {"endpoint": endpoint, "count": waiting},
        )
    return redirect("webhooks:endpoint", pk=endpoint.pk)


@never_cache
@webhooks_admin_required
@require_http_methods(["GET", "POST"])
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation first; deleting the endpoint deletes its log."""
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if request.method == "POST":
        name = str(endpoint)
        endpoint.delete()
        messages.success(request, _("%(endpoint)s is deleted, with its log.") % {"endpoint": name})
        return redirect("webhooks:endpoints")
    count = endpoint.deliveries.count()
    return render(request, "webhooks/endpoint_delete.html", {"endpoint": endpoint, "count": count})


@webhooks_admin_required
@require_POST
def endpoint_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    events.send_test_message(endpoint)
    messages.success(request, _("A test event is on its way; its outcome shows in the log below."))
    return redirect("webhooks:endpoint", pk=endpoint.pk)


@never_cache
@webhooks_admin_required
@require_POST
def endpoint_rotate_secret(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint, pk=pk)
    endpoint.rotate_secret(_grace())
    return _secret_to_show(request, endpoint, made=False)


@webhooks_admin_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int, delivery: int) -> HttpResponse:
    found = get_object_or_404(
        Delivery.objects.select_related("endpoint"), pk=delivery, endpoint_id=pk
    )
    if delivering.retry_now(found):
        if found.held_by_pause:
            messages.info(request, _("It waits for the endpoint to be resumed, then goes at once."))
        else:
            messages.success(request, _("Queued to be sent now; its outcome shows in the log."))
    else:
        messages.info(request, _("That event was delivered already: nothing to retry."))
    return redirect("webhooks:endpoint", pk=pk)
