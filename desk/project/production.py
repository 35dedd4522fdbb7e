"""What production needs before it serves a single request, said plainly when it is missing."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# A message about the key, not a key (ruff's S105 reads the name).
MISSING_SECRET = (
    "SECRET_KEY must be set when DEBUG is off (production). "  # noqa: S105
    "Set DEBUG=1 for local development, or export a long random SECRET_KEY."
)
MISSING_HOSTS = "ALLOWED_HOSTS must list the host names this desk answers to."


def missing_for_serving() -> list[str]:
    """What stops this configuration from serving the desk, as messages; empty when ready."""
    if settings.DEBUG or settings.TESTING:
        return []
    problems = []
    # Read past django.conf.settings' own guard, which would answer an empty key with a terser
    # message of its own before this one could be said.
    if not vars(settings._wrapped).get("SECRET_KEY"):
        problems.append(MISSING_SECRET)
    if not settings.ALLOWED_HOSTS:
        problems.append(MISSING_HOSTS)
    return problems


def require_serving_settings() -> None:
    """Refuse to start a server (WSGI or ASGI) without what production needs."""
    problems = missing_for_serving()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))


@checks.register(checks.Tags.security, deploy=True)
def check_serving_settings(app_configs=None, **kwargs) -> list[checks.Error]:
    """`manage.py check --deploy` says the same."""
    return [checks.Error(problem, id="desk.E001") for problem in missing_for_serving()]
