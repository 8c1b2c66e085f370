from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Income evaluation against the department's target; periodic reports."""

    name = "evaluation"
    verbose_name = _("การติดตามและประเมินผล")
    nav_items: list = []
    # /evaluation/ is the staff dashboard; producers and coordinators land on their income page.
    member_nav_items = [
        {"url_name": "evaluation:dashboard", "label": _("ประเมินผลรายได้"), "order": 60, "roles": ("staff",)},
        {"url_name": "evaluation:income", "label": _("บันทึกรายได้"), "order": 60, "roles": ("producer",)},
    ]

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import registry
        from core.actors import SYSTEM
        from tourism.signals import visit_deleted, visit_recorded

        from . import (
            tasks,  # noqa: F401  (registers the beat schedule entry)
            workspace,
        )
        from .services import income_record_drop_tourism_visit, income_record_from_tourism_visit

        # The tourism service has checked who recorded the visit; mirroring it is the portal's own step.
        visit_recorded.connect(
            lambda sender, visit, **kwargs: income_record_from_tourism_visit(actor=SYSTEM, visit=visit),
            dispatch_uid="evaluation-tourism-income", weak=False)
        visit_deleted.connect(
            lambda sender, visit, **kwargs: income_record_drop_tourism_visit(actor=SYSTEM, visit=visit),
            dispatch_uid="evaluation-tourism-income-drop", weak=False)
        # The workspaces (/me/): missing income months (producers), groups behind and reports (staff).
        registry.contribute("core.workspace", workspace.producer_queues, order=10)
        registry.contribute("core.workspace", workspace.staff_queues, order=70)
        # A wisdom record's lineage (issue 17, wisdom/lineage.py): attributed sales and the units' income.
        from . import lineage

        registry.contribute("wisdom.lineage", lineage.wisdom_lineage)
        # The results' generation triggers, also where the tables were made from the models (no migrations).
        post_migrate.connect(_install_generation, sender=self, dispatch_uid="evaluation-results-generation")


def _install_generation(sender, using="default", **kwargs):
    from .generation import install

    install(using)
