from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("tourism/communities", views.CommunityViewSet, basename="tourism-community")
router.register("tourism/programs", views.ProgramViewSet, basename="tourism-program")
router.register("tourism/bookings", views.BookingViewSet, basename="tourism-booking")
router.register("tourism/visits", views.MonthlyVisitViewSet, basename="tourism-visit")

urlpatterns = [
    path("", include(router.urls)),
]
