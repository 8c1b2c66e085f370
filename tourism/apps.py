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

    def ready(self):
        from core import registry

        from . import selectors

        # products shows "programs that feature this product" without importing tourism.
        registry.contribute("products.related_programs", selectors.programs_featuring_product)

        # A withdrawn consent to tourism demonstration unpublishes the programs at once.
        from wisdom.signals import consent_withdrawn

        from .services import on_consent_withdrawn

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="tourism.on_consent_withdrawn")

    def home_section(self, request):
        """Featured programs (first on the home page), upcoming OTOP fairs, and the map of
        communities (4 queries)."""
        from django.utils import timezone

        from . import selectors
        from .models import Fair, TourismCommunity

        sections = []
        programs = list(selectors.program_list(user=None).order_by("-updated_at")[:3])
        for program in programs:
            photos = list(program.community.photos.all())
            program.card_photo = photos[0] if photos else None
        if programs:
            sections.append({"template": "tourism/_home_section.html", "order": 10, "programs": programs})
        fairs = list(Fair.objects.visible_to(None).filter(ends_on__gte=timezone.localdate())
                     .select_related("subdistrict__district").order_by("starts_on")[:3])
        communities = TourismCommunity.objects.visible_to(None).filter(lat__isnull=False, lng__isnull=False) \
            .select_related("subdistrict__district").order_by("name_th")
        points = [{"name": c.name_th, "lat": float(c.lat), "lng": float(c.lng), "url": c.get_absolute_url(),
                   "note": f"อ.{c.subdistrict.district.name_th}"} for c in communities]
        if fairs or points:
            sections.append({"template": "tourism/_home_map.html", "order": 50, "fairs": fairs, "points": points})
        return sections
