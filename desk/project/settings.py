"""Settings for Briefing Desk, read from the environment.

Every value that differs between a laptop and production comes from an environment variable,
read through the small helpers in desk/project/environment.py, which refuse a malformed value loudly
instead of guessing.
"""

import os
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from desk.project.environment import env_bool, env_int, env_list, env_str
from desk.project.logs import logging_settings

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = env_bool("DEBUG", default=False)
# Under pytest the environment is a test one even when DESK_TESTING is not exported, in each of
# pytest-xdist's worker processes too (their argv names no pytest).
TESTING = env_bool(
    "DESK_TESTING",
    default="pytest" in "/".join(Path(sys.argv[0]).parts[-2:])
    or "PYTEST_XDIST_WORKER" in os.environ,
)

# Production (DEBUG off) needs a SECRET_KEY and ALLOWED_HOSTS. They are enforced where the desk
# is served (desk/project/production.py, called by wsgi.py and asgi.py) and by `check --deploy`, not
# here: commands that serve nothing (makemigrations, collectstatic) run without secrets.
SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY and (DEBUG or TESTING):
    # Development and tests only: a fixed key is harmless where nothing is real.
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "csp",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django's Tasks API (django.tasks from Django 6; the django-tasks backport before it).
    *([] if find_spec("django.tasks") else ["django_tasks"]),
    "django_tasks_db",
    "sources",
    "events",
    "desk",
    "desk.public",
    "desk.webhooks",
    "desk.subscriptions",
    "desk.periodic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy on every answer; no Server header.
    "desk.project.headers.SecurityHeadersMiddleware",
    # Answers for one person (signed in, or setting a cookie) are never kept by shared caches.
    "desk.project.headers.PrivateAnswersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language from the footer's switch only, never Accept-Language
    # (desk.project.languages).
    "desk.project.languages.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Each person's time zone (preferences, else their browser's) for every time shown or typed.
    "desk.project.timezones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After a signed-in person's POST, the desk's kept counts are counted afresh.
    "desk.desk_state.DeskStateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "desk.project.urls"
WSGI_APPLICATION = "desk.project.wsgi.application"
ASGI_APPLICATION = "desk.project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "desk.context_processors.roles",
                "desk.project.timezones.time_zone",
                "desk.inbox.attention_counts",
                "desk.webhooks.access.webhooks_link",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the timeout instead of
    # one failing with "database is locked" half way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", default="") or None}
if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared memory, so that tests with threads see SQLite's real locking (its
    # shared-cache memory mode answers "table is locked" at once instead of waiting).
    DATABASES["default"]["TEST"]["NAME"] = DATABASES["default"]["TEST"]["NAME"] or str(
        Path(tempfile.gettempdir()) / f"briefing-desk-test-{os.getpid()}.sqlite3"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a login while its user and address are locked out, before checking the password.
    "axes.backends.AxesStandaloneBackend",
    # Refuses a login to an account paused by wrong passwords from many addresses.
    "desk.project.lockouts.AccountPauseBackend",
    # The model backend, with the roles' permissions read from one table in the code.
    "desk.role_permissions.RolePermissionsBackend",
]
# The number of proxies in front of the desk that append to X-Forwarded-For (0: none, the header
# is ignored). The client's address is read once, in desk/project/client_address.py, for sign-in
# lockouts, the API's throttle and the security logs alike.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
# Lockout after repeated failures for one user from one client address (django-axes), longer
# each time it locks again (desk/project/lockouts.py): guesses from elsewhere never lock the real
# user.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_COOLOFF_TIME = "desk.project.lockouts.cool_off"
AXES_CLIENT_IP_CALLABLE = "desk.project.client_address.client_network"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "desk.project.lockouts.locked_out"
# Wrong passwords for one account from any addresses within an hour before it takes no sign-in
# (desk/project/lockouts.py: a guess spread over many addresses is slowed too; 0 turns it off).
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "briefings:list"

LANGUAGE_CODE = "en-gb"
# The interface languages offered by the switch in the footer (desk.project.languages); English
# is the source text, Polish is translated in locale/pl (compiled .mo files are committed).
LANGUAGES = [("en-gb", "English"), ("pl", "Polski")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development and tests, WhiteNoise serves straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING

EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="desk@localhost")
# The mail server, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (readers'
# digests, confirmations, the desk's notices); Django's defaults: a relay on this host.
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=30)
# The desk's own address: every absolute URL it writes (pages, feeds, sitemap, exports, e-mail,
# the API) starts with it, never with the Host a request names (desk/project/site_url.py). Tests use
# the name Django's test client sends.
SITE_URL = env_str("SITE_URL", default="http://testserver" if TESTING else "http://127.0.0.1:8000")

# Content-Security-Policy: no inline script or style anywhere; everything from this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sessions and cookies: HttpOnly always, Secure whenever the site is not served over plain HTTP.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG and not TESTING)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers and front caches check health over plain HTTP on the inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True


# The cache holds the public pages and their state; every worker must share it, so production
# uses Redis (REDIS_URL) or, on a single host, a folder on disk. Tests use local memory.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Each worker also keeps, in its own memory, what never changes under its key: an item's
# rendered HTML (desk.public.fragments). Reading 50 of them back from Redis or the disk was a
# fifth of an uncached page; a key's value is the same on every server, so nothing goes stale.
CACHES["in_process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kept-fragments",
    # About 8 MB at most: forty pages of fifty items, well inside a worker's memory budget.
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# A front cache (Varnish, a CDN) in front of the public pages (desk.public.front_cache): the
# purger that tells it what a decision changed ("" for none: shared caches then keep nothing
# without asking again), where to send purges, and how long it may keep and serve stale pages.
FRONT_CACHE_PURGER = env_str("FRONT_CACHE_PURGER", default="")
FRONT_CACHE_PURGE_URLS = env_list("FRONT_CACHE_PURGE_URLS", default=[])
FRONT_CACHE_PURGE_METHOD = env_str("FRONT_CACHE_PURGE_METHOD", default="PURGE")
FRONT_CACHE_PURGE_HEADER = env_str("FRONT_CACHE_PURGE_HEADER", default="xkey-purge")
FRONT_CACHE_SECONDS = env_int("FRONT_CACHE_SECONDS", default=86400)
FRONT_CACHE_STALE_WHILE_REVALIDATE = env_int("FRONT_CACHE_STALE_WHILE_REVALIDATE", default=30)
FRONT_CACHE_STALE_IF_ERROR = env_int("FRONT_CACHE_STALE_IF_ERROR", default=86400)

# What other apps add to the source reader (see sources.views.reader).
SOURCE_READER_LAYERS = ["desk.reader.excerpt_layer", "events.layers.reader_suggestions_layer"]
# What the desk adds to the events app (see desk/event_links.py).
EVENT_PAGE_LAYERS = ["desk.event_links.event_excerpts_layer"]
EVENT_TIMELINE_SCOPES = "desk.event_links.timeline_scope"
EVENT_TIMELINE_SCOPE_CHOICES = "desk.event_links.timeline_scope_choices"
EVENT_FROM_SUGGESTION_REDIRECT = "desk.event_links.excerpt_for_suggestion"

# Source imports: the largest text the desk will store, in bytes, and fetching from URLs.
SOURCE_MAX_BYTES = env_int("SOURCE_MAX_BYTES", default=5 * 1024 * 1024)
# A pasted or uploaded text up to the limit reaches the importer, which explains a refusal.
DATA_UPLOAD_MAX_MEMORY_SIZE = SOURCE_MAX_BYTES + 65536
FILE_UPLOAD_MAX_MEMORY_SIZE = SOURCE_MAX_BYTES + 65536
SOURCES_FETCH_TIMEOUT = env_int("SOURCES_FETCH_TIMEOUT", default=10)
# Documents (PDF, Word, e-mail, scans): the largest file kept as an original, the most pages
# read, and the longest a worker spends on one file before giving up with a clear message.
SOURCE_MAX_FILE_BYTES = env_int("SOURCE_MAX_FILE_BYTES", default=50 * 1024 * 1024)
SOURCE_MAX_PAGES = env_int("SOURCE_MAX_PAGES", default=2000)
SOURCE_READING_MAX_SECONDS = env_int("SOURCE_READING_MAX_SECONDS", default=600)
# The most a document may expand to when unpacked (a .docx archive, a PDF's compressed streams):
# a small file that would expand beyond it (a decompression bomb) is refused unread.
SOURCE_MAX_INFLATED_BYTES = env_int("SOURCE_MAX_INFLATED_BYTES", default=200 * 1024 * 1024)
# Every reading of a document runs in a box (sources.reading_box): a child process allowed this
# much address space beyond what the worker maps already, killed mid-page when it passes
# SOURCE_READING_MAX_SECONDS. A file that needs more is refused with the reason.
SOURCE_READING_MAX_MEMORY = env_int("SOURCE_READING_MAX_MEMORY", default=1024 * 1024 * 1024)
# The most pixels one scanned page may have when it is rendered or decoded (a PDF page drawn
# at 300 dpi is scaled down to fit; an image or TIFF frame beyond it is refused).
SOURCE_MAX_PAGE_PIXELS = env_int("SOURCE_MAX_PAGE_PIXELS", default=50_000_000)
for _name, _least in (
    ("SOURCE_READING_MAX_MEMORY", 64 * 1024 * 1024),
    ("SOURCE_READING_MAX_SECONDS", 1),
    ("SOURCE_MAX_PAGE_PIXELS", 1_000_000),
    ("SOURCE_MAX_INFLATED_BYTES", 1024 * 1024),
):
    if globals()[_name] < _least:
        raise ImproperlyConfigured(
            f"{_name}={globals()[_name]} is below {_least}, too little to read a document."
        )
# A reading worker silent for this long is taken to be lost, and its job given to another.
SOURCE_JOB_STALE_SECONDS = env_int("SOURCE_JOB_STALE_SECONDS", default=60)
# Tests only: a pause after each page, so that a test can stop a worker half way through.
SOURCE_READING_PAGE_PAUSE = float(env_str("SOURCE_READING_PAGE_PAUSE", default="0"))
# OCR: Tesseract's languages, and the confidence (0-100) below which a paragraph is marked.
SOURCE_OCR_LANGUAGES = env_str("SOURCE_OCR_LANGUAGES", default="eng+rus+bel+ukr+pol")
SOURCE_OCR_LOW_CONFIDENCE = env_int("SOURCE_OCR_LOW_CONFIDENCE", default=70)
SOURCES_FETCH_MAX_REDIRECTS = 5
# Only tests fetch from this machine: loopback and private addresses are refused otherwise.
SOURCES_FETCH_ALLOW_LOOPBACK = False
SOURCE_LIST_COUNTS = "desk.reader.excerpt_counts"
# What an editor is told on changing a source's details or an actor or event that published
# items show: how many, and that a reviewer must carry the change (desk.record_notices).
SOURCE_CHANGE_NOTICE = "desk.record_notices.source_notice"
EVENT_CHANGE_NOTICE = "desk.record_notices.actor_or_event_notice"
# What a new version of a source would do to its excerpts: shown before saving, then applied.
SOURCE_VERSION_IMPACT = "desk.reanchoring.impact"

# Webhooks (desk/webhooks): one deadline in seconds per attempt, the attempts before giving up,
# the wait after the first failure (four times longer after each next one, at most 12 hours),
# and how long a replaced signing secret still signs. Receivers on the desk's own network
# (private and loopback addresses) only when WEBHOOKS_ALLOW_PRIVATE_ADDRESSES says so; link-local
# and reserved addresses never.
WEBHOOKS_TIMEOUT = env_int("WEBHOOKS_TIMEOUT", default=5)
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", default=8)
WEBHOOKS_FIRST_RETRY_SECONDS = env_int("WEBHOOKS_FIRST_RETRY_SECONDS", default=30)
WEBHOOKS_SECRET_GRACE_HOURS = env_int("WEBHOOKS_SECRET_GRACE_HOURS", default=24)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)

# Uploaded and fetched originals (sources.originals), through the default storage backend.
MEDIA_ROOT = env_str(
    "MEDIA_ROOT",
    default=str(Path(tempfile.gettempdir()) / f"briefing-desk-media-{os.getpid()}")
    if TESTING
    else str(BASE_DIR / "media"),
)
MEDIA_URL = "/media/"  # Never served: originals are downloaded through a staff-only view.

# Background work goes through Django's Tasks API onto queues kept in the database, one per kind
# of work, so that none waits behind another: reading documents (HTML, PDF, Word, e-mail, web
# addresses), OCR of scans, deliveries (webhooks, e-mail) with the desk's own short tasks
# (default), and periodic work. Each task names its queue (sources.queues.Queue);
# `manage.py desk_worker` runs one worker process per set of TASK_WORKER_QUEUES (space between
# processes, comma between the queues one process takes) and keeps the desk's clock
# (desk.periodic). Tests run tasks at once unless they start a real worker.
_TASKS_PACKAGE = "django.tasks" if find_spec("django.tasks") else "django_tasks"
TASK_QUEUES = ["reading", "ocr", "deliveries", "periodic", "default"]
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            default=f"{_TASKS_PACKAGE}.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": TASK_QUEUES,
    }
}
TASK_WORKER_QUEUES = env_str(
    "TASK_WORKER_QUEUES", default="reading ocr deliveries,default periodic"
).split()
# Readings one person may have waiting or under way at once; past it the form says so.
SOURCE_READINGS_PER_PERSON = env_int("SOURCE_READINGS_PER_PERSON", default=4)
# How often the desk's clock looks for periodic work that is due (desk.periodic).
PERIODIC_TICK_SECONDS = env_int("PERIODIC_TICK_SECONDS", default=5)

REST_FRAMEWORK = {
    # Tokens first: its "Token" challenge is what turns an anonymous refusal into a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "desk.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed unless a view says otherwise: every endpoint names who may use it.
    "DEFAULT_PERMISSION_CLASSES": ["desk.api.permissions.IsDeskStaff"],
    "DEFAULT_FILTER_BACKENDS": ["desk.api.filtering.ApiFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # UTF-8 only, bounded, and a 400 for a body too deep to read (desk/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["desk.api.parsers.JsonParser"],
    "DEFAULT_PAGINATION_CLASS": "desk.api.pagination.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["desk.api.throttling.AnonymousRateThrottle"],
    # DRF's own reading of X-Forwarded-For; the desk's throttle asks desk/project/client_address.py.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Tests make many anonymous requests a minute; they check throttling at a rate of their own.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", default="100000/minute" if TESTING else "120/minute")
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Every error as RFC 9457 problem details; an unknown ?format= is a 406, not a 404.
    "EXCEPTION_HANDLER": "desk.api.problems.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "desk.api.negotiation.HonestContentNegotiation",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Briefing Desk API",
    "DESCRIPTION": (
        "Sources, excerpts and their review workflow, events, actors and the public briefings. "
        "Anonymous clients see only the published items of public briefings. "
        "Every edit and every workflow decision (submit, approve, publish, …) sends If-Match "
        "with the excerpt's ETag as you read it: 428 without it, 409 or 412 when the excerpt "
        "changed since, so a decision is always taken on what you saw."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ExcerptStatusEnum": "desk.publishing.states.Status",
        "StatementKindEnum": "desk.models.excerpt.StatementKind",
        "ActorKindEnum": "events.models.ActorKind",
        "AuditKindEnum": "desk.models.audit.AuditEntry.Kind",
    },
    # The docs pages load Swagger UI and Redoc from the app's own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every status an operation can answer, each error with the RFC 9457 problem schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "desk.api.schema.add_problems",
    ],
}

LOGGING = logging_settings(
    log_format=env_str("LOG_FORMAT", default="plain" if DEBUG or TESTING else "json"),
    level=env_str("LOG_LEVEL", default="INFO"),
)
