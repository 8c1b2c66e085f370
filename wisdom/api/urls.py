from django.urls import include, path

from core.api.routers import PortalRouter

from .views import WisdomRecordViewSet

router = PortalRouter()
router.register("wisdom", WisdomRecordViewSet, basename="wisdom")

urlpatterns = [
    path("", include(router.urls)),
]
