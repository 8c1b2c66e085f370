"""Template filters for Thai dates and money. Loaded as builtins (no {% load %} needed).

    {{ obj.created_at|thai_date }}        -> 24 พ.ย. 2569
    {{ obj.created_at|thai_date:"long" }} -> 24 พฤศจิกายน 2569
    {{ event.starts_at|thai_datetime }}   -> 24 พ.ย. 2569 14:30 น.
    {{ month|thai_month }}                -> พฤศจิกายน 2569
    {{ some_date|fiscal_year }}           -> 2570
    {{ 2570|fiscal_year_label }}          -> ปีงบประมาณ 2570 (1 ต.ค. 2569 – 30 ก.ย. 2570)
    {{ amount|baht }}                     -> ฿1,234.50
    {{ -4.9|percent_change }}             -> ลดลง 4.90% (never "เพิ่มขึ้น -4.90%")
    {{ amount|baht:"auto" }}              -> ฿1,350 (whole baht), ฿1,234.50 (with satang)
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext

from core import thai_dates

register = template.Library()


@register.filter
def thai_date(value, style="short"):
    return thai_dates.format_date(value, style)


@register.filter
def thai_datetime(value, style="short"):
    return thai_dates.format_datetime(value, style)


@register.filter
def thai_month(value, style="long"):
    return thai_dates.format_month(value, style)


@register.filter
def fiscal_year(value):
    return thai_dates.fiscal_year_of(value) if value else ""


@register.filter
def fiscal_year_label(value):
    return thai_dates.format_fiscal_year(int(value)) if value else ""


@register.filter
def baht(value, places=2):
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if places == "auto":
        places = 0 if amount == amount.to_integral_value() else 2
    return f"฿{amount:,.{int(places)}f}"


@register.filter
def percent_change(value):
    """A change in words: เพิ่มขึ้น 4.90% / ลดลง 4.90% / เท่าเดิม (0%); "" when unknown."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    amount = f"{abs(number):,.2f}%"
    if number > 0:
        return gettext("เพิ่มขึ้น %(percent)s") % {"percent": amount}
    if number < 0:
        return gettext("ลดลง %(percent)s") % {"percent": amount}
    return gettext("เท่าเดิม (%(percent)s)") % {"percent": amount}
