"""Refusals as the API answers them: `{"detail": "…"}`, the shape DRF gives its own errors."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was refused and why, in plain words.")


def problem(message: str, status_code: int, *, etag: str | None = None) -> Response:
    """A refusal with its reason; with the current ETag when the client's was stale."""
    headers = {"ETag": etag} if etag else None
    return Response({"detail": message}, status=status_code, headers=headers)
