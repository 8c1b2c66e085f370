"""The URL map the /octo/schema/ view documents: only the OCTO API, under its /octo/ prefix."""

from django.urls import include, path

urlpatterns = [path("octo/", include("tourism.octo.urls"))]
