from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the visitor chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which
    shows English to most phones set up in English; the portal is Thai-first, so
    only the switch's cookie changes the language."""

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class RejectMalformedInputMiddleware:
    """Input no page or service can store is refused with a 400 before it reaches a view:
    a NUL character in the path, the query string or a posted form field (PostgreSQL text cannot
    hold it: it would be a DataError, a 500), and a posted text longer than MAX_TEXT_LENGTH.
    JSON bodies are checked by core.api.parsers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") \
                or "\x00" in request.META.get("QUERY_STRING", ""):
            return _bad_request(request)
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                  "multipart/form-data"):
            # A body Django cannot parse raises here and Django answers 400 itself.
            values = [v for key in request.POST for v in request.POST.getlist(key)] + list(request.POST)
            if any(isinstance(v, str) and "\x00" in v for v in values):
                return _bad_request(request)
            if any(isinstance(v, str) and len(v) > settings.MAX_TEXT_LENGTH for v in values):
                return _bad_request(request, _too_long_message())
        return self.get_response(request)


def _too_long_message() -> str:
    from django.utils.translation import gettext as _

    return _("ข้อความยาวเกิน %(n)s ตัวอักษร") % {"n": f"{settings.MAX_TEXT_LENGTH:,}"}


def _bad_request(request, message=None):
    from django.http import HttpResponseBadRequest, JsonResponse
    from django.utils.translation import gettext as _

    message = message or _("ข้อมูลที่ส่งมามีอักขระที่ระบบไม่รับ (NUL)")
    if request.path.startswith("/api/") or request.path.startswith("/octo/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


# --- The database is unreachable -----------------------------------------------------------------

def database_unavailable(exc: BaseException | None) -> bool:
    """True for the errors of a PostgreSQL server that is down, restarting or unreachable (and of a
    connection it broke): Django's OperationalError and InterfaceError."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def database_unavailable_response(request):
    """503 with Retry-After: JSON ``{"detail": …}`` under /api/, otherwise the Thai page templates/503.html,
    rendered without a request so that no context processor (nor anything else) touches the database."""
    import logging

    from django.http import HttpResponse, JsonResponse
    from django.template import loader
    from django.utils.translation import gettext as _

    logging.getLogger("core.middleware").warning("database unavailable: 503 for %s %s", request.method,
                                                 request.path)
    retry_after = settings.DB_UNAVAILABLE_RETRY_AFTER
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": _("ระบบฐานข้อมูลขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่")},
                                status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(loader.render_to_string("503.html", {"retry_after": retry_after}), status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that fails because PostgreSQL is down or restarting answers a clean 503 (see
    `database_unavailable_response`), never a 500. Errors raised outside views (a middleware loading the
    session or the user) reach Django's handler500, `core.views.server_error`, which answers the same 503.
    With CONN_HEALTH_CHECKS a connection broken by the restart is replaced on the next request, so the
    portal recovers by itself as soon as the server is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return database_unavailable_response(request)
        return None
