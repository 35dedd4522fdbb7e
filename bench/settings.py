"""Settings for the bench server only: the production settings, plus the bench-only URLs.

`make bench` starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings; production never does.
Everything else (DEBUG, the database, the secret key, the caches) comes from the environment as
usual; bench.database.environment() sets it.
"""

import os

from desk.project.settings import *  # noqa: F403
from desk.project.settings import BASE_DIR

# Django's own default when the project does not configure its caches.
_CACHES = globals().get(
    "CACHES", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

ROOT_URLCONF = "bench.urls"
# collectstatic for the bench writes here, never into the project's staticfiles/.
STATIC_ROOT = BASE_DIR / "bench" / "work" / "staticfiles"

# A prefix of its own per run and database size: nothing cached before the data changed is
# ever served, and a cache shared with other programs (Redis) is never cleared by the bench.
CACHES = {
    alias: {**config, "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "bench")}
    for alias, config in _CACHES.items()
}
if os.environ.get("BENCH_CACHE", "on") == "off":
    # The uncached rows: every page is rendered for each request, as a reader whose URL no one
    # asked for before meets it. What production keeps below the page (each published item's
    # HTML, the filter menus: desk.public.fragments) stays kept, as it does in production; a
    # DummyCache would measure a deployment that keeps nothing, which none is.
    PUBLIC_PAGE_CACHE = False
