from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    """OTOP Nawatwithi community tourism: communities, activities, programs, bookings, visits."""

    name = "tourism"
    verbose_name = _("ท่องเที่ยวชุมชน OTOP นวัตวิถี")
    # Menu entries (see core.navigation): add them when the pages exist.
    nav_items: list = []
    member_nav_items: list = []
