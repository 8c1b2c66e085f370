from django.urls import include, path

from core.api.routers import PortalRouter

from .views import HolderConsentViewSet, WisdomRecordViewSet

router = PortalRouter()
router.register("wisdom", WisdomRecordViewSet, basename="wisdom")
router.register("wisdom-consents", HolderConsentViewSet, basename="wisdom-consent")

urlpatterns = [
    path("", include(router.urls)),
]
