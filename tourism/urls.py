# Minimal pages under the URL names other apps link to (contract: keep the names);
# the tourism issue replaces these views with the full pages.
from django.urls import path
from django.views.generic import DetailView

from core.permissions import VisibleObjectsMixin

from .models import Program, TourismCommunity

app_name = "tourism"


class _Detail(VisibleObjectsMixin, DetailView):
    template_name = "core/simple_detail.html"


urlpatterns = [
    path("programs/<str:slug>/", _Detail.as_view(model=Program), name="program_detail"),
    path("communities/<str:slug>/", _Detail.as_view(model=TourismCommunity), name="community_detail"),
]
