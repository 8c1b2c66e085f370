# Minimal pages under the URL names other apps link to (contract: keep the names);
# the network issue replaces these views with the full pages.
from django.urls import path
from django.views.generic import DetailView

from core.permissions import VisibleObjectsMixin

from .models import Event

app_name = "network"


class _Detail(VisibleObjectsMixin, DetailView):
    template_name = "core/simple_detail.html"


urlpatterns = [
    path("events/<str:slug>/", _Detail.as_view(model=Event), name="event_detail"),
]
