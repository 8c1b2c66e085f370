from django.urls import include, path

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("supports", views.SupportViewSet, basename="support")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("links", views.TrackedLinkViewSet, basename="trackedlink")

urlpatterns = [
    path("", include(router.urls)),
]
