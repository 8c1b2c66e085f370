from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """KBO knowledge network: experts, knowledge items, events, mentoring, Q&A."""

    name = "network"
    verbose_name = _("เครือข่ายองค์ความรู้ (KBO)")
    nav_items = [{"url_name": "network:hub", "label": _("เครือข่ายองค์ความรู้"), "order": 40}]
    member_nav_items = [
        {"url_name": "network:my_registrations", "label": _("การลงทะเบียนของฉัน"), "order": 40,
         "roles": ("producer", "partner", "expert")},
        {"url_name": "network:my_questions", "label": _("คำถามของฉัน"), "order": 41, "roles": ("producer",)},
        {"url_name": "network:my_mentoring", "label": _("พี่เลี้ยงของฉัน"), "order": 42,
         "roles": ("producer", "expert")},
        {"url_name": "network:my_expert_profile", "label": _("โปรไฟล์ผู้เชี่ยวชาญ"), "order": 43, "roles": ("expert",)},
    ]

    def ready(self):
        from core import registry

        from . import selectors as lineage_source

        # A wisdom record's lineage (issue 17, wisdom/lineage.py): what this app built on it.
        registry.contribute("wisdom.lineage", lineage_source.wisdom_lineage)

        from . import selectors

        # The products app's marketing checklist names the network training a skill was learned at,
        # without products importing network (hook products.training_choices, see products.selectors).
        registry.contribute("products.training_choices", selectors.training_choices)
        # The workspaces (/me/): registered events (producers), review queues (staff), the expert's queues.
        from . import workspace

        registry.contribute("core.workspace", workspace.producer_queues, order=70)
        registry.contribute("core.workspace", workspace.staff_queues, order=20)
        registry.contribute("core.workspace", workspace.expert_queues, order=90)

        # A withdrawn consent to education and training unpublishes the knowledge items at once.
        from wisdom.signals import consent_withdrawn

        from .services.knowledge import on_consent_withdrawn

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="network.on_consent_withdrawn")

    def home_section(self, request):
        from . import selectors

        events = list(selectors.upcoming_events(user=request.user, limit=3))
        if not events:
            return None
        return {"template": "network/_home_section.html", "order": 40, "network_events": events}
