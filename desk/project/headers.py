"""Response headers every answer carries, beyond those Django and django-csp set.

Permissions-Policy switches off the browser features the desk never uses, so that even injected
markup could not ask for a camera or a location; Cross-Origin-Resource-Policy keeps other sites
from embedding the desk's answers. Any Server header naming the software is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Every powerful feature browsers gate behind this header; the desk uses none of them.
UNUSED_FEATURES = (
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES)


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy and Cross-Origin-Resource-Policy; removes Server."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "Server" in response.headers:
            del response.headers["Server"]
        return response


class PrivateAnswersMiddleware:
    """No shared cache ever keeps an answer meant for one person.

    An answer to someone signed in, or one that sets a cookie (a session, a CSRF token), is
    marked `private, no-store` unless its view already said `private` (the API's conditional
    answers keep their own `private, no-cache`). Public pages say what shared caches may keep
    themselves (desk.public.front_cache), and only for readers without a session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or bool(response.cookies)
        if personal and "private" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
            if "Surrogate-Key" in response:
                del response["Surrogate-Key"]
        return response
