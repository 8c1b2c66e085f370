from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("development-projects", views.DevelopmentProjectViewSet, basename="developmentproject")

urlpatterns = [
    path("", include(router.urls)),
]
