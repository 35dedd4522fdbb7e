"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.project.settings")
application = get_asgi_application()

from desk.project.production import require_serving_settings  # noqa: E402 - needs the settings loaded

require_serving_settings()
