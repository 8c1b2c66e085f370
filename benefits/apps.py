from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    """Benefit-sharing agreements between producers/communities and knowledge holders; the monthly ledger."""

    name = "benefits"
    verbose_name = _("การแบ่งปันผลประโยชน์")
    nav_items: list = []
    member_nav_items = [
        {"url_name": "benefits:agreement_list", "label": _("แบ่งปันผลประโยชน์"), "order": 65,
         "roles": ("staff",)},
    ]

    def ready(self):
        from core import registry

        from . import (
            tasks,  # noqa: F401  (registers the beat schedule entry)
            workspace,
        )

        # The workspaces (/me/): overdue benefit payments (staff); the group's agreements and one's own
        # statements (producers).
        registry.contribute("core.workspace", workspace.staff_queues, order=75)
        registry.contribute("core.workspace", workspace.member_queues, order=60)
        # A wisdom record's lineage (wisdom/lineage.py): its benefit-sharing agreements, accrued and paid.
        from . import lineage

        registry.contribute("wisdom.lineage", lineage.wisdom_lineage)
        # A withdrawn "benefit sharing" consent stops accrual; months already computed are adjusted at once.
        from wisdom.signals import consent_withdrawn

        from .services import on_consent_withdrawn

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="benefits.on_consent_withdrawn")
        # No pagecache.ignore(...) needed: core.pagecache watches only the apps in its APPS, and no
        # anonymous page shows this app's rows.
