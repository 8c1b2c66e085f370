from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Income evaluation against the department's target; periodic reports."""

    name = "evaluation"
    verbose_name = _("การติดตามและประเมินผล")
    # Menu entries (see core.navigation): add them when the pages exist.
    nav_items: list = []
    member_nav_items: list = []
