"""/octo/: the OCTO supplier API (mounted by otop_portal/urls.py). Paths as the standard spells them,
without a trailing slash (one is tolerated)."""

from django.urls import re_path

from . import views

app_name = "octo"

urlpatterns = [
    re_path(r"^supplier/?$", views.SupplierView.as_view(), name="supplier"),
    re_path(r"^products/?$", views.ProductListView.as_view(), name="products"),
    re_path(r"^products/(?P<product_id>[^/]+)/?$", views.ProductDetailView.as_view(), name="product"),
    re_path(r"^availability/calendar/?$", views.AvailabilityCalendarView.as_view(), name="calendar"),
    re_path(r"^availability/?$", views.AvailabilityView.as_view(), name="availability"),
    re_path(r"^bookings/?$", views.BookingListView.as_view(), name="bookings"),
    re_path(r"^bookings/(?P<uuid>[^/]+)/confirm/?$", views.BookingConfirmView.as_view(), name="confirm"),
    re_path(r"^bookings/(?P<uuid>[^/]+)/extend/?$", views.BookingExtendView.as_view(), name="extend"),
    re_path(r"^bookings/(?P<uuid>[^/]+)/cancel/?$", views.BookingCancelView.as_view(), name="cancel"),
    re_path(r"^bookings/(?P<uuid>[^/]+)/?$", views.BookingDetailView.as_view(), name="booking"),
]
