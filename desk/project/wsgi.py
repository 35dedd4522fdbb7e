"""WSGI entry point for production servers (gunicorn desk.project.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.project.settings")
application = get_wsgi_application()

from desk.project.production import require_serving_settings  # noqa: E402 - needs the settings loaded
from desk.project.server_header import hide  # noqa: E402

require_serving_settings()
hide()
