"""Settings for the bench server only: the production settings, plus the bench-only URLs.

`make bench` starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings; production never does.
Everything else (DEBUG, the database, the secret key) comes from the environment as usual.
"""

import os

from desk.settings import *  # noqa: F403
from desk.settings import BASE_DIR

ROOT_URLCONF = "bench.urls"
# collectstatic for the bench writes here, never into the project's staticfiles/.
STATIC_ROOT = BASE_DIR / "bench" / "work" / "staticfiles"

if os.environ.get("BENCH_CACHE", "on") == "off":
    # The uncached rows: whatever the app keeps in Django's caches is recomputed every time.
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias in globals().get("CACHES", {"default": {}})
    }
