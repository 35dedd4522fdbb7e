"""The interface language: English unless the person chose another with the switch.

Django's LocaleMiddleware would also read the browser's Accept-Language header. The desk
deliberately does not: people (and automated checks) run browsers in many locales and expect
the English interface until they ask for another, and a page must not change language because
of a header the reader never chose. So the language comes from the language cookie that
Django's `set_language` view writes (the switch in the footer), else LANGUAGE_CODE.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import get_supported_language_variant


def chosen_language(request) -> str:
    """The language the person chose with the switch, else the default; never the header."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
    except LookupError:
        return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware, with the language taken from the switch's cookie only."""

    def process_request(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No language prefixes in URLs, so no redirects; Vary on Cookie (set by the public
        # cache and sessions), never on Accept-Language, which the desk does not read.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
