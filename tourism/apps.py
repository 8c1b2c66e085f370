from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How many communities the home page's map list names before "see all".
HOME_MAP_LIST = 12


class TourismConfig(AppConfig):
    """OTOP Nawatwithi community tourism: communities, activities, programs, bookings, visits."""

    name = "tourism"
    verbose_name = _("ท่องเที่ยวชุมชน OTOP นวัตวิถี")
    nav_items = [
        {"url_name": "tourism:program_list", "label": _("ท่องเที่ยวชุมชน"), "order": 40},
        {"url_name": "tourism:fair_list", "label": _("งาน OTOP"), "order": 45},
    ]
    member_nav_items = [
        {"url_name": "tourism:manage_bookings", "label": _("การจองของชุมชน"), "order": 40,
         "roles": ("producer", "staff")},
    ]

    def ready(self):
        from core import pagecache, registry

        from . import selectors

        # A reseller's API key notes when it was last used: no public page shows keys (core.pagecache).
        pagecache.ignore("tourism.resellerkey")

        # products shows "programs that feature this product" without importing tourism.
        registry.contribute("products.related_programs", selectors.programs_featuring_product)
        # A wisdom record's lineage (issue 17, wisdom/lineage.py): activities, programs and their bookings.
        registry.contribute("wisdom.lineage", selectors.wisdom_lineage)
        # The workspaces (/me/): bookings awaiting the community (coordinators), late answers and drafts (staff).
        from . import workspace

        registry.contribute("core.workspace", workspace.coordinator_queues, order=40)
        registry.contribute("core.workspace", workspace.staff_queues, order=45)

        # A withdrawn consent to tourism demonstration unpublishes the programs at once.
        from wisdom.signals import consent_withdrawn

        from .services import on_consent_withdrawn

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="tourism.on_consent_withdrawn")

    def home_section(self, request):
        """Featured programs (first on the home page), upcoming OTOP fairs, and the map of
        communities (3 queries)."""
        from django.utils import timezone

        from core.urlcache import reverse  # memoised: a URL per community on the map, every request

        from . import selectors
        from .models import Fair, TourismCommunity

        sections = []
        programs = list(selectors.program_cards(user=None).order_by("-updated_at")[:3])
        for program in programs:
            program.card_photo = selectors.card_photo(program)
        if programs:
            sections.append({"template": "tourism/_home_section.html", "order": 10, "programs": programs})
        fairs = list(Fair.objects.visible_to(None).filter(ends_on__gte=timezone.localdate())
                     .select_related("subdistrict__district").order_by("starts_on")[:3])
        # Every community is a point on the map (a few hundred at most: 7 districts); the readable list beside
        # it names the first HOME_MAP_LIST of them and links to all, so the page stays short on a phone.
        from core.i18n_content import is_english

        english = is_english()
        communities = TourismCommunity.objects.visible_to(None).filter(lat__isnull=False, lng__isnull=False) \
            .order_by("name_th").values_list("name_th", "name_en", "slug", "lat", "lng",
                                             "subdistrict__district__name_th", "subdistrict__district__name_en")
        points = [{"name": (name_en or name) if english else name, "lat": float(lat), "lng": float(lng),
                   "coords": f"{lat:.4f}, {lng:.4f}", "url": reverse("tourism:community_detail", args=[slug]),
                   "note": (district_en or district) if english else f"อ.{district}"}
                  for name, name_en, slug, lat, lng, district, district_en in communities]
        section_more = {}
        if len(points) > HOME_MAP_LIST:
            section_more = {"list_points": points[:HOME_MAP_LIST], "more_url": reverse("tourism:community_list"),
                            "more_label": _("ดูชุมชนท่องเที่ยวทั้งหมด %(n)s แห่ง") % {"n": len(points)}}
        if fairs or points:
            sections.append({"template": "tourism/_home_map.html", "order": 50, "fairs": fairs, "points": points,
                             **section_more})
        return sections
