"""Reading a JSON request body without letting it stall or crash the desk.

DRF's JSONParser decodes with whatever charset the request names (`punycode` decodes in
quadratic time, an unknown one raises), reads a body of any size, and lets a body nested
100,000 deep escape as a RecursionError, a 500. Here JSON is UTF-8 (RFC 8259 §8.1), a body is
at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes, and too deep a body is a 400 that says so.
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import exceptions, renderers, status
from rest_framework.parsers import BaseParser
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant
from rest_framework.utils.mediatypes import _MediaType

from sources.web_encodings import web_encoding

UTF8 = {"utf-8", "utf-8-sig"}


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the desk accepts."
    default_code = "too_large"


def limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) or 2_621_440


class JsonParser(BaseParser):
    """JSON bodies: UTF-8 only, bounded in size, and a clear 400 for any that cannot be read.

    Not a subclass of DRF's JSONParser on purpose: DRF reads the whole body of those itself
    first, and answers an oversized one with Django's bare HTML 400 instead of this 413.
    """

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer
    strict = api_settings.STRICT_JSON

    def parse(self, stream, media_type=None, parser_context=None):
        charset = _MediaType(media_type or self.media_type).params.get("charset")
        if charset and web_encoding(charset) not in UTF8:
            raise exceptions.ParseError(
                f"JSON is read as UTF-8; this body says it is “{charset[:40]}”."
            )
        most = limit()
        data = stream.read(most + 1) if stream is not None else b""
        if len(data) > most:
            raise BodyTooLarge(
                f"The request body is larger than {most:,} bytes, the most the desk accepts."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(
                f"JSON must be UTF-8; byte {error.start} of the body is not."
            ) from None
        parse_constant = strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise exceptions.ParseError(
                "The JSON body is nested more deeply than the desk reads."
            ) from None
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
