"""Signing in to the API with a personal token: `Authorization: Token <secret>` (or Bearer)."""

from __future__ import annotations

from django.utils import formats
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from desk.models import ApiToken

KEYWORDS = ("token", "bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """A token made in the desk (/desk/tokens/) acts as its owner, with the owner's roles."""

    def authenticate(self, request):
        header = get_authorization_header(request)
        parts = header.split()
        if not parts:
            if "HTTP_AUTHORIZATION" in request.META:
                raise AuthenticationFailed("The Authorization header is empty.")
            return None
        if parts[0].decode("latin-1").lower() not in KEYWORDS:
            # Credentials the API cannot read are refused, not taken for no credentials: a
            # client that believes it is signed in must not be answered as anonymous.
            raise AuthenticationFailed(
                "The API reads only “Authorization: Token <secret>” (or Bearer)."
            )
        if len(parts) != 2:
            raise AuthenticationFailed(
                "Send the token as “Authorization: Token <secret>”, the secret in one piece."
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("This API token is not known.") from None
        token = ApiToken.objects.matching(secret)
        if token is None:
            raise AuthenticationFailed("This API token is not known.")
        if token.is_revoked:
            raise AuthenticationFailed(
                f"This API token was revoked on {_when(token.revoked_at)}; make a new one."
            )
        if token.is_expired:
            raise AuthenticationFailed(
                f"This API token expired on {_when(token.expires_at)}; make a new one."
            )
        if not token.user.is_active:
            raise AuthenticationFailed("The account this API token belongs to is disabled.")
        token.mark_used()
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'


def _when(moment) -> str:
    return formats.date_format(moment, "DATETIME_FORMAT")


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and Swagger UI's Authorize button) describes the token."""

    target_class = "desk.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token made at /desk/tokens/, sent as "
                "`Authorization: Token <secret>` or `Authorization: Bearer <secret>`."
            ),
        }
