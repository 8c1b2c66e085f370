from django.urls import include, path

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("experts", views.ExpertViewSet, basename="network-expert")
router.register("knowledge", views.KnowledgeViewSet, basename="network-knowledge")
router.register("events", views.EventViewSet, basename="network-event")
router.register("registrations", views.RegistrationViewSet, basename="network-registration")
router.register("mentorships", views.MentorshipViewSet, basename="network-mentorship")

urlpatterns = [
    path("", include(router.urls)),
]
