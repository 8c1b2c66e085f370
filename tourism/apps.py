from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    """OTOP Nawatwithi community tourism: communities, activities, programs, bookings, visits."""

    name = "tourism"
    verbose_name = _("ท่องเที่ยวชุมชน OTOP นวัตวิถี")
    nav_items = [
        {"url_name": "tourism:program_list", "label": _("ท่องเที่ยวชุมชน"), "order": 40},
        {"url_name": "tourism:fair_list", "label": _("งาน OTOP"), "order": 45},
    ]
    member_nav_items = [
        {"url_name": "tourism:manage_bookings", "label": _("การจองของชุมชน"), "order": 40},
    ]

    def home_section(self, request):
        """Up to three published programs on the home page (2 queries)."""
        from . import selectors

        programs = list(selectors.program_list(user=None).order_by("-updated_at")[:3])
        if not programs:
            return None
        for program in programs:
            photos = list(program.community.photos.all())
            program.card_photo = photos[0] if photos else None
        return {"template": "tourism/_home_section.html", "order": 40, "programs": programs}
