"""A source's language by name in the interface language: `{{ source.language|language_in_words }}`
gives "English" (or "angielski" to a Polish reader) for "en", from Django's own names of
languages; a code Django has no name for is shown as it is."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language_info, gettext

register = template.Library()


@register.filter
def language_in_words(code: str) -> str:
    try:
        info = get_language_info(code)
    except KeyError:
        return code
    # Django marks its names of languages for translation; the interface language's catalogue
    # holds them, as in its own language_name_translated filter.
    return gettext(info["name"])
