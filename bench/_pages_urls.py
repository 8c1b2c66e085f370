"""The portal's URLs plus `/__bare__/` → `HttpResponse("ok")`: the floor of `bench/pages.py`, a view that does
nothing, answered through the same middleware, server and database as the pages."""

from django.http import HttpResponse
from django.urls import path

from otop_portal.urls import handler500  # noqa: F401 (handler500 re-exported)
from otop_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bare__/", bare), *portal_urlpatterns]
