from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .views import WisdomRecordViewSet

router = DefaultRouter()
router.register("wisdom", WisdomRecordViewSet, basename="wisdom")

urlpatterns = [
    path("", include(router.urls)),
]
