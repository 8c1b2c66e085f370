"""Settings shared by every environment.

Everything that differs between machines comes from the environment (or the
`.env` file that `make run` writes), read through django-environ, which fails
loudly on a malformed value.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from core.security import PORTAL_CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCAL_DIR = BASE_DIR / ".local"

env = environ.Env()
# ENV_FILE points elsewhere (a deployment's file, or an empty one for a test that must not see the checkout's).
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
# Old keys still accepted for sessions and signed links while a new SECRET_KEY is rolled out.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Debug pages only when asked for (DEBUG=true): `make run` shows the portal's own Thai 404/500 pages.
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # The shared core, then one app per domain.
    "core",
    "wisdom",
    "products",
    "network",
    "tourism",
    "evaluation",
    # Benefit-sharing agreements and their ledger (reads evaluation and tourism figures).
    "benefits",
    "campaigns",
    # Public face: Thai-aware search over the domain apps (depends on them, not the reverse).
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (the admin and /api/docs/ get their own) and Permissions-Policy: core/security.py
    "core.security.PortalCSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    # PostgreSQL down or restarting: a clean Thai 503 (JSON under /api/), never a 500.
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.middleware.RejectMalformedInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous visitors' public pages from a cache that is never stale (core/pagecache.py).
    "core.pagecache.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "otop_portal.urls"
WSGI_APPLICATION = "otop_portal.wsgi.application"

# Django's widget templates, with the <select> (an include per option) written out in Python: core/form_renderer.py
FORM_RENDERER = "core.form_renderer.PortalFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
            "builtins": ["core.templatetags.thai", "core.templatetags.portal"],
        },
    }
]

# One PostgreSQL schema. `make run` writes DATABASE_URL for the project-local
# server into .env; the default below is the machine's PostgreSQL service.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/otop_portal")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A persistent connection is checked before a request reuses it, so one broken by a PostgreSQL restart is
# replaced rather than failing the request; a server that is down fails fast (core.middleware answers 503).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No server-side cursors: Django would open one (DECLARE ... WITH HOLD, FETCH, CLOSE: three round trips and a
# materialised result) for every `.iterator()`, which every model <select> of a form or filter runs to list its
# choices (ModelChoiceIterator) — most of a filtered list page's database time. Nothing here iterates over rows
# too many to hold (and a transaction pooler such as PgBouncer needs this off anyway).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5))
# A PostgreSQL read replica for the heavy reads (search, dashboards, reports) when DATABASE_REPLICA_URL is
# set: only read paths that ask for it through core.db_router.using_replica() go there, never a write, a
# read inside a transaction, or a read after this request's own write (core/db_router.py).
DATABASE_REPLICA_ALIAS = ""
if env("DATABASE_REPLICA_URL", default=""):
    DATABASE_REPLICA_ALIAS = "replica"
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].update({key: DATABASES["default"][key] for key in
                                 ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS",
                                  "DISABLE_SERVER_SIDE_CURSORS")})
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5))
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
# Retry-After (seconds) of the 503 answered while the database is unreachable.
DB_UNAVAILABLE_RETRY_AFTER = env.int("DB_UNAVAILABLE_RETRY_AFTER", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Reverse proxies in front of the portal whose X-Forwarded-For may be believed (nginx, a load
# balancer): 0 = none, the client address is REMOTE_ADDR. Used by the API throttles, the HTML form
# throttles (core.throttles) and django-axes alike.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]

# Failed logins are throttled by django-axes: after AXES_FAILURE_LIMIT failures
# for one username from one address, further attempts are refused for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ไทย")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Bangkok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served from a public folder: every download goes
# through core.files (which checks the owning object's visibility).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Backups (manage.py backup / restore and the nightly beat task core.nightly_backup): one folder per backup
# under BACKUP_DIR (keep it outside MEDIA_ROOT and copy it off the machine); the newest BACKUP_KEEP are kept.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(LOCAL_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# The bin folder of the PostgreSQL client tools (pg_dump, pg_restore, psql) to prefer; empty = found automatically.
BACKUP_PG_BINDIR = env("BACKUP_PG_BINDIR", default="")
MEDIA_URL = "/files/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several web nodes: MEDIA_ROOT on a shared path (NFS), or an S3-compatible bucket through django-storages
# (`pip install ".[s3]"`) when MEDIA_S3_BUCKET is set. Objects stay private (no ACL, signed URLs never
# handed out): every download still streams through core.files' permission check. NOT tested here (no
# S3-compatible server on the test machines) — see deploy/README.md.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default=env("AWS_STORAGE_BUCKET_NAME", default=""))
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("MEDIA_S3_REGION", default="") or None,
            "location": env("MEDIA_S3_PREFIX", default="media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# The longest text any field of the portal takes (a wisdom record's process, a question, an issue);
# longer posted or JSON text is a 400 with a clear message (core.middleware, core.api.parsers).
MAX_TEXT_LENGTH = env.int("MAX_TEXT_LENGTH", default=20_000)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Limits for uploaded images (core.uploads).
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=8 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=15 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Creative OTOP Ang Thong <no-reply@otop-angthong.local>")
# The outbox (core.outbox): e-mails are rows written with the business change, sent by the Celery task
# core.deliver_email after commit; a failed send is retried after EMAIL_RETRY_BACKOFF seconds, doubled
# each time (at most an hour), and given up (status "failed", kept for staff) after EMAIL_MAX_ATTEMPTS.
# EMAIL_TIMEOUT bounds one SMTP conversation (seconds).
vars().setdefault("EMAIL_TIMEOUT", env.int("EMAIL_TIMEOUT", default=30))
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_BACKOFF = env.float("EMAIL_RETRY_BACKOFF", default=60.0)
# True only in the test settings: after commit the delivery task runs in-process (mail.outbox).
EMAIL_DELIVER_INLINE = False

# --- Notifications (core.notifications) and LINE (core.line) -------------------------------------
# The LINE channel is on only when both the Messaging API channel access token and the channel secret are
# set (README "LINE setup"); without them the bell and e-mail work and the profile says LINE is off.
LINE_CHANNEL_ACCESS_TOKEN = env("LINE_CHANNEL_ACCESS_TOKEN", default="")
LINE_CHANNEL_SECRET = env("LINE_CHANNEL_SECRET", default="")
LINE_API_BASE = env("LINE_API_BASE", default="https://api.line.me")  # tests point it at a local fake
LINE_OA_BASIC_ID = env("LINE_OA_BASIC_ID", default="")  # "@123abcde": the "add friend" link on the profile
LINE_LINK_CODE_MINUTES = env.int("LINE_LINK_CODE_MINUTES", default=15)
LINE_TIMEOUT = env.float("LINE_TIMEOUT", default=10.0)
# A failed LINE push (network error, 429, 5xx) is retried after NOTIFY_RETRY_BACKOFF seconds, doubled each
# time (at most an hour), and recorded failed after NOTIFY_MAX_ATTEMPTS; a refused token (401/403) fails at once.
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=5)
NOTIFY_RETRY_BACKOFF = env.float("NOTIFY_RETRY_BACKOFF", default=60.0)
NOTIFY_DELIVER_INLINE = False  # tests: deliver in-process after commit (one attempt)

# --- Celery -------------------------------------------------------------
# With REDIS_URL the broker and the results go through Redis. Without it an
# embedded broker that needs no server: kombu's filesystem transport in
# .local/celery/, results in the database (django-celery-results).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(LOCAL_DIR / "celery")))
# With acks_late a task whose worker died is redelivered by Redis once its message has been unacknowledged
# for CELERY_VISIBILITY_TIMEOUT seconds (kombu's default, an hour); keep it above the longest task.
# Reports and e-mails do not wait for it: beat sweeps re-queue what a dead worker left (README, Celery).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = "django-db"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # kombu's exchange tables: under .local/, not control/ in the checkout
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
# Celery queues, so workers scale by kind of work (deploy/README.md): `reports` (report generation, backups:
# long, CPU and memory), `notifications` (e-mail delivery and its sweep, reminders: short, many) and `default`
# (the rest). A worker consumes what its -Q names; `make run`'s embedded worker consumes all three.
PORTAL_TASK_QUEUES = ("default", "reports", "notifications")
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "evaluation.generate_report": {"queue": "reports"},
    "evaluation.monthly_report": {"queue": "reports"},
    "evaluation.requeue_stalled_reports": {"queue": "reports"},
    "core.nightly_backup": {"queue": "reports"},
    "core.deliver_email": {"queue": "notifications"},
    "core.email_sweep": {"queue": "notifications"},
    "network.send_event_reminders": {"queue": "notifications"},
    "network.registration_notify": {"queue": "notifications"},
    "core.deliver_notification": {"queue": "notifications"},
    "core.notification_sweep": {"queue": "notifications"},
    "evaluation.income_missing_reminders": {"queue": "notifications"},
    "products.standard_expiry_reminders": {"queue": "notifications"},
}
# The caches: "default", and "throttles" for the rate-limit counters (anonymous bookings/registrations,
# core.throttles), shared by every web process through Redis when there is one, per process otherwise.
# core.cache.SafeRedisCache never lets a Redis outage become a 500: "default" treats Redis errors as misses,
# "throttles" keeps counting in a per-process local cache (a limit still holds), both with short socket
# timeouts and leaving a dead Redis alone for a few seconds (README "When Redis or PostgreSQL goes away").
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.25)
if REDIS_URL:
    _redis_cache_options = {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT,
                            "RETRY_AFTER": 5}
    CACHES = {
        "default": {"BACKEND": "core.cache.SafeRedisCache", "LOCATION": REDIS_URL,
                    "OPTIONS": _redis_cache_options},
        "throttles": {"BACKEND": "core.cache.SafeRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "throttle",
                      "OPTIONS": {**_redis_cache_options, "LOCAL_FALLBACK": True}},
        "pages": {"BACKEND": "core.cache.SafeRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pages",
                  "OPTIONS": _redis_cache_options},
    }
    # Publishing a task must not hang a request on a dead broker: fail fast (core.tasks_dispatch keeps it).
    CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "socket_connect_timeout": 1,
                                       "socket_timeout": 5}
    CELERY_BROKER_CONNECTION_TIMEOUT = 2
    # Sessions are rows in PostgreSQL, so any web node serves any visitor; with Redis they are also cached
    # there (a Redis outage is a cache miss: core.cache.SafeRedisCache, the row still answers).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttles": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttles"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
                  "OPTIONS": {"MAX_ENTRIES": 2000}},
    }
# The anonymous page cache (core/pagecache.py): on unless PAGE_CACHE_ENABLED=false; entries live at most this long.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# Sending a task subscribes to its result in Redis; with a dead Redis Celery would retry that ~20 times
# (seconds of a request) before giving up: once, quickly, instead (core.tasks_dispatch keeps the task).
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Periodic tasks: each app's tasks.py declares BEAT_SCHEDULE, gathered by otop_portal.celery;
# django-celery-beat's database scheduler copies them into its tables when beat
# starts (staff can then pause or reschedule them in the admin).
CELERY_BEAT_SCHEDULE = {}

# --- API --------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request then gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.ReadOnlyOrAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_RATES": {"anon_booking": "30/hour", "anon": "1000/hour", "booking_lookup": "20/hour"},
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.SafeJSONParser",
        "core.api.parsers.SafeFormParser",
        "core.api.parsers.SafeMultiPartParser",
    ],
    # Client addresses for throttles: X-Forwarded-For is believed only for this many proxies in front
    # of the portal (TRUSTED_PROXY_COUNT, default none: the header is ignored and cannot dodge a limit).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Creative OTOP Ang Thong API",
    "DESCRIPTION": "API of the Creative OTOP portal (สร้าง เสริม เพิ่มรายได้ ด้วยอัตลักษณ์ชุมชน). "
    "Areas are referenced by their official DOPA codes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["otop_portal.schema.without_octo"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "core.api.schema.digit_ids_as_integers"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a `status` or `category` field with their own choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "WisdomStatusEnum": "wisdom.choices.Status",
        "WisdomCategoryEnum": "wisdom.choices.Category",
        "ConsentScopeEnum": "wisdom.choices.ConsentScope",
        "PublishStatusEnum": "products.choices.PublishStatus",
        "QuadrantEnum": "products.models.QUADRANT_CODES",
        "EventStatusEnum": "network.choices.EventStatus",
        "KnowledgeStatusEnum": "network.choices.KnowledgeStatus",
        "RegistrationStatusEnum": "network.choices.RegistrationStatus",
        "MentorshipStatusEnum": "network.choices.MentorshipStatus",
        "BookingStatusEnum": "tourism.choices.BookingStatus",
        "ResultStatusEnum": "evaluation.choices.ResultStatus",
        "ReportStatusEnum": "evaluation.choices.ReportStatus",
        "ActionStatusEnum": "evaluation.choices.ActionStatus",
        "IssueStatusEnum": "campaigns.choices.IssueStatus",
        "IssueCategoryEnum": "campaigns.choices.IssueCategory",
        "ChannelEnum": "campaigns.choices.Channel",
        "BeneficiaryKindEnum": "benefits.choices.BeneficiaryKind",
        "LedgerEntryKindEnum": "benefits.choices.EntryKind",
        "LineageFigureKindEnum": ["count", "private_count", "baht", "percent"],
    },
}

# --- Admin theme (django-unfold) ---------------------------------------
UNFOLD = {
    "SITE_TITLE": _("Creative OTOP อ่างทอง"),
    "SITE_HEADER": _("สำนักงานพัฒนาชุมชนจังหวัดอ่างทอง"),
    "SITE_SYMBOL": "storefront",
    "SHOW_LANGUAGES": True,
    "SIDEBAR": {"show_search": True, "show_all_applications": True},
    # The admin's home page shows the staff queues of /me/ (core/workspace.py, templates/admin/index.html).
    "DASHBOARD_CALLBACK": "core.workspace.admin_dashboard",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The office's name in the footer of every page; its contact (address, phone, e-mail, LINE) is a setting staff
# edit in the back-office (core.models.SiteContact).
OFFICE = {
    "name_th": "สำนักงานพัฒนาชุมชนจังหวัดอ่างทอง",
    "name_en": "Ang Thong Provincial Community Development Office",
}

# Enforced on every response; the admin and /api/docs/ get core.security.BACK_OFFICE_CSP instead
# (PortalCSPMiddleware). Referrer-Policy and Cross-Origin-Opener-Policy come from SecurityMiddleware.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": PORTAL_CSP}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
FORMS_URLFIELD_ASSUME_HTTPS = True
