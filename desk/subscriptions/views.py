"""Readers' pages for e-mail: ask for a briefing, confirm, leave.

None of them is cached or shows an address. Following a link never changes anything: mail
scanners open links to check them, so confirming and leaving each take a button (POST). Leaving
also answers a mail program's one-click POST (RFC 8058), which carries no CSRF token and no
cookie, only the signed link.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from desk.models import Briefing
from desk.project.client_address import client_address
from desk.project.logs import security_event
from desk.subscriptions import subscribing
from desk.subscriptions.forms import SubscribeForm
from desk.subscriptions.models import Frequency, Subscription
from desk.subscriptions.tokens import LinkRefused, read_confirmation, read_unsubscribe


def _refused(request: HttpRequest, error: LinkRefused) -> HttpResponse:
    return render(
        request, "subscriptions/link_refused.html", {"expired": error.expired}, status=400
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    """The form; a valid request always leads to the same "check your inbox" page."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if subscribing.over_the_limit(client_address(request)):
            security_event("subscribe_throttled", request)
            context = {"briefing": briefing, "form": form, "throttled": True}
            return render(request, "subscriptions/subscribe.html", context, status=429)
        subscribing.request_subscription(
            briefing=briefing,
            email=form.cleaned_data["email"],
            frequency=form.cleaned_data["frequency"],
            language=get_language(),
        )
        return redirect("subscriptions:asked", slug=briefing.slug)
    return render(request, "subscriptions/subscribe.html", {"briefing": briefing, "form": form})


@require_GET
def asked(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    return render(request, "subscriptions/asked.html", {"briefing": briefing})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the link asks, with a Confirm button; POST: the subscription starts."""
    try:
        asked_for = read_confirmation(token)
        if request.method == "POST":
            subscription = subscribing.confirm(asked_for)
            return render(
                request,
                "subscriptions/confirmed.html",
                {
                    "briefing": subscription.briefing,
                    "frequency": Frequency(subscription.frequency).label,
                },
            )
    except LinkRefused as error:
        return _refused(request, error)
    subscription = (
        Subscription.objects.select_related("briefing")
        .filter(pk=asked_for.subscription_id, briefing__is_public=True)
        .first()
    )
    if subscription is None:
        return _refused(request, LinkRefused())
    context = {
        "briefing": subscription.briefing,
        "frequency": Frequency(asked_for.frequency).label,
    }
    if subscription.is_active and subscription.frequency == asked_for.frequency:
        # Nothing left to confirm: a second button would make the reader wonder whether it took.
        return render(request, "subscriptions/confirmed.html", {**context, "already": True})
    return render(request, "subscriptions/confirm.html", context)


@csrf_exempt  # RFC 8058: mail programs POST without a token; the signed link is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with the button; POST (the button, or a mail program's one click): done."""
    try:
        subscription_id = read_unsubscribe(token)
    except LinkRefused as error:
        return _refused(request, error)
    if request.method == "POST":
        subscription = subscribing.unsubscribe(subscription_id)
        template = "subscriptions/unsubscribed.html"
    else:
        subscription = (
            Subscription.objects.select_related("briefing").filter(pk=subscription_id).first()
        )
        template = "subscriptions/unsubscribe.html"
    # A briefing made private since is not named, even to its former subscriber.
    briefing = subscription.briefing if subscription else None
    context = {
        "briefing": briefing if briefing and briefing.is_public else None,
        "still_subscribed": bool(subscription and subscription.is_active),
    }
    return render(request, template, context)
