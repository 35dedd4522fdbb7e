"""Settings for the bench server only: the production settings, plus the bench-only URLs.

`make bench` starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings; production never does.
Everything else (DEBUG, the database, the secret key, the caches) comes from the environment as
usual; bench.database.environment() sets it.
"""

import os

from desk.settings import *  # noqa: F403
from desk.settings import BASE_DIR

# Django's own default when the project does not configure its caches.
_CACHES = globals().get(
    "CACHES", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

ROOT_URLCONF = "bench.urls"
# collectstatic for the bench writes here, never into the project's staticfiles/.
STATIC_ROOT = BASE_DIR / "bench" / "work" / "staticfiles"

if os.environ.get("BENCH_CACHE", "on") == "off":
    # The uncached rows: every cache lookup misses, so each request computes all it shows.
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in _CACHES
    }
else:
    # A prefix of its own per run and database size: nothing cached before the data changed is
    # ever served, and a cache shared with other programs (Redis) is never cleared by the bench.
    CACHES = {
        alias: {**config, "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "bench")}
        for alias, config in _CACHES.items()
    }
