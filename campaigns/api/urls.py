from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("supports", views.SupportViewSet, basename="support")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("links", views.TrackedLinkViewSet, basename="trackedlink")

urlpatterns = [
    path("", include(router.urls)),
]
