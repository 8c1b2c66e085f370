from django import template

from evaluation.reports import PROJECT_LABELS

register = template.Library()


@register.filter
def project_label(value):
    """quadrant_d -> พัฒนาผลิตภัณฑ์ OTOP กลุ่ม Quadrant D"""
    return PROJECT_LABELS.get(value, value)


@register.filter
def target_level_label(value):
    """unit -> เป้าหมายของหน่วย (which level's target a unit or district is judged against)."""
    from evaluation.reports import LEVEL_LABELS

    return LEVEL_LABELS.get(value or "", "–")
