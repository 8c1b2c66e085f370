from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Partners' support, development issues, PR campaigns and tracked links."""

    name = "campaigns"
    verbose_name = _("ภาคีเครือข่ายและประชาสัมพันธ์")
    nav_items: list = []
    # /partner/ is the partner portal; producers are sent on to their own issues, staff see all.
    member_nav_items = [
        {"url_name": "campaigns:partner_home", "label": _("ประเด็นปัญหาและภาคี"), "order": 70,
         "roles": ("partner", "staff")},
        {"url_name": "campaigns:issue_list", "label": _("ประเด็นปัญหาของกลุ่ม"), "order": 70, "roles": ("producer",)},
    ]

    def ready(self):
        from core import registry

        from . import lineage as lineage_source

        # A wisdom record's lineage (issue 17, wisdom/lineage.py): what this app built on it.
        registry.contribute("wisdom.lineage", lineage_source.wisdom_lineage)
        from tourism import signals as tourism_signals

        from . import receivers, selectors

        # A booking made after /go/<code> (or with a typed code) is credited to the link.
        tourism_signals.booking_created.connect(receivers.credit_booking, dispatch_uid="campaigns.credit_booking")
        registry.contribute("tourism.booking_attribution", selectors.request_touch)
        # The product page's "where to buy" contacts go through /order/ to be credited.
        registry.contribute("products.order_links", selectors.order_links)

        from core import pagecache

        # Clicks, visits, credited bookings, contacts and sales: no public page shows them (core.pagecache).
        pagecache.ignore("campaigns.linkclickday", "campaigns.linksessionday", "campaigns.conversion",
                         "campaigns.attributedsale")

        from . import workspace

        # The workspaces (/me/): issues raised (producers), unassigned issues (staff), the partner's queues.
        registry.contribute("core.workspace", workspace.producer_queues, order=50)
        registry.contribute("core.workspace", workspace.staff_queues, order=50)
        registry.contribute("core.workspace", workspace.partner_queues, order=10)
