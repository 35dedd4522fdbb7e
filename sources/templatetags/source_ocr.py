"""OCR in templates: `{% if block|doubtful %}` for a paragraph read from a scan with a
confidence below settings.SOURCE_OCR_LOW_CONFIDENCE, to be checked against the original."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def doubtful(block) -> bool:
    confidence = getattr(block, "confidence", None)
    return confidence is not None and confidence < settings.SOURCE_OCR_LOW_CONFIDENCE
