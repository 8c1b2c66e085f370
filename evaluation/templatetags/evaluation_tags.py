from django import template

from evaluation.reports import PROJECT_LABELS

register = template.Library()


@register.filter
def project_label(value):
    """quadrant_d -> พัฒนาผลิตภัณฑ์ OTOP กลุ่ม Quadrant D"""
    return PROJECT_LABELS.get(value, value)
