"""The portal's URLs plus two floors for `bench/pages.py`, answered through the same middleware, server and
database as the pages:

- `/__bare__/` → `HttpResponse("ok")`: a view that does nothing (the issue's floor);
- `/__base__/` → the portal's `base.html` with empty blocks, rendered through Django's template engine with the
  portal's context processors: what every HTML page costs before its own content (header, menu, footer,
  language switch). Printed for information: how much of a page is its own work and how much the frame."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from otop_portal.urls import handler500  # noqa: F401 (handler500 re-exported)
from otop_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok")


def base(request):
    return TemplateResponse(request, "base.html", {})


urlpatterns = [path("__bare__/", bare), path("__base__/", base), *portal_urlpatterns]
