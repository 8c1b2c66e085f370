"""The anonymous page cache: public pages and public API lists served from a cache for visitors who are not
logged in, never stale, with ETag/Last-Modified and 304s.

**What is cached.** Only views that opt in (``@public_page`` on a function, ``public_page = True`` on a class-
based view or a DRF viewset), only GET, only for a visitor without a session cookie, a messages cookie or an
``Authorization`` header (a logged-in user always has a session cookie, so a logged-in page is never read from
or written to this cache), and only a 200 that set no cookie, touched no session and queued no message.

**Never stale: the content generation.** Every cached entry is keyed with the *content generation*, one number
in the table ``core_content_generation``. A statement-level trigger on every table that public pages read (all
the tables of the portal's apps except those listed in ``IGNORED``) marks the writing transaction as dirty
(``core_content_dirty``, one row per transaction); a deferred constraint trigger on that marker sets the
generation to the next value of a sequence **when the transaction commits**, in the same commit. So:

- whoever writes — a service, the admin, a task, ``COPY``, a migration — the generation changes with the commit
  that makes the change visible; a reader who sees the new rows also sees the new generation;
- the reader reads the generation *before* it renders, so what it stores is at least as new as its key;
- the generation's row is locked only during the commit (the deferred trigger runs last), so two writers
  never deadlock on it and a long transaction does not hold up others;
- a transaction that has written content but not committed (a test's transaction, ``ATOMIC_REQUESTS``) never
  reads or writes the cache: the generation query also asks whether this transaction is dirty.

Publishing, unpublishing, editing, a booking taking places (the capacity row), a consent withdrawn: each is a
write to a watched table, so each changes the generation and every cached page is rendered again on its next
visit. That is deliberately coarse — one generation for the whole public site — because pages show each other's
rows through the apps' hooks (a product page lists the programs using it, the home page shows every app), so a
finer dependency map would be one more thing to get wrong; the portal's content changes a few hundred times a
day, its pages are read far more. Entries also expire after ``PAGE_CACHE_TIMEOUT`` seconds and the key holds
the date, so pages that change with time alone (upcoming events, open dates) are fresh by the next day.

**Key.** language, full path (query string included), generation, today's date, and for ``/api/`` the
``Accept`` header. **CSRF tokens** in cached pages (the language switch, the booking form) are stored as a
placeholder and replaced, when served, by this visitor's own token (``get_token``), so a cached form still
posts. **ETag** is a hash of the key (and of the visitor's CSRF cookie when the page holds a token), so a
revalidation is answered with a 304 without even reading the cache; **Last-Modified** is the later of the
generation's commit time and today's midnight.

Settings: ``PAGE_CACHE_ENABLED`` (default true), ``PAGE_CACHE_TIMEOUT`` (seconds, default 600); the cache is
``CACHES["pages"]`` (Redis with ``REDIS_URL``, else local memory per process — still never stale, since the
generation is in PostgreSQL).
"""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe

TABLE = "core_content_generation"
DIRTY = "core_content_dirty"
SEQUENCE = "core_content_generation_seq"

# The apps whose tables public pages read.
APPS = ("core", "wisdom", "products", "tourism", "network", "evaluation", "campaigns", "search")

# Tables no public page reads (or that change far more often than what pages show): written without
# invalidating the cache. Apps above core add theirs with ``ignore()`` in their AppConfig.ready.
IGNORED: set[str] = {
    "core.outgoingemail",  # the e-mail outbox
    "core.pendingtask",  # tasks waiting for the broker
    "core.notification",  # the bell, e-mail and LINE (core.notifications): each user's own, never public
    "core.notificationdelivery",
    "core.notificationpreference",
    "core.lineaccount",
    "core.user_groups",  # Django permission groups (the admin's)
    "core.user_user_permissions",
}

# Columns no public page shows, whose updates alone do not invalidate: a login updates ``last_login``.
UNSHOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "core.user": ("last_login", "password"),
}

SENTINEL = b"\x00csrf-placeholder\x00"
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CACHE_ALIAS = "pages"


def _cache():
    """The pages cache, looked up per request (settings may change it, e.g. in tests); None when a settings
    module defines no "pages" cache — then nothing is cached."""
    from django.core.cache.backends.base import InvalidCacheBackendError

    try:
        return caches[_CACHE_ALIAS]
    except InvalidCacheBackendError:
        return None


def ignore(*labels: str) -> None:
    """Tables (``app_label.model_name``) no public page shows; call from an AppConfig.ready."""
    IGNORED.update(label.lower() for label in labels)


# --- the generation -------------------------------------------------------------------------------------------


def watched_tables() -> list[tuple[str, str]]:
    """(table, trigger event) of every table the cache watches."""
    from django.apps import apps

    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        label = meta.label_lower
        if meta.app_label not in APPS or label in IGNORED or not meta.managed or meta.proxy:
            continue
        if model.__name__.startswith("Historical"):  # django-simple-history's copies: written with the original
            continue
        if label in UNSHOWN_COLUMNS:
            names = [str(f.column) for f in meta.concrete_fields if f.name not in UNSHOWN_COLUMNS[label]]
            found.append((meta.db_table, f"INSERT OR DELETE OR UPDATE OF {', '.join(names)}"))
        else:
            found.append((meta.db_table, "INSERT OR UPDATE OR DELETE"))
    return sorted(set(found))


def install_sql(tables: list[tuple[str, str]]) -> str:
    statements = [
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE};",
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id smallint PRIMARY KEY CHECK (id = 1), generation bigint NOT NULL, "
        "changed_at timestamptz NOT NULL);",
        f"INSERT INTO {TABLE} (id, generation, changed_at) VALUES (1, nextval('{SEQUENCE}'), now()) "  # noqa: S608
        "ON CONFLICT (id) DO NOTHING;",
        f"CREATE TABLE IF NOT EXISTS {DIRTY} (txid bigint PRIMARY KEY);",
        f"""CREATE OR REPLACE FUNCTION core_content_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {DIRTY} (txid) VALUES (txid_current()) ON CONFLICT (txid) DO NOTHING;
    RETURN NULL;
END $$;""",  # noqa: S608 (constants)
        f"""CREATE OR REPLACE FUNCTION core_content_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET generation = nextval('{SEQUENCE}'), changed_at = clock_timestamp() WHERE id = 1;
    DELETE FROM {DIRTY} WHERE txid = NEW.txid;
    RETURN NULL;
END $$;""",  # noqa: S608 (constants)
        f"DROP TRIGGER IF EXISTS core_content_bump ON {DIRTY};",
        f"CREATE CONSTRAINT TRIGGER core_content_bump AFTER INSERT ON {DIRTY} DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION core_content_bump();",
    ]
    for table, event in tables:
        statements += [
            f'DROP TRIGGER IF EXISTS core_content ON "{table}";',
            f'CREATE TRIGGER core_content AFTER {event} ON "{table}" FOR EACH STATEMENT '
            "EXECUTE FUNCTION core_content_mark();",
            f'DROP TRIGGER IF EXISTS core_content_truncate ON "{table}";',
            f'CREATE TRIGGER core_content_truncate AFTER TRUNCATE ON "{table}" FOR EACH STATEMENT '
            "EXECUTE FUNCTION core_content_mark();",
        ]
    return "\n".join(statements)


def install(using: str = "default") -> None:
    """(Re)create the generation, the marker and the triggers on every watched table; idempotent (run after
    every ``migrate`` by core's AppConfig, so new tables are watched as soon as they exist)."""
    from django.db import connections

    tables = watched_tables()
    existing = set(connections[using].introspection.table_names())
    with connections[using].cursor() as cursor:
        cursor.execute(install_sql([(t, e) for t, e in tables if t in existing]))
        # A table that left the watched set (now ignored) loses its trigger.
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'core_content' AND trigger_schema = current_schema()")
        stale = {row[0] for row in cursor.fetchall()} - {t for t, _e in tables}
        for table in sorted(stale):
            cursor.execute(f'DROP TRIGGER IF EXISTS core_content ON "{table}"; '
                           f'DROP TRIGGER IF EXISTS core_content_truncate ON "{table}";')


def current() -> tuple[int, datetime] | None:
    """(generation, committed at) as this connection sees it, or None when the cache must not be used: the
    table is missing, or this transaction has written content it has not committed yet."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT generation, changed_at, EXISTS (SELECT 1 FROM {DIRTY} "  # noqa: S608 (constants)
                f"WHERE txid = txid_current_if_assigned()) FROM {TABLE} WHERE id = 1")
            row = cursor.fetchone()
    except Exception:  # noqa: BLE001 — the cache is an optimisation: without it the page renders
        return None
    if not row or row[2]:
        return None
    return row[0], row[1]


# --- fragments ----------------------------------------------------------------------------------------------


def cached_fragment(request: HttpRequest, name: str, render) -> str:
    """HTML that every anonymous visitor sees alike (the home page's sections), cached under the same
    generation as the pages — it also serves the URLs the page cache keys apart (``/?fbclid=…``). Members get
    it rendered for them (what they may see differs)."""
    from django.utils.safestring import mark_safe

    user = getattr(request, "user", None)
    found = current() if getattr(settings, "PAGE_CACHE_ENABLED", True) and not (
        user is not None and user.is_authenticated) else None
    if found is None:
        return render()
    key = "fragment:" + hashlib.sha256("\x1f".join(
        [name, translation.get_language() or settings.LANGUAGE_CODE, str(found[0]),
         timezone.localdate().isoformat()]).encode()).hexdigest()
    cache = _cache()
    if cache is None:
        return render()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, getattr(settings, "PAGE_CACHE_TIMEOUT", 600))
    return mark_safe(html)  # noqa: S308 (our own rendered template)


# --- which requests and views ------------------------------------------------------------------------------


def public_page(view):
    """A function view, cacheable for anonymous visitors (class-based views: ``public_page = True``)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.public_page = True  # type: ignore[attr-defined]
    return wrapped


def _view_is_public(view_func) -> bool:
    if getattr(view_func, "public_page", False):
        return True
    for attr in ("view_class", "cls"):  # Django's as_view(), DRF's viewsets and APIViews
        klass = getattr(view_func, attr, None)
        if klass is not None and getattr(klass, "public_page", False):
            actions = getattr(view_func, "actions", None)
            # A viewset caches only its reads (list/retrieve), never an action that writes.
            return actions is None or actions.get("get") in ("list", "retrieve")
    return False


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies
            and "HTTP_AUTHORIZATION" not in request.META)


def _key(request: HttpRequest, generation: int) -> str:
    parts = [translation.get_language() or settings.LANGUAGE_CODE, request.get_full_path(), str(generation),
             timezone.localdate().isoformat()]
    if request.path.startswith("/api/"):
        parts.append(request.META.get("HTTP_ACCEPT", ""))
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _etag(key: str, request: HttpRequest, has_csrf: bool) -> str:
    seed = key
    if has_csrf:  # the browser's copy holds a token of its CSRF secret: valid only with that secret
        seed += "\x1f" + request.META.get("CSRF_COOKIE", "")
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


def _last_modified(changed_at: datetime) -> float:
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return max(changed_at, midnight).timestamp()


def _not_modified(request: HttpRequest, etag: str, last_modified: float) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")] \
            or if_none_match.strip() == "*"
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified) <= since


def _validators(response: HttpResponse, etag: str, last_modified: float) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers keep and revalidate; shared caches must not keep a page that may hold a visitor's CSRF token.
    response["Cache-Control"] = "private, no-cache"
    return response


class PublicPageCacheMiddleware:
    """Serves and stores the anonymous pages (see the module's docstring). Placed after the authentication,
    CSRF and messages middleware so a cached answer still gets the headers and cookies they add."""

    HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Robots-Tag")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        pending = getattr(request, "_page_cache", None)
        if pending is not None:
            self._store(request, response, *pending)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        cache = _cache()
        if cache is None or not getattr(settings, "PAGE_CACHE_ENABLED", True) or request.method != "GET" \
                or not _anonymous(request) or not _view_is_public(view_func):
            return None
        found = current()
        if found is None:
            return None
        generation, changed_at = found
        key = _key(request, generation)
        last_modified = _last_modified(changed_at)
        entry = cache.get(key)
        if entry is not None:
            content = entry["content"]
            has_csrf = SENTINEL in content
            if has_csrf:  # this visitor's token (a first visit gets its CSRF cookie with this answer)
                content = content.replace(SENTINEL, get_token(request).encode())
            etag = _etag(key, request, has_csrf)
            if _not_modified(request, etag, last_modified):
                return _validators(HttpResponseNotModified(), etag, last_modified)
            response = HttpResponse(content, status=200)
            for name, value in entry["headers"]:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return _validators(response, etag, last_modified)
        request._page_cache = (key, last_modified)  # type: ignore[attr-defined]
        return None

    def _store(self, request: HttpRequest, response: HttpResponse, key: str, last_modified: float) -> None:
        if response.status_code != 200 or response.streaming or response.cookies \
                or "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
            return
        session = getattr(request, "session", None)
        if session is not None and (session.modified or session.accessed and session.session_key):
            return
        queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
        if queued:
            return
        content = _CSRF_VALUE.sub(rb"\1" + SENTINEL + rb"\2", response.content)
        entry: dict[str, Any] = {
            "content": content,
            "headers": [(name, response[name]) for name in self.HEADERS if response.has_header(name)],
        }
        cache = _cache()
        if cache is None:
            return
        cache.set(key, entry, getattr(settings, "PAGE_CACHE_TIMEOUT", 600))
        etag = _etag(key, request, SENTINEL in content)
        response["X-Page-Cache"] = "miss"
        _validators(response, etag, last_modified)
