from django.urls import include, path

from . import views
from .routers import PortalRouter

router = PortalRouter()
router.register("areas/districts", views.DistrictViewSet, basename="district")
router.register("areas/subdistricts", views.SubdistrictViewSet, basename="subdistrict")
router.register("groups", views.ProducerGroupViewSet, basename="producergroup")
router.register("partners", views.PartnerOrganisationViewSet, basename="partner")
router.register("accounts", views.AccountViewSet, basename="account")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
