from django.urls import path

from . import views
from .octo import pages as octo_pages

app_name = "tourism"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="program_list"),
    path("programs/<str:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("communities/", views.CommunityListView.as_view(), name="community_list"),
    path("communities/<str:slug>/", views.CommunityDetailView.as_view(), name="community_detail"),
    path("fairs/", views.FairListView.as_view(), name="fair_list"),
    path("bookings/", views.BookingLookupView.as_view(), name="booking_lookup"),
    path("bookings/<str:code>/", views.BookingStatusView.as_view(), name="booking_status"),
    path("manage/bookings/", views.ManageBookingListView.as_view(), name="manage_bookings"),
    path("manage/bookings/<int:pk>/", views.ManageBookingDetailView.as_view(), name="manage_booking_detail"),
    path("manage/visits/", views.ManageVisitsView.as_view(), name="manage_visits"),
    path("manage/programs/", views.ManageProgramsView.as_view(), name="manage_programs"),
    path("manage/programs/<str:program>/edit/", views.ManageProgramView.as_view(), name="manage_program_edit"),
    path("manage/communities/<str:slug>/", views.ManageCommunityView.as_view(), name="manage_community"),
    path("manage/communities/<str:slug>/programs/new/", views.ManageProgramView.as_view(),
         name="manage_program_create"),
    path("manage/communities/<str:slug>/activities/new/", views.ManageActivityView.as_view(),
         name="manage_activity_create"),
    path("manage/activities/<int:pk>/", views.ManageActivityView.as_view(), name="manage_activity_edit"),
    path("manage/resellers/", octo_pages.ResellerListView.as_view(), name="manage_resellers"),
    path("manage/resellers/<int:pk>/", octo_pages.ResellerDetailView.as_view(), name="manage_reseller"),
]
