from django.urls import include, path

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("tourism/communities", views.CommunityViewSet, basename="tourism-community")
router.register("tourism/programs", views.ProgramViewSet, basename="tourism-program")
router.register("tourism/bookings", views.BookingViewSet, basename="tourism-booking")
router.register("tourism/visits", views.MonthlyVisitViewSet, basename="tourism-visit")

urlpatterns = [
    path("", include(router.urls)),
]
