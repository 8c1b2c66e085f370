from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Partners' support, development issues, PR campaigns and tracked links."""

    name = "campaigns"
    verbose_name = _("ภาคีเครือข่ายและประชาสัมพันธ์")
    nav_items: list = []
    # /partner/ is the partner portal; producers are sent on to their own issues, staff see all.
    member_nav_items = [
        {"url_name": "campaigns:partner_home", "label": _("ประเด็นปัญหาและภาคี"), "order": 70},
    ]

    def ready(self):
        from core import registry
        from tourism import signals as tourism_signals

        from . import receivers, selectors

        # A booking made after /go/<code> (or with a typed code) is credited to the link.
        tourism_signals.booking_created.connect(receivers.credit_booking, dispatch_uid="campaigns.credit_booking")
        registry.contribute("tourism.booking_attribution", selectors.request_touch)
        # The product page's "where to buy" contacts go through /order/ to be credited.
        registry.contribute("products.order_links", selectors.order_links)

        from core import pagecache

        # A scan of a tracked link counts a click or a visit: no public page shows them (core.pagecache).
        pagecache.ignore("campaigns.linkclickday")
