from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WisdomConfig(AppConfig):
    """Local-wisdom registry: records, knowledge holders, media, access protocol."""

    name = "wisdom"
    verbose_name = _("ภูมิปัญญาท้องถิ่น")
    nav_items = [{"url_name": "wisdom:list", "label": _("ภูมิปัญญาท้องถิ่น"), "order": 10}]
    member_nav_items = [{"url_name": "wisdom:mine", "label": _("ภูมิปัญญาของฉัน"), "order": 10,
                         "roles": ("producer", "staff")},
                        {"url_name": "wisdom:lineage_table", "label": _("ภูมิปัญญากับสิ่งที่ต่อยอด"), "order": 11,
                         "roles": ("staff",)}]

    def ready(self):
        from core import registry

        from . import workspace

        registry.contribute("core.workspace", workspace.producer_queues, order=20)
        registry.contribute("core.workspace", workspace.staff_queues, order=10)

    def home_section(self, request):
        """The latest published wisdom the visitor may see (one query)."""
        from .selectors import record_home_list

        records = list(record_home_list(user=request.user)[:4])
        if not records:
            return None
        return {"template": "wisdom/_home_section.html", "order": 30, "wisdom_records": records}
