"""/api/v1/: each app contributes its routes from <app>/api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("core.api.urls")),
    path("", include("wisdom.api.urls")),
    path("", include("products.api.urls")),
    path("", include("network.api.urls")),
    path("", include("tourism.api.urls")),
    path("", include("evaluation.api.urls")),
    path("", include("benefits.api.urls")),
    path("", include("campaigns.api.urls")),
    path("", include("search.api.urls")),
]
